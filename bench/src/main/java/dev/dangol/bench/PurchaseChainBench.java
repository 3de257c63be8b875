package dev.dangol.bench;

import dev.dangol.DangolApplication;
import dev.dangol.ledger.Ledger;
import dev.dangol.ledger.LedgerAudit;
import dev.dangol.program.FundingMethod;
import dev.dangol.program.Program;
import dev.dangol.program.ProgramKind;
import dev.dangol.program.Programs;
import dev.dangol.program.Round;
import dev.dangol.program.RoundBudget;
import dev.dangol.program.RoundStatus;
import dev.dangol.shared.Money;
import dev.dangol.shared.PersonId;
import dev.dangol.shared.ProgramId;
import dev.dangol.shared.Rejection;
import dev.dangol.shared.RoundId;
import dev.dangol.wallet.IdempotencyKey;
import dev.dangol.wallet.Wallets;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Purchase chains per second through the real application: the Spring context without its web server, the real
 * {@link Wallets}, {@link Programs} and SQL ledger, on H2 or PostgreSQL. Each of N callers loops: reserve a purchase
 * (one linked chain of pending transfers plus the person's limit grants) for a random person with a fresh idempotency
 * key, then confirm it (one chain of posts). After a warm-up, a measured phase of fixed length counts complete
 * purchases and times both steps. At the end the ledger must balance and the round's sold face value must equal the
 * face value of every confirmed purchase; otherwise the run prints FAIL and exits non-zero.
 *
 * <p>Not a test: run it by hand ({@code bench/purchase-bench.sh --help}) and write the figures down.
 */
public final class PurchaseChainBench {

    private static final ProgramId PROGRAM = ProgramId.of("bench");
    private static final RoundId ROUND = RoundId.of("bench-r1");
    /** Limits far above what a run can buy, so that only the ledger's speed is measured, never a refusal. */
    private static final long NO_LIMIT = 1_000_000_000_000L;

    private static final int DISCOUNT_BP = 1_000;
    private static final int VALIDITY_MONTHS = 60;

    private PurchaseChainBench() {}

    public static void main(String[] args) throws Exception {
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(64);
            return;
        }
        System.exit(new PurchaseChainBench().run(options));
    }

    /** One caller's figures, written only by its own thread and read after it ended. */
    private static final class CallerStats {
        final Samples finishedAt = new Samples();
        final Samples reserveNanos = new Samples();
        final Samples confirmNanos = new Samples();
        long confirmedFace;
        long unconfirmedFace;
        long purchases;
    }

    private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    private final AtomicInteger stackTracesPrinted = new AtomicInteger();
    private volatile boolean stop;
    private SqlProfile sqlProfile;
    private Map<String, long[]> sqlBefore = Map.of();
    private Map<String, long[]> sqlAfter = Map.of();

    private int run(BenchOptions options) throws Exception {
        List<String> appArgs = new ArrayList<>();
        Path h2Dir = null;
        sqlProfile = options.sqlProfile() ? new SqlProfile() : null;
        if (options.db().equals("postgres")) {
            if (options.recreateDb()) {
                recreatePostgres(options);
            }
            appArgs.add("--spring.profiles.active=postgres");
            appArgs.add("--spring.datasource.url=" + options.pgUrl(options.pgDatabase()));
            appArgs.add("--spring.datasource.username=" + options.pgUser());
        } else {
            h2Dir = Files.createTempDirectory("dangol-bench-h2-");
            appArgs.add("--spring.datasource.url=jdbc:h2:file:" + h2Dir.resolve("dangol")
                    + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;LOCK_TIMEOUT=10000");
        }
        appArgs.add("--dangol.demo.enabled=false");
        appArgs.add("--spring.main.banner-mode=off");
        appArgs.add("--logging.level.root=WARN");
        appArgs.addAll(options.springArgs());

        long bootStarted = System.nanoTime();
        SpringApplicationBuilder builder =
                new SpringApplicationBuilder(DangolApplication.class).web(WebApplicationType.NONE);
        if (sqlProfile != null) {
            builder.initializers(context -> context.getBeanFactory().addBeanPostProcessor(sqlProfile));
        }
        ConfigurableApplicationContext context = builder.run(appArgs.toArray(String[]::new));
        Duration boot = Duration.ofNanos(System.nanoTime() - bootStarted);
        try {
            return measure(options, context, boot);
        } finally {
            context.close();
            if (h2Dir != null) {
                deleteTree(h2Dir);
            }
        }
    }

    private int measure(BenchOptions options, ConfigurableApplicationContext context, Duration boot)
            throws InterruptedException {
        Programs programs = context.getBean(Programs.class);
        Wallets wallets = context.getBean(Wallets.class);
        Ledger ledger = context.getBean(Ledger.class);
        MeterRegistry meters = context.getBean(MeterRegistry.class);
        DataSource dataSource = context.getBean(DataSource.class);
        boolean postgres = options.db().equals("postgres");
        String poolSize = context.getEnvironment().getProperty("spring.datasource.hikari.maximum-pool-size", "10");

        Money unit = Money.krw(options.unit());
        programs.define(new Program(
                PROGRAM,
                "Benchmark voucher",
                ProgramKind.NATIONAL,
                null,
                DISCOUNT_BP,
                Money.krw(NO_LIMIT),
                Money.krw(NO_LIMIT),
                Money.krw(NO_LIMIT),
                unit,
                VALIDITY_MONTHS,
                new Program.CancellationRule(7, false),
                new Program.PartialRefundRule(6_000, unit, 8_000, false, Set.of(FundingMethod.BANK_ACCOUNT)),
                new Program.GiftRule(true, unit.times(50), Set.of(FundingMethod.BANK_ACCOUNT))));
        Money roundBudget = unit.times(100_000_000_000L);
        programs.schedule(new Round(
                ROUND,
                PROGRAM,
                "Benchmark round",
                roundBudget,
                Instant.now().minusSeconds(60),
                null,
                Money.krw(NO_LIMIT),
                DISCOUNT_BP,
                RoundStatus.ACTIVE));

        PurchaseDriver driver = options.mode().equals("ledger")
                ? PurchaseDriver.ledgerOnly(ledger, PROGRAM, ROUND, DISCOUNT_BP, NO_LIMIT, VALIDITY_MONTHS)
                : PurchaseDriver.wallets(wallets, ROUND);
        PersonId[] people = new PersonId[options.people()];
        for (int i = 0; i < people.length; i++) {
            people[i] = PersonId.of(String.format(Locale.ROOT, "bench-person-%06d", i));
        }
        String runId = Long.toString(System.currentTimeMillis(), 36);

        System.out.printf(
                Locale.ROOT,
                "Dangol purchase-chain benchmark: mode=%s db=%s callers=%d (%s threads) warm-up=%ds measured=%ds people=%,d"
                        + " unit=%,d KRW x1..%d funding=%s pool=%s boot=%.1fs%n",
                options.mode(),
                options.db(),
                options.callers(),
                options.virtualThreads() ? "virtual" : "platform",
                options.warmupSeconds(),
                options.seconds(),
                options.people(),
                options.unit(),
                options.maxUnits(),
                options.funding(),
                poolSize,
                boot.toMillis() / 1000.0);

        boolean analyze = postgres && options.analyze() && autovacuumOff(dataSource);
        if (analyze) {
            System.out.println("note: autovacuum is off on this PostgreSQL server; the benchmark runs ANALYZE on the"
                    + " ledger's tables and VACUUM on its queue of live holds twice during warm-up, as autovacuum"
                    + " would (--analyze=false to skip)");
        }
        System.out.printf(Locale.ROOT, "load average before the run: %s%n", loadAverage());

        List<CallerStats> stats = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int c = 0; c < options.callers(); c++) {
            CallerStats mine = new CallerStats();
            stats.add(mine);
            int caller = c;
            Runnable loop = () -> callerLoop(options, driver, people, unit, runId, caller, mine);
            Thread.Builder builder = options.virtualThreads()
                    ? Thread.ofVirtual().name("bench-caller-" + c)
                    : Thread.ofPlatform().name("bench-caller-" + c);
            threads.add(builder.start(loop));
        }

        if (analyze) {
            // This server runs without autovacuum, so nothing would ever analyze the ledger's tables (the plans
            // cached while they were empty, sequential scans, would stay) or vacuum its queue of live holds. Do what
            // autovacuum does, twice in warm-up.
            Thread.sleep(Duration.ofMillis(options.warmupSeconds() * 500L));
            analyze(dataSource);
            Thread.sleep(Duration.ofMillis(options.warmupSeconds() * 500L));
            analyze(dataSource);
        } else {
            Thread.sleep(Duration.ofSeconds(options.warmupSeconds()));
        }
        Probe before = Probe.take(meters, dataSource, postgres ? options.pgDatabase() : null);
        if (sqlProfile != null) {
            sqlBefore = sqlProfile.snapshot();
        }
        Thread.sleep(Duration.ofSeconds(options.seconds()));
        if (sqlProfile != null) {
            sqlAfter = sqlProfile.snapshot();
        }
        Probe after = Probe.take(meters, dataSource, postgres ? options.pgDatabase() : null);
        stop = true;
        for (Thread thread : threads) {
            if (!thread.join(Duration.ofSeconds(60))) {
                System.out.println("FAIL: caller " + thread.getName() + " did not stop within 60 s");
                return 1;
            }
        }
        return report(options, ledger, programs, dataSource, stats, before, after, roundBudget, postgres);
    }

    private void callerLoop(
            BenchOptions options,
            PurchaseDriver driver,
            PersonId[] people,
            Money unit,
            String runId,
            int caller,
            CallerStats mine) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long sequence = 0;
        while (!stop) {
            PersonId buyer = people[random.nextInt(people.length)];
            Money face = unit.times(1 + random.nextInt(options.maxUnits()));
            FundingMethod funding = switch (options.funding()) {
                case "card" -> FundingMethod.CARD;
                case "mixed" -> random.nextBoolean() ? FundingMethod.CARD : FundingMethod.BANK_ACCOUNT;
                default -> FundingMethod.BANK_ACCOUNT;
            };
            IdempotencyKey key = new IdempotencyKey("b-" + runId + "-" + caller + "-" + sequence++);
            long started = System.nanoTime();
            Object reservation;
            try {
                reservation = driver.reserve(buyer, face, funding, key);
            } catch (RuntimeException e) {
                error("reserve", e);
                continue;
            }
            long reservedAt = System.nanoTime();
            try {
                driver.confirm(buyer, reservation, face);
                long finished = System.nanoTime();
                mine.confirmedFace += face.krw();
                mine.purchases++;
                mine.finishedAt.add(finished);
                mine.reserveNanos.add(reservedAt - started);
                mine.confirmNanos.add(finished - reservedAt);
            } catch (RuntimeException e) {
                error("confirm", e);
                mine.unconfirmedFace += face.krw();
            }
        }
    }

    private void error(String step, RuntimeException e) {
        String kind = step + ": "
                + (e instanceof Rejection r ? r.code() : e.getClass().getSimpleName());
        errors.computeIfAbsent(kind, k -> new LongAdder()).increment();
        if (stackTracesPrinted.incrementAndGet() <= 3) {
            System.err.println("error in " + step + ":");
            e.printStackTrace();
        }
    }

    private int report(
            BenchOptions options,
            Ledger ledger,
            Programs programs,
            DataSource dataSource,
            List<CallerStats> stats,
            Probe before,
            Probe after,
            Money roundBudget,
            boolean postgres) {
        double seconds = (after.nanos() - before.nanos()) / 1e9;
        List<Samples> reserve = new ArrayList<>();
        List<Samples> confirm = new ArrayList<>();
        long measured = 0;
        long allPurchases = 0;
        long confirmedFace = 0;
        long unconfirmedFace = 0;
        for (CallerStats s : stats) {
            Samples r = new Samples();
            Samples c = new Samples();
            for (int i = 0; i < s.finishedAt.size(); i++) {
                long at = s.finishedAt.get(i);
                if (at >= before.nanos() && at < after.nanos()) {
                    r.add(s.reserveNanos.get(i));
                    c.add(s.confirmNanos.get(i));
                }
            }
            measured += r.size();
            reserve.add(r);
            confirm.add(c);
            allPurchases += s.purchases;
            confirmedFace += s.confirmedFace;
            unconfirmedFace += s.unconfirmedFace;
        }
        long[] reserveSorted = Samples.sortedUnion(reserve);
        long[] confirmSorted = Samples.sortedUnion(confirm);
        double purchasesPerSecond = measured / seconds;

        long batches = after.batches() - before.batches();
        double batchMillis = batches == 0 ? 0 : (after.batchNanos() - before.batchNanos()) / batches / 1e6;
        double submissionsPerBatch =
                batches == 0 ? 0 : (after.batchSubmissions() - before.batchSubmissions()) / batches;
        double transfersPerSecond = (after.ledgerTransfers() - before.ledgerTransfers()) / seconds;
        double writerBusy = (after.batchNanos() - before.batchNanos()) / (seconds * 1e9);
        double writerCpu = (after.writerCpuNanos() - before.writerCpuNanos()) / (seconds * 1e9);
        int cpus = Runtime.getRuntime().availableProcessors();
        long ticks = after.machineTotalTicks() - before.machineTotalTicks();
        double machineBusy =
                ticks == 0 ? 0 : (double) (after.machineBusyTicks() - before.machineBusyTicks()) / ticks * cpus;
        double jvmCpu = (after.jvmCpuNanos() - before.jvmCpuNanos()) / (seconds * 1e9);

        StringBuilder out = new StringBuilder();
        line(out, "");
        line(out, "== Result (measured %.1f s) ==", seconds);
        line(
                out,
                "complete purchases (reserve+confirm): %,10.0f /s   (%,d in the window)",
                purchasesPerSecond,
                measured);
        line(out, "ledger chains (2 per purchase):       %,10.0f /s", purchasesPerSecond * 2);
        line(out, "ledger transfers (all, incl. grants): %,10.0f /s", transfersPerSecond);
        line(
                out,
                "reserve latency ms: p50 %.2f  p99 %.2f  max %.2f",
                ms(Samples.quantile(reserveSorted, 0.50)),
                ms(Samples.quantile(reserveSorted, 0.99)),
                ms(Samples.quantile(reserveSorted, 1.0)));
        line(
                out,
                "confirm latency ms: p50 %.2f  p99 %.2f  max %.2f",
                ms(Samples.quantile(confirmSorted, 0.50)),
                ms(Samples.quantile(confirmSorted, 0.99)),
                ms(Samples.quantile(confirmSorted, 1.0)));
        line(out, "");
        line(out, "== Where the time goes ==");
        line(
                out,
                "ledger batches: %,.0f /s, %.1f submissions per batch, %.2f ms per batch transaction",
                batches / seconds,
                submissionsPerBatch,
                batchMillis);
        line(
                out,
                "ledger writers (summed): busy in batch transactions %.0f%% of wall time, on CPU %.0f%% of wall time",
                writerBusy * 100,
                writerCpu * 100);
        line(
                out,
                "CPU (of %d cores): machine %.2f cores busy, this JVM %.2f, everything else (database server, other"
                        + " work) %.2f;"
                        + " GC %d ms",
                cpus,
                machineBusy,
                jvmCpu,
                Math.max(0, machineBusy - jvmCpu),
                after.gcMillis() - before.gcMillis());
        double pgCpu = postgres
                ? (after.postgresCpuTicks() - before.postgresCpuTicks()) / (double) Probe.TICKS_PER_SECOND / seconds
                : 0;
        double cpuPerPurchase = measured == 0 ? 0 : (jvmCpu + pgCpu) * seconds / measured * 1e6;
        line(
                out,
                "CPU per purchase: this JVM %.0f us%s = %.0f us -> if CPU were the only limit, %d dedicated cores"
                        + " would do about %,.0f purchases/s",
                measured == 0 ? 0 : jvmCpu * seconds / measured * 1e6,
                postgres
                        ? String.format(
                                Locale.ROOT,
                                " + PostgreSQL %.0f us (%.2f cores)",
                                measured == 0 ? 0 : pgCpu * seconds / measured * 1e6,
                                pgCpu)
                        : "",
                cpuPerPurchase,
                cpus,
                cpuPerPurchase == 0 ? 0 : cpus * 1e6 / cpuPerPurchase);
        line(
                out,
                "ledger retries %.0f, failed submissions %.0f, rejected (queue full) %.0f",
                after.retries() - before.retries(),
                after.failures() - before.failures(),
                after.rejections() - before.rejections());
        if (postgres && measured > 0) {
            Map<String, Long> a = after.postgres();
            Map<String, Long> b = before.postgres();
            StringBuilder pg = new StringBuilder();
            for (String name : a.keySet()) {
                if (b.containsKey(name)) {
                    pg.append(String.format(
                            Locale.ROOT, " %s %.2f", name, (a.get(name) - b.get(name)) / (double) measured));
                }
            }
            line(out, "postgres per purchase (wal_* for the whole server):%s", pg);
            line(
                    out,
                    "postgres WAL (whole server): %.1f MB/s, %.0f WAL syncs/s",
                    (a.getOrDefault("wal_bytes", 0L) - b.getOrDefault("wal_bytes", 0L)) / seconds / 1e6,
                    (a.getOrDefault("wal_sync", 0L) - b.getOrDefault("wal_sync", 0L)) / seconds);
            line(out, "postgres settings: %s", Probe.postgresSettings(dataSource));
        }

        if (sqlProfile != null) {
            line(out, "");
            line(out, "== JDBC calls in the measured phase (--sql-profile) ==");
            for (String row : SqlProfile.report(sqlBefore, sqlAfter, measured, seconds)) {
                line(out, "%s", row);
            }
        }

        // Invariants.
        List<String> failures = new ArrayList<>();
        LedgerAudit audit = ledger.audit();
        if (!audit.balanced()) {
            failures.add("the ledger does not balance: " + audit);
        }
        RoundBudget budget = programs.budget(ROUND);
        if (budget.sold().krw() != confirmedFace) {
            failures.add("sold face value " + budget.sold() + " != confirmed purchases " + Money.krw(confirmedFace));
        }
        if (budget.held().krw() != unconfirmedFace) {
            failures.add(
                    "held face value " + budget.held() + " != reserved but unconfirmed " + Money.krw(unconfirmedFace));
        }
        if (budget.remaining().plus(budget.held()).plus(budget.sold()).krw() != roundBudget.krw()) {
            failures.add("remaining + held + sold != the round's budget: " + budget);
        }
        long errorCount = errors.values().stream().mapToLong(LongAdder::sum).sum();
        if (errorCount > 0) {
            failures.add("callers saw " + errorCount + " errors: " + errorSummary());
        }
        if (measured == 0) {
            failures.add("no purchase completed in the measured phase");
        }
        line(out, "");
        line(out, "== Checks ==");
        line(
                out,
                "ledger audit: %s (%,d accounts); sold %s = %,d confirmed purchases totalling %s; held %s",
                audit.balanced() ? "balanced" : "NOT BALANCED",
                audit.accounts(),
                budget.sold(),
                allPurchases,
                Money.krw(confirmedFace),
                budget.held());
        for (String failure : failures) {
            line(out, "FAIL: %s", failure);
        }
        if (failures.isEmpty()) {
            line(out, "OK: ledger balanced, sold face value equals confirmed purchases, no errors");
        }
        line(
                out,
                "RESULT mode=%s db=%s callers=%d threads=%s funding=%s purchases_per_s=%.0f chains_per_s=%.0f"
                        + " reserve_p50_ms=%.2f reserve_p99_ms=%.2f confirm_p50_ms=%.2f confirm_p99_ms=%.2f"
                        + " batch_submissions=%.1f batch_ms=%.2f writer_busy=%.2f cpu_busy_cores=%.2f jvm_cores=%.2f"
                        + " pg_cores=%.2f cpu_us_per_purchase=%.0f"
                        + " status=%s label=%s",
                options.mode(),
                options.db(),
                options.callers(),
                options.virtualThreads() ? "virtual" : "platform",
                options.funding(),
                purchasesPerSecond,
                purchasesPerSecond * 2,
                ms(Samples.quantile(reserveSorted, 0.50)),
                ms(Samples.quantile(reserveSorted, 0.99)),
                ms(Samples.quantile(confirmSorted, 0.50)),
                ms(Samples.quantile(confirmSorted, 0.99)),
                submissionsPerBatch,
                batchMillis,
                writerBusy,
                machineBusy,
                jvmCpu,
                pgCpu,
                cpuPerPurchase,
                failures.isEmpty() ? "OK" : "FAIL",
                options.label().isBlank() ? "-" : options.label().replace(' ', '_'));
        System.out.print(out);
        System.out.flush();
        return failures.isEmpty() ? 0 : 1;
    }

    private String errorSummary() {
        StringBuilder summary = new StringBuilder();
        errors.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .forEach(e -> summary.append(e.getKey())
                        .append(" x")
                        .append(e.getValue().sum())
                        .append("; "));
        return summary.toString();
    }

    private static void line(StringBuilder out, String format, Object... args) {
        out.append(String.format(Locale.ROOT, format, args)).append('\n');
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    private static boolean autovacuumOff(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("select setting from pg_settings where name = 'autovacuum'")) {
            return rows.next() && rows.getString(1).equals("off");
        } catch (SQLException e) {
            return false;
        }
    }

    private static void analyze(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("analyze ledger_account, ledger_transfer, ledger_history, program, sale_round");
            // ledger_pending is a queue: every hold is inserted and deleted within seconds. Autovacuum would vacuum
            // it at each of its checks (its dead rows pass 50 + 20 % of its live rows within a second), once a
            // minute by default; without that its dead rows pile up and its plans go stale.
            statement.execute("vacuum (analyze) ledger_pending");
        } catch (SQLException e) {
            System.err.println("analyze failed: " + e.getMessage());
        }
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static void recreatePostgres(BenchOptions options) throws SQLException {
        try (Connection admin = DriverManager.getConnection(options.pgUrl("postgres"), options.pgUser(), "");
                Statement statement = admin.createStatement()) {
            statement.execute("drop database if exists " + options.pgDatabase() + " with (force)");
            statement.execute("create database " + options.pgDatabase());
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            System.err.println("could not delete " + root + ": " + e.getMessage());
        }
    }
}
