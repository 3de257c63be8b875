package dev.dangol.acceptance.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dangol.acceptance.ImportReport;
import dev.dangol.acceptance.Operator;
import dev.dangol.acceptance.ScanResult;
import dev.dangol.merchant.Industry;
import dev.dangol.merchant.Merchant;
import dev.dangol.merchant.MerchantStatus;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every kind of scan outcome, each with words a person can act on. */
class ScanChainTest {

    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-02T01:00:00Z"), ZoneOffset.UTC);

    final MerchantBook merchants = new MerchantBook();
    final MemoryIssuedCodes codes = new MemoryIssuedCodes();
    final MemoryScanAlerts alerts = new MemoryScanAlerts();
    final ScanChain scanner = new ScanChain(merchants, codes, alerts, ScanObserver.NONE, CLOCK);
    final StickerDesk desk = new StickerDesk(merchants, codes, CLOCK);
    final IssuedCodeRegistry registry = new IssuedCodeRegistry(codes, CLOCK);

    @Test
    void dangolsOwnCodeResolvesToItsMerchant() {
        Merchant shop = merchants.add(MerchantBook.shop("demo-shop-1", "SEMAS-1", 1));
        ScanResult result = scanner.scan(desk.sticker(shop.id()).payload(), MerchantBook.ONNURI);
        assertThat(result).isInstanceOfSatisfying(ScanResult.Resolved.class, r -> {
            assertThat(r.merchant()).isEqualTo(shop);
            assertThat(r.issuer()).isEqualTo(Operator.DANGOL);
            assertThat(r.message()).contains("광장할매떡집").contains("amount");
        });
    }

    @Test
    void aDamagedCodeIsCorruptAndSaysWhatToDo() {
        merchants.add(MerchantBook.shop("demo-shop-1", "SEMAS-1", 1));
        String payload = desk.sticker(
                        MerchantBook.shop("demo-shop-1", "SEMAS-1", 1).id())
                .payload();
        String damaged = payload.replace("Halmae", "Halmaf");
        assertThat(scanner.scan(damaged, MerchantBook.ONNURI)).isInstanceOfSatisfying(ScanResult.Corrupt.class, c -> {
            assertThat(c.problem()).isEqualTo("CRC_MISMATCH");
            assertThat(c.message()).contains("Scan again").doesNotContainIgnoringCase("invalid QR");
        });
        assertThat(scanner.scan("", MerchantBook.ONNURI)).isInstanceOf(ScanResult.Corrupt.class);
        assertThat(scanner.scan("hello", MerchantBook.ONNURI))
                .isInstanceOfSatisfying(
                        ScanResult.Corrupt.class, c -> assertThat(c.problem()).isEqualTo("UNKNOWN_FORMAT"));
        assertThat(alerts.latest(10)).isEmpty();
    }

    @Test
    void suspendedClosedAndIneligibleMerchantsSaySo() {
        Merchant open = MerchantBook.shop("m-1", "SEMAS-1", 1);
        Merchant suspended = with(
                MerchantBook.shop("m-2", "SEMAS-2", 2),
                new MerchantStatus.Suspended("fraud report under review", CLOCK.instant()));
        Merchant closed = with(
                MerchantBook.shop("m-3", "SEMAS-3", 3), new MerchantStatus.Closed("out of business", CLOCK.instant()));
        String suspendedCode = desk.sticker(merchants.add(suspended).id()).payload();
        String openCode = desk.sticker(merchants.add(open).id()).payload();
        merchants.add(closed);
        String closedCode = DangolCodes.sticker(closed).payload();

        assertThat(scanner.scan(suspendedCode, MerchantBook.ONNURI))
                .isInstanceOfSatisfying(
                        ScanResult.MerchantSuspended.class,
                        s -> assertThat(s.message()).contains("fraud report under review"));
        assertThat(scanner.scan(closedCode, MerchantBook.ONNURI))
                .isInstanceOfSatisfying(
                        ScanResult.MerchantClosed.class,
                        c -> assertThat(c.message()).contains("out of business"));

        Merchant busan = merchants.add(new Merchant(
                open.id(),
                open.agencyId(),
                open.businessNumber(),
                open.nameKorean(),
                open.nameRomanised(),
                "부산광역시 중구 자갈치해안로 52",
                "26110",
                open.location(),
                Industry.FISHMONGER,
                "자갈치시장",
                open.revenueBand(),
                MerchantStatus.ACTIVE,
                null));
        assertThat(scanner.scan(openCode, MerchantBook.SEOUL))
                .isInstanceOfSatisfying(ScanResult.NotEligible.class, n -> {
                    assertThat(n.merchant()).isEqualTo(busan);
                    assertThat(n.reason()).contains("Seoul");
                    assertThat(n.message()).contains("seoul-love");
                });
        assertThat(scanner.scan(openCode, MerchantBook.ONNURI)).isInstanceOf(ScanResult.Resolved.class);
    }

