package dev.dangol.acceptance.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dangol.acceptance.ImportReport;
import dev.dangol.acceptance.Operator;
import dev.dangol.acceptance.ReadinessReport;
import dev.dangol.acceptance.ScanResult;
import dev.dangol.merchant.GeoPoint;
import dev.dangol.merchant.Merchant;
import dev.dangol.merchant.MerchantStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The Onnuri incident of March 2025 as a test. Merchants had stickers from two previous operators (Hanbit's URLs,
 * Nuri's numbers and one Nuri EMV code); some were registered under both. After the switch to Dangol every sticker of
 * a merchant in the registry resolves (found through the agency id the old operator knew, aliases included), and the
 * readiness report lists exactly the gaps: the codes of merchants not migrated, the closed one, the one with no code,
 * the one without coordinates, the business number held twice and the code both operators printed.
 */
class OperatorSwitchIncidentTest {

    final MerchantBook merchants = new MerchantBook();
    final MemoryIssuedCodes codes = new MemoryIssuedCodes();
    final MemoryScanAlerts alerts = new MemoryScanAlerts();
    final ScanChain scanner = new ScanChain(merchants, codes, alerts, ScanObserver.NONE, ScanChainTest.CLOCK);
    final StickerDesk desk = new StickerDesk(merchants, codes, ScanChainTest.CLOCK);
    final IssuedCodeRegistry registry = new IssuedCodeRegistry(codes, ScanChainTest.CLOCK);
    final ReadinessCheck readiness = new ReadinessCheck(merchants, codes, ScanChainTest.CLOCK);

    static final String NURI_EMV = "00020101021126260010KR.NURIPAY0108N00004175204549953034105802KR5912HALMAE TTEOK"
            + "64220002ko0106광장할매떡집0202서울6005SEOUL63046832";

    @Test
    void everyMigratedMerchantsOldStickerResolvesAndTheReportListsExactlyTheGaps() {
        // The registry after the switch: m-000 to m-039 under their agency ids SEMAS-0000 to SEMAS-0039. Merchants
        // 0 to 4 were known to Hanbit by an older agency id that the sync kept as an alias.
        for (int i = 0; i < 40; i++) {
            Merchant merchant = MerchantBook.shop(id(i), agency(i), i);
            if (i == 10) {
                merchant = ScanChainTest.with(
                        merchant, new MerchantStatus.Closed("out of business", ScanChainTest.CLOCK.instant()));
            }
            if (i == 20) {
                merchant = withoutLocation(merchant);
            }
            if (i == 22) {
                merchant = withBusinessNumber(merchant, MerchantBook.shop(id(21), agency(21), 21));
            }
            merchants.add(merchant);
            if (i < 5) {
                merchants.alias("OLD-" + i, merchant.id());
            }
        }

        // Hanbit's list: merchants 0 to 19 (0 to 4 by their old ids) and three never migrated.
        Map<String, Integer> stickers = new TreeMap<>();
        List<String> hanbit = new ArrayList<>(List.of(IssuedCodeRegistry.HEADER));
        for (int i = 0; i < 20; i++) {
            String url = HanbitCodes.url(String.format("HB%07d", i));
            hanbit.add(url + "," + (i < 5 ? "OLD-" + i : agency(i)) + ",2020-05-01");
            stickers.put(url, i);
        }
        List<String> notMigrated = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String url = HanbitCodes.url(String.format("HBX%06d", i));
            hanbit.add(url + ",SEMAS-900" + i + ",2020-05-01");
            notMigrated.add(url);
        }
        // Nuri's list: merchants 15 to 34 (15 to 19 registered under both operators), its EMV code for merchant 35,
        // which Hanbit's list also carries, and two never migrated.
        List<String> nuri = new ArrayList<>(List.of(IssuedCodeRegistry.HEADER));
        for (int i = 15; i < 35; i++) {
            String number = NuriCodes.number(String.format("%011d", 1000 + i));
            nuri.add(number + "," + agency(i) + ",2022-09-15");
            stickers.put(number, i);
        }
        nuri.add(NURI_EMV + "," + agency(35) + ",2023-01-10");
        hanbit.add(NURI_EMV + "," + agency(35) + ",2023-01-10");
        stickers.put(NURI_EMV, 35);
        for (int i = 0; i < 2; i++) {
            String number = NuriCodes.number(String.format("%011d", 9000 + i));
            nuri.add(number + ",SEMAS-950" + i + ",2022-09-15");
            notMigrated.add(number);
        }
        ImportReport fromHanbit = registry.importList(Operator.HANBIT, hanbit);
        ImportReport fromNuri = registry.importList(Operator.NURI, nuri);
        assertThat(fromHanbit.rejected()).isEmpty();
        assertThat(fromNuri.rejected()).isEmpty();
        assertThat(fromHanbit.added() + fromNuri.added()).isEqualTo(20 + 3 + 1 + 20 + 1 + 2);

        // Merchants 36 and 37 print their Dangol stickers; 38 has none; 39 has none either, but is closed.
        for (int i = 36; i < 38; i++) {
            stickers.put(
                    desk.sticker(merchants
                                    .merchant(dev.dangol.shared.MerchantId.of(id(i)))
                                    .orElseThrow()
                                    .id())
                            .payload(),
                    i);
        }
        merchants.add(ScanChainTest.with(
                merchants.merchant(dev.dangol.shared.MerchantId.of(id(39))).orElseThrow(),
                new MerchantStatus.Closed("moved away", ScanChainTest.CLOCK.instant())));

        // After the switch, every old sticker of a registered merchant resolves to it, the closed one says so.
        for (Map.Entry<String, Integer> sticker : stickers.entrySet()) {
            ScanResult result = scanner.scan(sticker.getKey(), MerchantBook.ONNURI);
            if (sticker.getValue() == 10) {
                assertThat(result).isInstanceOf(ScanResult.MerchantClosed.class);
                continue;
            }
            assertThat(result)
                    .as("sticker %s of merchant %d", sticker.getKey(), sticker.getValue())
                    .isInstanceOfSatisfying(
                            ScanResult.Resolved.class,
                            r -> assertThat(r.merchant().id().value()).isEqualTo(id(sticker.getValue())));
        }
        for (String code : notMigrated) {
            assertThat(scanner.scan(code, MerchantBook.ONNURI)).isInstanceOf(ScanResult.NotLinked.class);
        }
        assertThat(alerts.latest(100)).extracting(a -> a.payload()).containsExactlyInAnyOrderElementsOf(notMigrated);

        ReadinessReport report = readiness.report();
        assertThat(report.ready()).isFalse();
        assertThat(report.merchantsChecked()).isEqualTo(40);
        assertThat(report.codesChecked()).isEqualTo(20 + 3 + 1 + 20 + 1 + 2 + 2);
        assertThat(report.codesForUnknownMerchants().count()).isEqualTo(5);
        for (String code : notMigrated) {
            assertThat(report.codesForUnknownMerchants().items()).anyMatch(item -> item.contains(code));
        }
        assertThat(report.codesForClosedMerchants().items())
                .singleElement()
                .satisfies(item -> assertThat(item).contains(id(10)).contains(HanbitCodes.url("HB0000010")));
        assertThat(report.activeWithoutCode().items())
                .singleElement()
                .satisfies(item -> assertThat(item).startsWith(id(38) + " "));
        assertThat(report.withoutCoordinates().items())
                .singleElement()
                .satisfies(item -> assertThat(item).startsWith(id(20) + " "));
        assertThat(report.duplicateBusinessNumbers().items())
                .hasSize(2)
                .anySatisfy(item -> assertThat(item).startsWith(id(21) + " "))
                .anySatisfy(item -> assertThat(item).startsWith(id(22) + " "));
        assertThat(report.duplicatePayloads().items())
                .singleElement()
                .satisfies(item ->
                        assertThat(item).contains(NURI_EMV).contains("HANBIT").contains("NURI"));

        // The operator imports the missing merchants' master data: the report's codes for unknown merchants empty.
        for (int i = 0; i < 3; i++) {
            merchants.add(MerchantBook.shop("m-h" + i, "SEMAS-900" + i, 900 + i));
        }
        for (int i = 0; i < 2; i++) {
            merchants.add(MerchantBook.shop("m-n" + i, "SEMAS-950" + i, 950 + i));
        }
        assertThat(readiness.report().codesForUnknownMerchants().count()).isZero();
        for (String code : notMigrated) {
            assertThat(scanner.scan(code, MerchantBook.ONNURI)).isInstanceOf(ScanResult.Resolved.class);
        }
    }

    private static String id(int i) {
        return String.format("m-%03d", i);
    }

    private static String agency(int i) {
        return String.format("SEMAS-%04d", i);
    }

    private static Merchant withoutLocation(Merchant m) {
        return new Merchant(
                m.id(),
                m.agencyId(),
                m.businessNumber(),
                m.nameKorean(),
                m.nameRomanised(),
                m.address(),
                m.townCode(),
                (GeoPoint) null,
                m.industry(),
                m.market(),
                m.revenueBand(),
                m.status(),
                m.settlementAccount());
    }

    private static Merchant withBusinessNumber(Merchant m, Merchant from) {
        return new Merchant(
                m.id(),
                m.agencyId(),
                from.businessNumber(),
                m.nameKorean(),
                m.nameRomanised(),
                m.address(),
                m.townCode(),
                m.location(),
                m.industry(),
                m.market(),
                m.revenueBand(),
                m.status(),
                m.settlementAccount());
    }
}
