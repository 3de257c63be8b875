package dev.dangol.bench;

import dev.dangol.merchant.GeoPoint;
import dev.dangol.merchant.Industry;
import dev.dangol.merchant.Merchant;
import dev.dangol.merchant.MerchantStatus;
import dev.dangol.merchant.NearestQuery;
import dev.dangol.merchant.SyntheticMerchants;
import dev.dangol.merchant.internal.NearestPaths;
import java.io.StringReader;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Predicate;
import org.flywaydb.core.Flyway;
import org.postgresql.PGConnection;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * Nearest-20 latency among millions of synthetic merchants, in memory and on PostGIS: the distribution (p50, p99,
 * p99.9, max) over many random points, half near markets (where people shop) and half uniform over South Korea's land,
 * with and without filters. One thread, one search at a time: this measures a search's latency, not throughput. Each RESULT line gives the wall-clock
 * latency and the searching thread's CPU time (see {@link #THREADS}).
 *
 * <p>Options ({@code --name=value}): {@code --count=2000000} merchants, {@code --queries=20000} measured searches per
 * case in memory (after {@code --warmup=20000}), {@code --pg-queries=2000} per case on PostGIS, {@code --seed=1},
 * {@code --postgis=true}, {@code --pg-url=jdbc:postgresql://127.0.0.1:5432/}, {@code --pg-db=dangol_nearest_bench}
 * (created, loaded with COPY and dropped; {@code --keep-db=true} keeps it), {@code --compact=true} (measure the memory
 * index again after rebuilding it into one run), {@code --cases=plain,industry,name,in,page} (first words of the cases).
 */
public final class NearestBench {

    /**
     * The calling thread's own CPU time around each search, beside the wall-clock latency: on a machine shared with
     * other builds, a search that waits for a core shows in the latency but not in its CPU time, so the two together
     * separate the search's cost from the machine's queue.
     */
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    private record Case(String name, Filter filter) {}

    private interface Filter {
        NearestQuery query(GeoPoint from, SplittableRandom random);

        default Predicate<Merchant> accepts() {
            return merchant -> true;
        }
    }

    private static final String[] NAME_PARTS = {"할매", "떡집", "원조", "칼국수", "Kalguksu", "cafe", "Jeil", "청과"};

    private static final Industry[] COMMON_INDUSTRIES = {
        Industry.RESTAURANT, Industry.CAFE, Industry.RICE_CAKE, Industry.PHARMACY, Industry.BUTCHER, Industry.BAKERY
    };

    private static final List<Case> CASES = new ArrayList<>(List.of(
            new Case("plain (active only)", (from, random) -> NearestQuery.nearest(from, 20)),
            new Case(
                    "industry",
                    (from, random) -> new NearestQuery(
                            from,
                            20,
                            0,
                            null,
                            COMMON_INDUSTRIES[random.nextInt(COMMON_INDUSTRIES.length)],
                            true,
                            null)),
            new Case(
                    "name text",
                    (from, random) -> new NearestQuery(
                            from, 20, 0, null, null, true, NAME_PARTS[random.nextInt(NAME_PARTS.length)])),
            new Case("in a market (Onnuri-like eligibility)", new Filter() {
                @Override
                public NearestQuery query(GeoPoint from, SplittableRandom random) {
                    return NearestQuery.nearest(from, 20);
                }

                @Override
                public Predicate<Merchant> accepts() {
                    return merchant -> merchant.market() != null;
                }
            }),
            new Case("page 5 (offset 80)", (from, random) -> new NearestQuery(from, 20, 80, null, null, true, null))));

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        for (String arg : args) {
            if (!arg.startsWith("--") || !arg.contains("=")) {
                System.err.println("options are --name=value; see the class comment of " + NearestBench.class);
                System.exit(2);
            }
            options.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
        }
        int count = Integer.parseInt(options.getOrDefault("count", "2000000"));
        int queries = Integer.parseInt(options.getOrDefault("queries", "20000"));
        int warmup = Integer.parseInt(options.getOrDefault("warmup", "20000"));
        int pgQueries = Integer.parseInt(options.getOrDefault("pg-queries", "2000"));
        long seed = Long.parseLong(options.getOrDefault("seed", "1"));
        boolean postgis = Boolean.parseBoolean(options.getOrDefault("postgis", "true"));
        if (options.containsKey("cases")) {
            List<String> wanted = List.of(options.get("cases").split(","));
            CASES.removeIf(c -> !wanted.contains(c.name().split(" ")[0]));
        }
        String pgUrl = options.getOrDefault("pg-url", "jdbc:postgresql://127.0.0.1:5432/");
        String pgDb = options.getOrDefault("pg-db", "dangol_nearest_bench");
        boolean keepDb = Boolean.parseBoolean(options.getOrDefault("keep-db", "false"));

        System.out.printf(
                "nearest bench: %,d merchants, seed %d, %s, %d cores, load average %s%n",
                count, seed, Runtime.version(), Runtime.getRuntime().availableProcessors(), loadAverage());
        SyntheticMerchants synthetic = new SyntheticMerchants(seed);

        NearestPaths.Memory memory = NearestPaths.memory();
        long started = System.nanoTime();
        synthetic.stream(count).forEach(memory::put);
        long buildMillis = (System.nanoTime() - started) / 1_000_000;
        System.gc();
        Runtime runtime = Runtime.getRuntime();
        long heapMiB = (runtime.totalMemory() - runtime.freeMemory()) >> 20;
        System.out.printf(
                "memory: %,d merchants with a location indexed in %,d ms (puts one by one); heap in use %,d MiB%n",
                memory.size(), buildMillis, heapMiB);
        System.out.printf("memory: %d runs after the load%n", memory.runCount());
        measure("memory", memory, warmup, queries, seed);
        if (Boolean.parseBoolean(options.getOrDefault("compact", "true"))) {
            long compacting = System.nanoTime();
            memory.compact();
            System.out.printf(
                    "memory: compacted into %d run in %,d ms%n",
                    memory.runCount(), (System.nanoTime() - compacting) / 1_000_000);
            measure("memory-compacted", memory, warmup, queries, seed);
        }

        if (postgis) {
            try (Connection admin = DriverManager.getConnection(pgUrl + "postgres", "postgres", "");
                    Statement statement = admin.createStatement()) {
                statement.execute("drop database if exists " + pgDb);
                statement.execute("create database " + pgDb);
            }
            try {
                String url = pgUrl + pgDb;
                Flyway.configure()
                        .dataSource(url, "postgres", "")
                        .locations("classpath:db/migration", "classpath:db/postgis")
                        .load()
                        .migrate();
                load(url, synthetic, count);
                SingleConnectionDataSource dataSource = new SingleConnectionDataSource(url, "postgres", "", true);
                try {
                    measure("postgis", NearestPaths.postgis(dataSource), Math.min(warmup, 2_000), pgQueries, seed);
                } finally {
                    dataSource.destroy();
                }
            } finally {
                if (!keepDb) {
                    try (Connection admin = DriverManager.getConnection(pgUrl + "postgres", "postgres", "");
                            Statement statement = admin.createStatement()) {
                        statement.execute("drop database if exists " + pgDb);
                    }
                }
            }
        }
        System.out.printf("load average at the end: %s%n", loadAverage());
    }

    private static void measure(String path, NearestPaths.Search search, int warmup, int queries, long seed) {
        for (Case c : CASES) {
            SplittableRandom random = new SplittableRandom(seed * 31 + c.name().hashCode());
            Predicate<Merchant> accepts = c.filter().accepts();
            long checksum = 0;
            for (int i = 0; i < warmup; i++) {
                checksum += search.nearest(c.filter().query(point(random, i), random), accepts)
                        .size();
            }
            for (String where : List.of("near markets", "uniform over land")) {
                Samples samples = new Samples();
                Samples cpu = new Samples();
                for (int i = 0; i < queries; i++) {
                    GeoPoint from = where.equals("near markets")
                            ? SyntheticMerchants.nearSomeMarket(random)
                            : SyntheticMerchants.somewhereInKorea(random);
                    NearestQuery query = c.filter().query(from, random);
                    long c0 = THREADS.getCurrentThreadCpuTime();
                    long t0 = System.nanoTime();
                    checksum += search.nearest(query, accepts).size();
                    samples.add(System.nanoTime() - t0);
                    cpu.add(THREADS.getCurrentThreadCpuTime() - c0);
                }
                long[] sorted = Samples.sortedUnion(List.of(samples));
                long[] sortedCpu = Samples.sortedUnion(List.of(cpu));
                System.out.printf(
                        Locale.ROOT,
                        "RESULT path=%s case=\"%s\" points=\"%s\" queries=%d p50_us=%.1f p99_us=%.1f p999_us=%.1f"
                                + " max_us=%.1f cpu_p50_us=%.1f cpu_p99_us=%.1f cpu_p999_us=%.1f load=%s%n",
                        path,
                        c.name(),
                        where,
                        queries,
                        Samples.quantile(sorted, 0.50) / 1e3,
                        Samples.quantile(sorted, 0.99) / 1e3,
                        Samples.quantile(sorted, 0.999) / 1e3,
                        sorted[sorted.length - 1] / 1e3,
                        Samples.quantile(sortedCpu, 0.50) / 1e3,
                        Samples.quantile(sortedCpu, 0.99) / 1e3,
                        Samples.quantile(sortedCpu, 0.999) / 1e3,
                        loadAverage());
            }
            // Printed so that the searches cannot be optimised away.
            System.out.printf("  (%s %s: %,d merchants returned in all)%n", path, c.name(), checksum);
        }
    }

    private static GeoPoint point(SplittableRandom random, int i) {
        return i % 2 == 0 ? SyntheticMerchants.nearSomeMarket(random) : SyntheticMerchants.somewhereInKorea(random);
    }

    /** Loads merchants with COPY in chunks, with the GiST index dropped meanwhile and built once at the end. */
    private static void load(String url, SyntheticMerchants synthetic, int count) throws SQLException {
        long started = System.nanoTime();
        try (Connection connection = DriverManager.getConnection(url, "postgres", "")) {
            try (Statement statement = connection.createStatement()) {
                statement.execute("drop index merchant_geog");
            }
            var copy = connection.unwrap(PGConnection.class).getCopyAPI();
            String sql = "copy merchant (id, agency_id, business_number, name_korean, name_romanised, address,"
                    + " town_code, latitude_e7, longitude_e7, industry, market, revenue_band, status, status_reason,"
                    + " status_since, bank_code, account_number, account_holder, version, updated_at)"
                    + " from stdin (format csv)";
            StringBuilder chunk = new StringBuilder(1 << 22);
            var iterator = synthetic.stream(count).iterator();
            while (iterator.hasNext()) {
                row(chunk, iterator.next());
                if (chunk.length() > (1 << 22) - 4096 || !iterator.hasNext()) {
                    try {
                        copy.copyIn(sql, new StringReader(chunk.toString()));
                    } catch (java.io.IOException e) {
                        throw new SQLException(e);
                    }
                    chunk.setLength(0);
                }
            }
            long copied = System.nanoTime();
            try (Statement statement = connection.createStatement()) {
                statement.execute("create index merchant_geog on merchant using gist (geog)");
                long indexed = System.nanoTime();
                statement.execute("analyze merchant");
                System.out.printf(
                        "postgis: %,d rows copied in %,d ms, GiST index built in %,d ms, analyzed in %,d ms%n",
                        count,
                        (copied - started) / 1_000_000,
                        (indexed - copied) / 1_000_000,
                        (System.nanoTime() - indexed) / 1_000_000);
            }
        }
    }

    private static void row(StringBuilder out, Merchant m) {
        text(out, m.id().value()).append(',');
        text(out, m.agencyId()).append(',');
        text(out, m.businessNumber().digits()).append(',');
        text(out, m.nameKorean()).append(',');
        text(out, m.nameRomanised()).append(',');
        text(out, m.address()).append(',');
        text(out, m.townCode()).append(',');
        if (m.location() != null) {
            out.append(m.location().latitudeE7())
                    .append(',')
                    .append(m.location().longitudeE7());
        } else {
            out.append(',');
        }
        out.append(',');
        text(out, m.industry().name()).append(',');
        if (m.market() != null) {
            text(out, m.market());
        }
        out.append(',');
        text(out, m.revenueBand().name()).append(',');
        switch (m.status()) {
            case MerchantStatus.Active a -> out.append("ACTIVE,,");
            case MerchantStatus.Suspended s -> {
                out.append("SUSPENDED,");
                text(out, s.reason()).append(',').append(s.since().atOffset(ZoneOffset.UTC));
            }
            case MerchantStatus.Closed c -> {
                out.append("CLOSED,");
                text(out, c.reason()).append(',').append(c.since().atOffset(ZoneOffset.UTC));
            }
        }
        out.append(',');
        if (m.settlementAccount() != null) {
            text(out, m.settlementAccount().bankCode()).append(',');
            text(out, m.settlementAccount().accountNumber()).append(',');
            text(out, m.settlementAccount().holderName());
        } else {
            out.append(",,");
        }
        out.append(",1,2026-12-06T00:00:00Z\n");
    }

    private static StringBuilder text(StringBuilder out, String value) {
        return out.append('"').append(value.replace("\"", "\"\"")).append('"');
    }

    private static String loadAverage() {
        return String.format(
                Locale.ROOT,
                "%.2f",
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
}