    @Test
    void aWellFormedCodeNobodyIssuedIsNotLinkedWithASearchAndAnAlert() {
        String hanbit = HanbitCodes.url("ABCDEFGH1");
        ScanResult result = scanner.scan(hanbit, MerchantBook.ONNURI);
        assertThat(result).isInstanceOfSatisfying(ScanResult.NotLinked.class, n -> {
            assertThat(n.searchLink()).isEqualTo("/api/v1/merchants/nearest");
            assertThat(n.message()).contains("operators have been told");
        });
        scanner.scan(hanbit, MerchantBook.ONNURI);
        assertThat(alerts.latest(10)).singleElement().satisfies(a -> {
            assertThat(a.payload()).isEqualTo(hanbit);
            assertThat(a.scans()).isEqualTo(2);
            assertThat(a.program()).isEqualTo("onnuri");
        });

        // Another scheme's EMV code carries the merchant's name: the search is for that name.
        assertThat(scanner.scan(EmvMpmTest.BC_CARD_EXAMPLE, MerchantBook.ONNURI))
                .isInstanceOfSatisfying(ScanResult.NotLinked.class, n -> {
                    assertThat(n.searchText()).isEqualTo("비씨카드");
                    assertThat(n.searchLink())
                            .isEqualTo("/api/v1/merchants/nearest?name=%EB%B9%84%EC%94%A8%EC%B9%B4%EB%93%9C");
                });
    }

    @Test
    void aLegacyEmvCodeMatchesOnlyExactlyAsPrinted() {
        // Nuri printed this EMV code with template 64 before tag 60; re-encoding it in the usual order gives another
        // text and another CRC (399F instead of 6832), which no sticker carries.
        String printed = "00020101021126260010KR.NURIPAY0108N00004175204549953034105802KR5912HALMAE TTEOK64220002ko0106"
                + "광장할매떡집0202서울6005SEOUL63046832";
        String reencoded = "00020101021126260010KR.NURIPAY0108N00004175204549953034105802KR5912HALMAE TTEOK6005SEOUL"
                + "64220002ko0106광장할매떡집0202서울6304399F";
        assertThat(EmvMpmTest.independentCrc(printed.substring(0, printed.length() - 4)))
                .isEqualTo("6832");
        assertThat(EmvMpm.parse(printed)).isInstanceOf(EmvParse.Valid.class);
        assertThat(EmvMpm.parse(reencoded)).isInstanceOf(EmvParse.Valid.class);
        merchants.add(MerchantBook.shop("m-417", "SEMAS-417", 417));
        ImportReport report = registry.importList(
                Operator.NURI, List.of(IssuedCodeRegistry.HEADER, printed + ",SEMAS-417,2022-05-01"));
        assertThat(report.added()).isEqualTo(1);

        assertThat(scanner.scan(printed, MerchantBook.ONNURI)).isInstanceOfSatisfying(ScanResult.Resolved.class, r -> {
            assertThat(r.merchant().id().value()).isEqualTo("m-417");
            assertThat(r.issuer()).isEqualTo(Operator.NURI);
        });
        assertThat(scanner.scan(reencoded, MerchantBook.ONNURI)).isInstanceOf(ScanResult.NotLinked.class);
    }

    @Test
    void importingAListReportsEveryBadRowAndTwiceChangesNothing() {
        String good = HanbitCodes.url("000000001");
        String other = HanbitCodes.url("000000002");
        List<String> lines = List.of(
                "\uFEFFpayload,agency_id,issued_on",
                good + ",SEMAS-1,2020-01-15",
                "",
                "\"" + other + "\",SEMAS-2,2021-06-30",
                good + ",SEMAS-1,2020-01-15",
                HanbitCodes.url("000000003").replace("https", "ftp") + ",SEMAS-3,2021-01-01",
                HanbitCodes.url("000000004") + ",SEMAS 4,2021-01-01",
                HanbitCodes.url("000000005") + ",SEMAS-5,2021-02-30",
                HanbitCodes.url("000000006") + ",SEMAS-6,2027-01-01",
                NuriCodes.number("00000000001") + ",SEMAS-7,2021-01-01",
                "only,two",
                EmvMpmTest.DEMO_SHOP + ",SEMAS-8,2021-01-01");
        ImportReport first = registry.importList(Operator.HANBIT, lines);
        assertThat(first.added()).isEqualTo(2);
        assertThat(first.rejected())
                .extracting(ImportReport.RejectedRow::line)
                .containsExactly(5, 6, 7, 8, 9, 10, 11, 12);
        assertThat(first.rejected().get(0).reason()).contains("line 2");
        assertThat(first.rejected().get(2).reason()).contains("agency_id");
        assertThat(first.rejected().get(4).reason()).contains("future");
        assertThat(first.rejected().get(7).reason()).contains("Dangol");

        ImportReport second = registry.importList(Operator.HANBIT, lines);
        assertThat(second.added()).isZero();
        assertThat(second.unchanged()).isEqualTo(2);
        assertThat(codes.size()).isEqualTo(2);

        ImportReport conflict =
                registry.importList(Operator.HANBIT, List.of(IssuedCodeRegistry.HEADER, good + ",SEMAS-99,2020-01-15"));
        assertThat(conflict.rejected())
                .singleElement()
                .satisfies(r -> assertThat(r.reason()).contains("agency:SEMAS-1"));
    }

    static Merchant with(Merchant m, MerchantStatus status) {
        return m.withStatus(status);
    }
}
