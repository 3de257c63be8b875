package dev.dangol.bench;

import java.sql.Array;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Times the ledger writer's statement shapes against a copy of a benchmark database, to size proposed changes to
 * {@code JdbcLedgerStore}: each JDBC batch it sends today beside a set-based statement that does the same work in one
 * execution, and the pending-state update with and without the index that makes it a non-HOT update. Works on
 * scratch tables it creates (copies of the ledger's), never on the ledger's own.
 *
 * <pre>
 * createdb -h 127.0.0.1 -U postgres -T dangol_bench dangol_shapes
 * java -cp 'bench/target/dangol-bench-0.1.0-SNAPSHOT.jar:bench/target/lib/*' dev.dangol.bench.WriteShapes \
 *     jdbc:postgresql://127.0.0.1:5432/dangol_shapes?reWriteBatchedInserts=true 36
 * </pre>
 *
 * The second argument is purchases per batch; the row counts per statement follow from the benchmark's measured
 * rows per purchase (13 transfers inserted, 6 pending states and about 6 accounts updated).
 */
public final class WriteShapes {

    private static final int REPEATS = 40;

    private WriteShapes() {}

    public static void main(String[] args) throws SQLException {
        String url =
                args.length > 0 ? args[0] : "jdbc:postgresql://127.0.0.1:5432/dangol_shapes?reWriteBatchedInserts=true";
        int purchases = args.length > 1 ? Integer.parseInt(args[1]) : 36;
        int transferRows = purchases * 13;
        int pendingRows = purchases * 6;
        int accountRows = purchases * 6;
        try (Connection c = DriverManager.getConnection(url, "postgres", "")) {
            setUp(c);
            System.out.printf(
                    Locale.ROOT,
                    "per batch of %d purchases: %d transfer inserts, %d pending-state updates, %d account updates;"
                            + " median of %d transactions, ms%n",
                    purchases,
                    transferRows,
                    pendingRows,
                    accountRows,
                    REPEATS);
            List<String> accounts = ids(c, "select id from s_account order by random() limit " + accountRows * 20);
            List<String> pending = ids(
                    c,
                    "select id from s_transfer where pending_state is not null order by random() limit "
                            + pendingRows * REPEATS * 2);
            List<String> pendingNoDue = ids(
                    c,
                    "select id from s_transfer_nodue where pending_state is not null order by random() limit "
                            + pendingRows * REPEATS * 2);

            report(
                    "update accounts: JDBC batch (today)",
                    time(c, rep -> batchAccountUpdate(c, sample(accounts, accountRows))));
            report(
                    "update accounts: one statement over unnest()",
                    time(c, rep -> unnestAccountUpdate(c, sample(accounts, accountRows))));
            report(
                    "update pending states: JDBC batch (today, non-HOT)",
                    time(c, rep -> batchPendingUpdate(c, "s_transfer", slice(pending, rep, pendingRows), rep)));
            report(
                    "update pending states: one statement over unnest()",
                    time(
                            c,
                            rep -> unnestPendingUpdate(
                                    c, "s_transfer", slice(pending, rep + REPEATS, pendingRows), rep)));
            report(
                    "update pending states: JDBC batch, no due index (HOT)",
                    time(
                            c,
                            rep -> batchPendingUpdate(
                                    c, "s_transfer_nodue", slice(pendingNoDue, rep, pendingRows), rep)));
            report(
                    "update pending states: unnest(), no due index (HOT)",
                    time(
                            c,
                            rep -> unnestPendingUpdate(
                                    c, "s_transfer_nodue", slice(pendingNoDue, rep + REPEATS, pendingRows), rep)));
            report(
                    "insert transfers: JDBC batch, rewritten to multi-row VALUES (today)",
                    time(c, rep -> batchInsert(c, "s_transfer", "a" + rep, transferRows)));
            report(
                    "insert transfers: one insert ... select from unnest()",
                    time(c, rep -> unnestInsert(c, "s_transfer", "b" + rep, transferRows)));
            report(
                    "insert transfers: JDBC batch, without the debit/credit/due indexes",
                    time(c, rep -> batchInsert(c, "s_transfer_lean", "c" + rep, transferRows)));
            report("commit of an empty transaction (fsync floor)", time(c, rep -> touch(c)));
        }
    }

    @FunctionalInterface
    private interface Work {
        void run(int rep) throws SQLException;
    }

    private static double[] time(Connection c, Work work) throws SQLException {
        c.setAutoCommit(false);
        double[] statement = new double[REPEATS];
        double[] commit = new double[REPEATS];
        for (int rep = 0; rep < REPEATS; rep++) {
            long t0 = System.nanoTime();
            work.run(rep);
            long t1 = System.nanoTime();
            c.commit();
            long t2 = System.nanoTime();
            statement[rep] = (t1 - t0) / 1e6;
            commit[rep] = (t2 - t1) / 1e6;
        }
        c.setAutoCommit(true);
        Arrays.sort(statement);
        Arrays.sort(commit);
        return new double[] {statement[REPEATS / 2], commit[REPEATS / 2]};
    }

    private static void report(String what, double[] medians) {
        System.out.printf(Locale.ROOT, "  %-72s %7.2f  (commit %.2f)%n", what, medians[0], medians[1]);
    }

    private static void setUp(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("drop table if exists s_account, s_transfer, s_transfer_nodue, s_transfer_lean");
            s.execute("create table s_account (like ledger_account including all)");
            s.execute("insert into s_account select * from ledger_account");
            for (String table : List.of("s_transfer", "s_transfer_nodue", "s_transfer_lean")) {
                s.execute("create table " + table + " (like ledger_transfer including defaults including identity)");
                s.execute("insert into " + table + " select * from ledger_transfer");
                s.execute("alter table " + table + " add primary key (id)");
            }
            for (String table : List.of("s_transfer", "s_transfer_nodue")) {
                s.execute("create index on " + table + " (debit_account_id, seq)");
                s.execute("create index on " + table + " (credit_account_id, seq)");
            }
            s.execute("create index on s_transfer (pending_state, expires_at)");
            s.execute("analyze s_account, s_transfer, s_transfer_nodue, s_transfer_lean");
            s.execute("checkpoint");
        }
    }

    private static List<String> ids(Connection c, String sql) throws SQLException {
        List<String> ids = new ArrayList<>();
        try (Statement s = c.createStatement();
                ResultSet rows = s.executeQuery(sql)) {
            while (rows.next()) {
                ids.add(rows.getString(1));
            }
        }
        return ids;
    }

    private static List<String> sample(List<String> from, int n) {
        List<String> picked = new ArrayList<>(n);
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < n; i++) {
            picked.add(from.get(random.nextInt(from.size())));
        }
        return picked.stream().distinct().sorted().toList();
    }

    private static List<String> slice(List<String> from, int rep, int n) {
        int start = (rep * n) % Math.max(1, from.size() - n);
        return from.subList(start, start + n).stream().sorted().toList();
    }

    private static void batchAccountUpdate(Connection c, List<String> ids) throws SQLException {
        try (PreparedStatement update = c.prepareStatement("update s_account set debits_pending = ?, debits_posted = ?,"
                + " credits_pending = ?, credits_posted = ? where id = ?")) {
            for (String id : ids) {
                long v = ThreadLocalRandom.current().nextLong(1_000_000);
                update.setLong(1, v);
                update.setLong(2, v);
                update.setLong(3, v);
                update.setLong(4, v);
                update.setString(5, id);
                update.addBatch();
            }
            update.executeBatch();
        }
    }

    private static void unnestAccountUpdate(Connection c, List<String> ids) throws SQLException {
        Long[] values = new Long[ids.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = ThreadLocalRandom.current().nextLong(1_000_000);
        }
        try (PreparedStatement update = c.prepareStatement("update s_account a set debits_pending = v.dp,"
                + " debits_posted = v.dd, credits_pending = v.cp, credits_posted = v.cc"
                + " from unnest(?::varchar[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[])"
                + " as v(id, dp, dd, cp, cc) where a.id = v.id")) {
            update.setArray(1, c.createArrayOf("varchar", ids.toArray()));
            Array longs = c.createArrayOf("bigint", values);
            update.setArray(2, longs);
            update.setArray(3, longs);
            update.setArray(4, longs);
            update.setArray(5, longs);
            update.executeUpdate();
        }
    }

    private static String state(int rep) {
        return rep % 2 == 0 ? "VOIDED" : "EXPIRED";
    }

    private static void batchPendingUpdate(Connection c, String table, List<String> ids, int rep) throws SQLException {
        try (PreparedStatement update = c.prepareStatement("update " + table + " set pending_state = ? where id = ?")) {
            for (String id : ids) {
                update.setString(1, state(rep));
                update.setString(2, id);
                update.addBatch();
            }
            update.executeBatch();
        }
    }

    private static void unnestPendingUpdate(Connection c, String table, List<String> ids, int rep) throws SQLException {
        try (PreparedStatement update = c.prepareStatement(
                "update " + table + " t set pending_state = ? from unnest(?::varchar[]) as v(id) where t.id = v.id")) {
            update.setString(1, state(rep));
            update.setArray(2, c.createArrayOf("varchar", ids.toArray()));
            update.executeUpdate();
        }
    }

    private static final String TRANSFER_COLUMNS =
            "id, debit_account_id, credit_account_id, amount, pending_id, ledger, code, flags, timeout_seconds,"
                    + " user_data_128, user_data_64, user_data_32, result, created_at, pending_state, expires_at";

    private static void batchInsert(Connection c, String table, String prefix, int rows) throws SQLException {
        Timestamp now = new Timestamp(System.currentTimeMillis());
        try (PreparedStatement insert = c.prepareStatement("insert into " + table + " (" + TRANSFER_COLUMNS
                + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            for (int i = 0; i < rows; i++) {
                String purchase = prefix + "-" + System.nanoTime() + "-" + i + "-0000-0000-000000000000";
                insert.setString(1, "p:" + purchase + ":holding");
                insert.setString(2, "holding:bench-person-0" + (i % 20_000) + ":bench");
                insert.setString(3, "holding-control:bench");
                insert.setLong(4, 30_000);
                insert.setString(5, i % 2 == 0 ? null : "p:" + purchase + ":pending");
                insert.setInt(6, 5);
                insert.setInt(7, 3);
                insert.setInt(8, 3);
                insert.setLong(9, i % 2 == 0 ? 600 : 0);
                insert.setString(10, "bench-r1");
                insert.setLong(11, 0);
                insert.setInt(12, 0);
                insert.setString(13, "OK");
                insert.setTimestamp(14, now);
                insert.setString(15, i % 2 == 0 ? "PENDING" : null);
                insert.setTimestamp(16, i % 2 == 0 ? now : null);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private static void unnestInsert(Connection c, String table, String prefix, int rows) throws SQLException {
        Timestamp now = new Timestamp(System.currentTimeMillis());
        String[] id = new String[rows];
        String[] debit = new String[rows];
        String[] credit = new String[rows];
        String[] pendingId = new String[rows];
        String[] state = new String[rows];
        Long[] timeout = new Long[rows];
        Timestamp[] expires = new Timestamp[rows];
        for (int i = 0; i < rows; i++) {
            String purchase = prefix + "-" + System.nanoTime() + "-" + i + "-0000-0000-000000000000";
            id[i] = "p:" + purchase + ":holding";
            debit[i] = "holding:bench-person-0" + (i % 20_000) + ":bench";
            credit[i] = "holding-control:bench";
            pendingId[i] = i % 2 == 0 ? null : "p:" + purchase + ":pending";
            state[i] = i % 2 == 0 ? "PENDING" : null;
            timeout[i] = i % 2 == 0 ? 600L : 0L;
            expires[i] = i % 2 == 0 ? now : null;
        }
        try (PreparedStatement insert = c.prepareStatement("insert into " + table + " (" + TRANSFER_COLUMNS + ")"
                + " select v.id, v.debit, v.credit, 30000, v.pending_id, 5, 3, 3, v.timeout, 'bench-r1', 0, 0, 'OK', ?,"
                + " v.state, v.expires from unnest(?::varchar[], ?::varchar[], ?::varchar[], ?::varchar[],"
                + " ?::bigint[], ?::varchar[], ?::timestamptz[]) as v(id, debit, credit, pending_id, timeout, state,"
                + " expires)")) {
            insert.setTimestamp(1, now);
            insert.setArray(2, c.createArrayOf("varchar", id));
            insert.setArray(3, c.createArrayOf("varchar", debit));
            insert.setArray(4, c.createArrayOf("varchar", credit));
            insert.setArray(5, c.createArrayOf("varchar", pendingId));
            insert.setArray(6, c.createArrayOf("bigint", timeout));
            insert.setArray(7, c.createArrayOf("varchar", state));
            insert.setArray(8, c.createArrayOf("timestamptz", expires));
            insert.executeUpdate();
        }
    }

    private static void touch(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("update s_account set user_data_32 = user_data_32 where id = 'budget:bench-r1'");
        }
    }
}
