package dev.dangol.merchant.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dangol.merchant.GeoPoint;
import dev.dangol.merchant.Merchant;
import dev.dangol.merchant.MerchantFileKind;
import dev.dangol.merchant.MerchantFileReport;
import dev.dangol.merchant.MerchantFileReport.RejectedRow;
import dev.dangol.merchant.MerchantStatus;
import dev.dangol.merchant.NearbyMerchant;
import dev.dangol.merchant.NearestQuery;
import dev.dangol.merchant.RevenueBand;
import dev.dangol.shared.IdSource;
import dev.dangol.shared.PersonId;
import dev.dangol.shared.Rejection;
import dev.dangol.testing.MutableClock;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The master-data sync on a messy file as spreadsheets export them: CP949 behind a UTF-8 byte-order mark, quoted
 * commas, blank lines, duplicates, bad coordinates and columns Dangol does not know, with rows in EPSG:5174 and
 * EPSG:5179 whose WGS84 points PROJ 9.1 computed (cs2cs, EPSG's own transformations) and this test checks to a few
 * metres. The same on every store: in memory, and in H2 and PostgreSQL with real transactions.
 */
abstract class MerchantFileSyncContract {

    private static final Charset CP949 = Charset.forName("x-windows-949");
    private static final PersonId OPERATOR = PersonId.of("P-operator");

    private static final String HEADER = "agency_id,previous_agency_ids,business_number,name_korean,name_romanised,"
            + "address,town_code,crs,x,y,industry,market,revenue_band,annual_revenue_krw,status,status_reason,"
            + "bank_code,account_number,account_holder,memo\n";

    /** Gwangjang Market, Seoul (5174), a Jongno restaurant (5179), City Hall (WGS84), Jeonju (5174), Gangneung (5179). */
    private static final String MESSY = HEADER
            + "S-001,,101-81-00016,광장할매떡집,Gwangjang Halmae Tteok,\"서울특별시 종로구 창경궁로 88, 광장시장 A동 12호\","
            + "11110,EPSG:5174,199901.159,451971.163,RICE_CAKE,광장시장,UP_TO_800M,,ACTIVE,,004,123-456-78901,김순자,"
            + "\"단골, 30년\"\n"
            + "\n"
            + "S-002,,1018100020,광장빈대떡,Gwangjang Bindaetteok,서울특별시 종로구 종로 200,11110,EPSG:5179,"
            + "955816.894,1952413.086,RESTAURANT,광장시장,,950000000,,,,,,\n"
            + "S-003,,1018100035,시청앞분식,City Hall Snacks,서울특별시 중구 세종대로 110,11140,WGS84,126.9779692,"
            + "37.5662952,RESTAURANT,,UP_TO_1_2B,,,,,,,\n"
            + "S-004,,1018100020,중복상회,Duplicate Store,서울특별시 종로구 종로 1,11110,,,,GROCERY,,UP_TO_800M,,,,,,,\n"
            + "S-005,,1018100049,좌표오류상회,Swapped Store,서울특별시 종로구 종로 2,11110,EPSG:5179,1952413.086,"
            + "955816.894,GROCERY,,UP_TO_800M,,,,,,,\n"
            + ",,,,,,,,,,,,,,,,,,,\n"
            + "S-006,,1018100050,번호오류상회,Typo Store,서울특별시 종로구 종로 3,11110,,,,GROCERY,,UP_TO_800M,,,,,,,\n"
            + "S-002,,1018100054,같은번호식당,Same Id Diner,서울특별시 종로구 종로 4,11110,,,,RESTAURANT,,UP_TO_800M,,,,,,,\n"
            + "S-007,,1018100068,남부시장떡방,Nambu Tteokbang,전북특별자치도 전주시 완산구 풍남문1길 19-3,52111,EPSG:5174,"
            + "213754.665,257221.494,RICE_CAKE,전주남부시장,UP_TO_800M,,,,,,,\n"
            + "\n"
            + "S-008,,1018100073,중앙시장횟집,Jungang Hoe,강원특별자치도 강릉시 금성로 21,51150,EPSG:5179,1121226.747,"
            + "1973364.760,FISHMONGER,강릉중앙시장,UP_TO_3B,,,,,,,\n"
            + "S-009,,1018100087,숫자오류상회,Text Store,서울특별시 종로구 종로 5,11110,WGS84,abc,37.5,GROCERY,,UP_TO_800M,"
            + ",,,,,,\n"
            + "S-010,,1018100092,웹메르카토르상회,Mercator Store,서울특별시 종로구 종로 6,11110,EPSG:3857,14135000,"
            + "4518000,GROCERY,,UP_TO_800M,,,,,,,\n";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-12-01T00:00:00Z"));
    private final MerchantStore store = newStore();
    private final MemoryMerchantIndex index = new MemoryMerchantIndex();
    private final MerchantRegistry registry =
            new MerchantRegistry(store, index, new SampleMerchants.MapPrograms(), clock);
    private final MerchantFileSync sync = sync(1_000);

    @Test
    void aMessyFileIsAppliedOnceWithEveryBadRowReportedAndNothingChangesOnASecondRun() {
        MerchantFileReport report = importFile(MerchantFileKind.FULL, bomThenCp949(MESSY));

        assertThat(report.encoding()).isEqualTo("CP949");
        assertThat(report.rows()).isEqualTo(11);
        assertThat(report.added()).isEqualTo(5);
        assertThat(report.changed()).isZero();
        assertThat(report.closed()).isZero();
        assertThat(report.rejected()).isEqualTo(6);
        assertThat(report.rejections())
                .extracting(RejectedRow::line, RejectedRow::agencyId)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(6L, "S-004"),
                        org.assertj.core.groups.Tuple.tuple(7L, "S-005"),
                        org.assertj.core.groups.Tuple.tuple(9L, "S-006"),
                        org.assertj.core.groups.Tuple.tuple(10L, "S-002"),
                        org.assertj.core.groups.Tuple.tuple(14L, "S-009"),
                        org.assertj.core.groups.Tuple.tuple(15L, "S-010"));
        assertThat(report.rejections())
                .extracting(RejectedRow::reason)
                .satisfiesExactly(
                        r -> assertThat(r).contains("business_number 101-81-00020 is listed again; line 4"),
                        r -> assertThat(r).contains("fall outside Korea").contains("swapped"),
                        r -> assertThat(r).contains("fails its check digit"),
                        r -> assertThat(r).contains("agency_id S-002 is listed again; line 4"),
                        r -> assertThat(r).contains("x 'abc' is not a number"),
                        r -> assertThat(r).contains("crs 'EPSG:3857'"));
        assertThat(report.warnings())
                .anySatisfy(w -> assertThat(w).contains("byte-order mark"))
                .anySatisfy(w -> assertThat(w).contains("memo"));

        Merchant riceCakes = registry.byAgencyId("S-001").orElseThrow();
        assertThat(riceCakes.address()).isEqualTo("서울특별시 종로구 창경궁로 88, 광장시장 A동 12호");
        assertThat(riceCakes.nameKorean()).isEqualTo("광장할매떡집");
        assertThat(riceCakes.settlementAccount().accountNumber()).isEqualTo("12345678901");
        assertThat(riceCakes.businessNumber().digits()).isEqualTo("1018100016");
        assertThat(registry.byAgencyId("S-002").orElseThrow().revenueBand()).isEqualTo(RevenueBand.UP_TO_1_2B);
        // Projected coordinates land within a few metres of the points PROJ computed for them.
        assertThat(metresFrom("S-001", 37.5700280, 126.9996690)).isLessThanOrEqualTo(3);
        assertThat(metresFrom("S-002", 37.5700280, 126.9996690)).isLessThanOrEqualTo(1);
        assertThat(metresFrom("S-003", 37.5662952, 126.9779692)).isZero();
        assertThat(metresFrom("S-007", 35.8150000, 127.1530000)).isLessThanOrEqualTo(3);
        assertThat(metresFrom("S-008", 37.7519000, 128.8761000)).isLessThanOrEqualTo(1);
        assertThat(registry.byAgencyId("S-005")).isEmpty();
        // Nearest-first search has every merchant the file added, and only those.
        assertThat(index.size()).isEqualTo(5);

        List<Merchant> before = registry.page(null, 100);
        MerchantFileReport again = importFile(MerchantFileKind.FULL, bomThenCp949(MESSY));
        assertThat(again.repeated()).isTrue();
        assertThat(again.id()).isEqualTo(report.id());
        assertThat(again.rejections()).isEqualTo(report.rejections());
        assertThat(registry.page(null, 100)).isEqualTo(before);
        assertThat(sync.history(10)).hasSize(1);

        // The same rows in other bytes (UTF-8 with a byte-order mark) are compared row by row: nothing changes.
        MerchantFileReport utf8 = importFile(MerchantFileKind.FULL, utf8WithBom(MESSY));
        assertThat(utf8.repeated()).isFalse();
        assertThat(utf8.encoding()).isEqualTo("UTF-8");
        assertThat(utf8.warnings()).noneSatisfy(w -> assertThat(w).contains("byte-order mark"));
        assertThat(List.of(utf8.added(), utf8.changed(), utf8.unchanged(), utf8.closed(), utf8.rejected()))
                .containsExactly(0, 0, 5, 0, 6);
        assertThat(registry.page(null, 100)).isEqualTo(before);
        assertThat(sync.history(10)).extracting(MerchantFileReport::id).containsExactly(utf8.id(), report.id());
    }

    @Test
    void aLaterFullFileClosesWhatItNoLongerListsAndARenamedMerchantKeepsItsOldIdAsAnAlias() {
        importFile(MerchantFileKind.FULL, bomThenCp949(MESSY));
        Merchant riceCakes = registry.byAgencyId("S-001").orElseThrow();
        Merchant jeonju = registry.byAgencyId("S-007").orElseThrow();

        String later = HEADER
                + "S-101,S-001,101-81-00016,광장할매떡집,Gwangjang Halmae Tteok,\"서울특별시 종로구 창경궁로 88, 광장시장 A동"
                + " 12호\",11110,EPSG:5174,199901.159,451971.163,RICE_CAKE,광장시장,UP_TO_800M,,ACTIVE,,,,,\n"
                + "S-002,,1018100020,광장빈대떡,Gwangjang Bindaetteok,서울특별시 종로구 종로 200,11110,EPSG:5179,"
                + "955816.894,1952413.086,RESTAURANT,광장시장,,950000000,,,,,,\n"
                + "S-003,,1018100035,시청앞분식,City Hall Snacks,서울특별시 중구 세종대로 110,11140,WGS84,126.9779692,"
                + "37.5662952,RESTAURANT,,UP_TO_3B,,,,,,,\n"
                + "S-008,,1018100073,중앙시장횟집,Jungang Hoe,강원특별자치도 강릉시 금성로 21,51150,EPSG:5179,"
                + "1121226.747,1973364.760,FISHMONGER,강릉중앙시장,UP_TO_3B,,CLOSED,폐업 신고,,,,\n";
        MerchantFileReport report = importFile(MerchantFileKind.FULL, later.getBytes(CP949));

        assertThat(List.of(report.added(), report.changed(), report.unchanged(), report.closed(), report.rejected()))
                .containsExactly(0, 3, 1, 1, 0);
        Merchant renamed = registry.byAgencyId("S-101").orElseThrow();
        assertThat(renamed.id()).isEqualTo(riceCakes.id());
        assertThat(registry.byAgencyId("S-001")).contains(renamed);
        assertThat(registry.aliases(renamed.id())).containsExactly("S-001");
        // No bank details in the file: the account the merchant had is kept.
        assertThat(renamed.settlementAccount()).isEqualTo(riceCakes.settlementAccount());

        Merchant closed = registry.merchant(jeonju.id()).orElseThrow();
        assertThat(closed.status())
                .isInstanceOfSatisfying(
                        MerchantStatus.Closed.class,
                        c -> assertThat(c.reason())
                                .startsWith("Not listed in the agency's full master-data file of 2026-12-01"));
        assertThat(registry.byAgencyId("S-008").orElseThrow().status())
                .isEqualTo(new MerchantStatus.Closed("폐업 신고", clock.instant()));
        assertThat(registry.byAgencyId("S-003").orElseThrow().revenueBand()).isEqualTo(RevenueBand.UP_TO_3B);
        // Search leaves out closed merchants, since the index heard of the closures after the commit.
        List<NearbyMerchant> near =
                registry.nearest(NearestQuery.nearest(new GeoPoint(358_150_000, 1_271_530_000), 10));
        assertThat(near).extracting(n -> n.merchant().agencyId()).containsExactlyInAnyOrder("S-101", "S-002", "S-003");

        // A delta file leaves out everyone it does not list.
        String delta = HEADER + "S-011,,1018100087,새가게,New Shop,서울특별시 종로구 종로 7,11110,,,,GROCERY,,UP_TO_800M,,,,,,,\n";
        MerchantFileReport deltaReport = importFile(MerchantFileKind.DELTA, delta.getBytes(StandardCharsets.UTF_8));
        assertThat(List.of(deltaReport.added(), deltaReport.closed())).containsExactly(1, 0);
        assertThat(registry.byAgencyId("S-002").orElseThrow().isActive()).isTrue();
    }

    @Test
    void aFileThatCannotBeReadAsAWholeChangesNothing() {
        String noBusinessNumber = "agency_id,name_korean,name_romanised,address,town_code,industry\n"
                + "S-001,가게,Shop,서울,11110,GROCERY\n";
        assertThatThrownBy(() -> importFile(MerchantFileKind.FULL, noBusinessNumber.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(Rejection.class, r -> {
                    assertThat(r.code()).isEqualTo("MERCHANT_FILE_UNREADABLE");
                    assertThat(r.getMessage()).contains("[business_number]");
                });
        assertThatThrownBy(() -> importFile(
                        MerchantFileKind.FULL,
                        (HEADER + "S-001,\"unclosed,1018100016\n").getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(
                        Rejection.class, r -> assertThat(r.code()).isEqualTo("MERCHANT_FILE_UNREADABLE"));
        assertThatThrownBy(() -> importFile(MerchantFileKind.FULL, new byte[0]))
                .isInstanceOfSatisfying(
                        Rejection.class, r -> assertThat(r.code()).isEqualTo("MERCHANT_FILE_EMPTY"));
        // Valid rows before the row limit is passed are not applied either: a file is all or nothing.
        MerchantFileSync small = sync(3);
        assertThatThrownBy(() -> small.importFile(
                        MerchantFileKind.DELTA, "big.csv", new ByteArrayInputStream(utf8WithBom(MESSY)), OPERATOR))
                .isInstanceOfSatisfying(
                        Rejection.class, r -> assertThat(r.code()).isEqualTo("MERCHANT_FILE_TOO_LARGE"));
        assertThat(registry.page(null, 100)).isEmpty();
        assertThat(index.size()).isZero();
        assertThat(sync.history(10)).isEmpty();
    }

    @Test
    void theSameFileSentAsTheOtherKindIsRefused() {
        importFile(MerchantFileKind.DELTA, utf8WithBom(MESSY));
        assertThatThrownBy(() -> importFile(MerchantFileKind.FULL, utf8WithBom(MESSY)))
                .isInstanceOfSatisfying(
                        Rejection.class, r -> assertThat(r.code()).isEqualTo("MERCHANT_FILE_KIND_CLASH"));
    }

    /** The store the registry keeps merchants and imports in; called once per test. */
    abstract MerchantStore newStore();

    private MerchantFileSync sync(int maxRows) {
        return new MerchantFileSync(
                registry, new Coordinates(), new IdSource(clock, new SplittableRandom(7)), 1_000_000, maxRows);
    }

    /** Imports a file a minute after the one before, as an operator would. */
    private MerchantFileReport importFile(MerchantFileKind kind, byte[] bytes) {
        clock.advanceSeconds(60);
        return sync.importFile(kind, "semas.csv", new ByteArrayInputStream(bytes), OPERATOR);
    }

    private long metresFrom(String agencyId, double latitude, double longitude) {
        GeoPoint expected = new GeoPoint(
                (int) Math.round(latitude * GeoPoint.DEGREE), (int) Math.round(longitude * GeoPoint.DEGREE));
        return registry.byAgencyId(agencyId).orElseThrow().location().metresTo(expected);
    }

    private static byte[] bomThenCp949(String text) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        out.writeBytes(text.getBytes(CP949));
        return out.toByteArray();
    }

    private static byte[] utf8WithBom(String text) {
        return ("\uFEFF" + text).getBytes(StandardCharsets.UTF_8);
    }
}
