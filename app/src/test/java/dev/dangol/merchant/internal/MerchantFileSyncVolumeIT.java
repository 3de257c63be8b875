package dev.dangol.merchant.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dangol.merchant.BusinessNumber;
import dev.dangol.merchant.MerchantFileKind;
import dev.dangol.merchant.MerchantFileReport;
import dev.dangol.shared.IdSource;
import dev.dangol.testing.MigratedDatabase;
import dev.dangol.testing.MutableClock;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.Charset;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * A measurement, not a routine test: imports a generated full file of {@code dangol.bench.sync-rows} merchants (CP949,
 * EPSG:5179 coordinates) into PostgreSQL, then the same merchants again in a file that leaves out every hundredth
 * one, and prints how long each took. Run it on purpose:
 *
 * <pre>./mvnw -o -q -pl app -am verify -Dtest=NONE -Dit.test=MerchantFileSyncVolumeIT -Ddangol.bench.sync-rows=100000
 * -Dsurefire.failIfNoSpecifiedTests=false</pre>
 *
 * <p>Add {@code -Ddangol.test.postgres.url='jdbc:postgresql://127.0.0.1:5432/test?reWriteBatchedInserts=true'} to
 * measure batched inserts as the postgres profile sends them (docs/benchmarks.md).
 */
@EnabledIfSystemProperty(named = "dangol.bench.sync-rows", matches = "[0-9]+")
class MerchantFileSyncVolumeIT {

    private static final Charset CP949 = Charset.forName("x-windows-949");

    @Test
    void aFullFileIsImportedAndAShorterOneClosesWhatItLeavesOut() {
        int rows = Integer.parseInt(System.getProperty("dangol.bench.sync-rows"));
        MutableClock clock = new MutableClock(Instant.parse("2026-12-01T00:00:00Z"));
        try (MigratedDatabase database = MigratedDatabase.postgres()) {
            MerchantRegistry registry = new MerchantRegistry(
                    new JdbcMerchantStore(database.dataSource(), database.transactions()),
                    new MemoryMerchantIndex(),
                    new SampleMerchants.MapPrograms(),
                    clock);
            MerchantFileSync sync = new MerchantFileSync(
                    registry, new Coordinates(), new IdSource(clock, new SplittableRandom(1)), 1L << 30, rows + 1);

            byte[] full = file(rows, false);
            long started = System.nanoTime();
            MerchantFileReport first =
                    sync.importFile(MerchantFileKind.FULL, "full.csv", new ByteArrayInputStream(full), null);
            Duration firstTook = Duration.ofNanos(System.nanoTime() - started);
            assertThat(first.added()).isEqualTo(rows);
            assertThat(first.rejected()).isZero();

            clock.advanceSeconds(60);
            if (Boolean.getBoolean("dangol.bench.analyze")) {
                // What autovacuum does soon after a large import: statistics for the planner.
                database.jdbc().sql("analyze merchant").update();
            }
            byte[] shorter = file(rows, true);
            started = System.nanoTime();
            MerchantFileReport second =
                    sync.importFile(MerchantFileKind.FULL, "shorter.csv", new ByteArrayInputStream(shorter), null);
            Duration secondTook = Duration.ofNanos(System.nanoTime() - started);
            assertThat(second.closed()).isEqualTo(rows / 100);
            assertThat(second.unchanged()).isEqualTo(rows - rows / 100);

            System.out.printf(
                    Locale.ROOT,
                    "merchant file sync on PostgreSQL: %d rows (%d MB) added in %d ms (%d rows/s); again less 1%%:"
                            + " %d unchanged, %d closed in %d ms (%d rows/s)%n",
                    rows,
                    full.length / 1_000_000,
                    firstTook.toMillis(),
                    rows * 1000L / Math.max(1, firstTook.toMillis()),
                    second.unchanged(),
                    second.closed(),
                    secondTook.toMillis(),
                    rows * 1000L / Math.max(1, secondTook.toMillis()));
        }
    }

    private static byte[] file(int rows, boolean leaveOutEveryHundredth) {
        SplittableRandom random = new SplittableRandom(42);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringBuilder text = new StringBuilder(
                "agency_id,business_number,name_korean,name_romanised,address,town_code,crs,x,y,industry,market,"
                        + "revenue_band\n");
        for (int i = 0; i < rows; i++) {
            int x = random.nextInt(900_000, 1_100_000);
            int y = random.nextInt(1_700_000, 2_000_000);
            if (leaveOutEveryHundredth && i % 100 == 0) {
                continue;
            }
            text.append(String.format(
                    Locale.ROOT,
                    "V-%07d,%s,시장상점%d,Market Shop %d,\"서울특별시 종로구 종로 %d, 1층\",11110,EPSG:5179,%d.5,%d.25,"
                            + "GROCERY,광장시장,UP_TO_800M%n",
                    i,
                    businessNumber(100_000_000 + i),
                    i,
                    i,
                    i % 500,
                    x,
                    y));
            if (text.length() > 1 << 20) {
                out.writeBytes(text.toString().getBytes(CP949));
                text.setLength(0);
            }
        }
        out.writeBytes(text.toString().getBytes(CP949));
        return out.toByteArray();
    }

    private static String businessNumber(int prefix) {
        for (int check = 0; check < 10; check++) {
            String digits = prefix + "" + check;
            if (BusinessNumber.checkDigitHolds(digits)) {
                return digits;
            }
        }
        throw new IllegalStateException("no check digit for " + prefix);
    }
}
