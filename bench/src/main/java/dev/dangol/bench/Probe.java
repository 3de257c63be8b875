package dev.dangol.bench;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * A snapshot of everything the benchmark reports besides its own counts: the ledger's Micrometer figures, CPU time of
 * the machine, of this JVM and of the ledger's writer thread, garbage collection, and for PostgreSQL its transaction,
 * row and WAL counters. Two snapshots subtract to the figures of the measured phase.
 */
record Probe(
        long nanos,
        long batches,
        double batchNanos,
        double batchSubmissions,
        double ledgerTransfers,
        double retries,
        double failures,
        double rejections,
        long machineBusyTicks,
        long machineTotalTicks,
        long jvmCpuNanos,
        long writerCpuNanos,
        long gcMillis,
        long postgresCpuTicks,
        Map<String, Long> postgres) {

    /** Clock ticks per second of /proc's CPU times (USER_HZ); 100 on Linux everywhere that matters. */
    static final int TICKS_PER_SECOND = 100;

    static Probe take(MeterRegistry meters, DataSource dataSource, String postgresDb) {
        long[] cpu = machineCpu();
        Timer batch = meters.find("dangol.ledger.batch.duration").timer();
        DistributionSummary size =
                meters.find("dangol.ledger.batch.submissions").summary();
        return new Probe(
                System.nanoTime(),
                batch == null ? 0 : batch.count(),
                batch == null ? 0 : batch.totalTime(TimeUnit.NANOSECONDS),
                size == null ? 0 : size.totalAmount(),
                count(meters, "dangol.ledger.transfers"),
                count(meters, "dangol.ledger.batch.retries"),
                count(meters, "dangol.ledger.submission.failures"),
                count(meters, "dangol.ledger.submission.rejected"),
                cpu[0],
                cpu[1],
                processCpu(),
                writerThreadCpu(),
                totalGcMillis(),
                postgresDb == null ? 0 : postgresCpu(postgresDb),
                postgresDb == null ? Map.of() : postgresCounters(dataSource));
    }

    private static double count(MeterRegistry meters, String name) {
        Counter counter = meters.find(name).counter();
        return counter == null ? 0 : counter.count();
    }

    /** Busy and total ticks of all CPUs since boot, from /proc/stat; zeros where there is no /proc. */
    private static long[] machineCpu() {
        try {
            String line = Files.readAllLines(Path.of("/proc/stat")).getFirst();
            String[] f = line.trim().split("\\s+");
            long total = 0;
            // user nice system idle iowait irq softirq steal (guest time is already inside user).
            for (int i = 1; i <= Math.min(8, f.length - 1); i++) {
                total += Long.parseLong(f[i]);
            }
            long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
            return new long[] {total - idle, total};
        } catch (IOException | RuntimeException e) {
            return new long[] {0, 0};
        }
    }

    /**
     * CPU ticks used so far by the PostgreSQL processes that work for this benchmark: the backends connected to its
     * database (their process title names it) and the server's shared WAL writer, background writer and
     * checkpointer. Other databases' backends on a shared machine are left out.
     */
    private static long postgresCpu(String database) {
        long ticks = 0;
        try (var dirs = Files.list(Path.of("/proc"))) {
            for (Path dir : dirs.toList()) {
                String name = dir.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                try {
                    String title = new String(Files.readAllBytes(dir.resolve("cmdline"))).replace('\0', ' ');
                    if (!title.startsWith("postgres: ")) {
                        continue;
                    }
                    boolean ours = title.contains(" " + database + " ")
                            || title.contains("walwriter")
                            || title.contains("checkpointer")
                            || title.contains("background writer");
                    if (!ours) {
                        continue;
                    }
                    String stat = Files.readString(dir.resolve("stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    // After the command: state(0) ... utime(11) stime(12).
                    ticks += Long.parseLong(f[11]) + Long.parseLong(f[12]);
                } catch (IOException | RuntimeException gone) {
                    // The process ended meanwhile, or is not ours to read.
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return ticks;
    }

    private static long processCpu() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return 0;
    }

    private static long writerThreadCpu() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long total = 0;
        // One writer, or several (ledger-writer-1, -2, ...): their CPU summed.
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().startsWith("ledger-writer")) {
                total += Math.max(0, threads.getThreadCpuTime(thread.threadId()));
            }
        }
        return total;
    }

    private static long totalGcMillis() {
        long total = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            total += Math.max(0, gc.getCollectionTime());
        }
        return total;
    }

    private static Map<String, Long> postgresCounters(DataSource dataSource) {
        Map<String, Long> values = new LinkedHashMap<>();
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement()) {
            try (ResultSet rows = statement.executeQuery("select xact_commit, xact_rollback, tup_returned,"
                    + " tup_fetched, tup_inserted, tup_updated, blks_read, blks_hit"
                    + " from pg_stat_database where datname = current_database()")) {
                if (rows.next()) {
                    for (String column : new String[] {
                        "xact_commit",
                        "xact_rollback",
                        "tup_returned",
                        "tup_fetched",
                        "tup_inserted",
                        "tup_updated",
                        "blks_read",
                        "blks_hit"
                    }) {
                        values.put(column, rows.getLong(column));
                    }
                }
            }
            try (ResultSet rows = statement.executeQuery(
                    "select wal_records, wal_fpi, wal_bytes::bigint, wal_write, wal_sync" + " from pg_stat_wal")) {
                if (rows.next()) {
                    for (String column :
                            new String[] {"wal_records", "wal_fpi", "wal_bytes", "wal_write", "wal_sync"}) {
                        values.put(column, rows.getLong(column));
                    }
                }
            }
        } catch (SQLException e) {
            values.put("error", 1L);
        }
        return values;
    }

    /** Settings worth printing beside a PostgreSQL result. */
    static Map<String, String> postgresSettings(DataSource dataSource) {
        Map<String, String> settings = new LinkedHashMap<>();
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("select name, setting, unit from pg_settings where name in"
                        + " ('server_version', 'shared_buffers', 'synchronous_commit', 'fsync', 'wal_level',"
                        + " 'commit_delay', 'max_connections', 'full_page_writes', 'wal_sync_method',"
                        + " 'max_wal_size', 'checkpoint_timeout') order by name")) {
            while (rows.next()) {
                String unit = rows.getString(3);
                settings.put(rows.getString(1), rows.getString(2) + (unit == null ? "" : " (" + unit + ")"));
            }
        } catch (SQLException e) {
            settings.put("error", e.getMessage());
        }
        return settings;
    }
}
