package dev.dangol.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The benchmark's command line. Every option is {@code --name=value}; options that start with {@code --spring.},
 * {@code --dangol.}, {@code --logging.} or {@code --management.} go to the Spring application unchanged, so that a run
 * can try another pool size or ledger setting without a rebuild.
 */
record BenchOptions(
        String mode,
        String db,
        int callers,
        int warmupSeconds,
        int seconds,
        int people,
        long unit,
        int maxUnits,
        boolean virtualThreads,
        String funding,
        String pgHostPort,
        String pgDatabase,
        String pgUser,
        String pgParams,
        boolean recreateDb,
        boolean analyze,
        boolean sqlProfile,
        String label,
        List<String> springArgs) {

    static final String USAGE = """
            Purchase chains per second through the real Wallets API (reserve + confirm) on H2 or PostgreSQL.

            Options (all --name=value):
              --mode=wallets|ledger   wallets: the real Wallets.reserve + confirm (default); ledger: the same two
                                      chains sent straight to the Ledger, without the wallet's reads
              --db=h2|postgres        database (default h2: a fresh H2 file in a temp directory)
              --callers=32            concurrent callers, each looping reserve then confirm
              --warmup=10             warm-up seconds (not measured)
              --seconds=30            measured seconds
              --people=20000          buyers drawn at random from this many people
              --unit=10000            purchase unit in KRW; each purchase is 1..max-units units
              --max-units=5
              --threads=virtual|platform   caller threads (default virtual)
              --funding=bank|card|mixed    bank: 6-link chain, card: 7 links (card quota), mixed: half each
              --pg-host-port=127.0.0.1:5432  --pg-db=dangol_bench  --pg-user=postgres
              --pg-params=reWriteBatchedInserts=true
              --keep-db               do not drop and recreate the PostgreSQL database first
              --analyze=true          on a PostgreSQL server without autovacuum, ANALYZE the tables during warm-up
              --sql-profile           count and time every JDBC call by thread (costs a little; not for headlines)
              --label=text            a label printed with the result line
              --spring.*=... --dangol.*=... --logging.*=... --management.*=...   passed to the application
            """;

    static BenchOptions parse(String[] args) {
        Map<String, String> values = new LinkedHashMap<>();
        List<String> spring = new ArrayList<>();
        for (String arg : args) {
            if (arg.equals("--help") || arg.equals("-h")) {
                System.out.println(USAGE);
                System.exit(0);
            }
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("options look like --name=value, not " + arg);
            }
            String body = arg.substring(2);
            if (body.startsWith("spring.")
                    || body.startsWith("dangol.")
                    || body.startsWith("logging.")
                    || body.startsWith("management.")) {
                spring.add(arg);
                continue;
            }
            int eq = body.indexOf('=');
            values.put(eq < 0 ? body : body.substring(0, eq), eq < 0 ? "true" : body.substring(eq + 1));
        }
        BenchOptions options = new BenchOptions(
                take(values, "mode", "wallets").toLowerCase(Locale.ROOT),
                take(values, "db", "h2").toLowerCase(Locale.ROOT),
                Integer.parseInt(take(values, "callers", "32")),
                Integer.parseInt(take(values, "warmup", "10")),
                Integer.parseInt(take(values, "seconds", "30")),
                Integer.parseInt(take(values, "people", "20000")),
                Long.parseLong(take(values, "unit", "10000")),
                Integer.parseInt(take(values, "max-units", "5")),
                !take(values, "threads", "virtual").equalsIgnoreCase("platform"),
                take(values, "funding", "bank").toLowerCase(Locale.ROOT),
                take(values, "pg-host-port", "127.0.0.1:5432"),
                take(values, "pg-db", "dangol_bench"),
                take(values, "pg-user", "postgres"),
                take(values, "pg-params", "reWriteBatchedInserts=true"),
                !Boolean.parseBoolean(take(values, "keep-db", "false")),
                Boolean.parseBoolean(take(values, "analyze", "true")),
                Boolean.parseBoolean(take(values, "sql-profile", "false")),
                take(values, "label", ""),
                List.copyOf(spring));
        if (!values.isEmpty()) {
            throw new IllegalArgumentException("unknown options " + values.keySet() + "\n" + USAGE);
        }
        if (!options.db.equals("h2") && !options.db.equals("postgres")) {
            throw new IllegalArgumentException("--db is h2 or postgres, not " + options.db);
        }
        if (!options.mode.equals("wallets") && !options.mode.equals("ledger")) {
            throw new IllegalArgumentException("--mode is wallets or ledger, not " + options.mode);
        }
        if (!List.of("bank", "card", "mixed").contains(options.funding)) {
            throw new IllegalArgumentException("--funding is bank, card or mixed, not " + options.funding);
        }
        if (options.callers < 1 || options.seconds < 1 || options.warmupSeconds < 0 || options.people < 1) {
            throw new IllegalArgumentException("callers, seconds and people must be positive");
        }
        if (options.maxUnits < 1 || options.unit < 1) {
            throw new IllegalArgumentException("unit and max-units must be positive");
        }
        if (!options.pgDatabase.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("--pg-db must be a plain lower-case name, not " + options.pgDatabase);
        }
        return options;
    }

    private static String take(Map<String, String> values, String name, String fallback) {
        String value = values.remove(name);
        return value == null ? fallback : value;
    }

    String pgUrl(String database) {
        return "jdbc:postgresql://" + pgHostPort + "/" + database + (pgParams.isBlank() ? "" : "?" + pgParams);
    }
}
