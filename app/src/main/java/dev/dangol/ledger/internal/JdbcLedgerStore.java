package dev.dangol.ledger.internal;

import dev.dangol.ledger.AccountBalance;
import dev.dangol.ledger.AccountFlag;
import dev.dangol.ledger.AccountQuery;
import dev.dangol.ledger.ExpiredTransfer;
import dev.dangol.ledger.HistoryWindow;
import dev.dangol.ledger.LedgerAudit;
import dev.dangol.ledger.PendingState;
import dev.dangol.ledger.Transfer;
import dev.dangol.ledger.TransferFlag;
import dev.dangol.ledger.TransferRecord;
import dev.dangol.ledger.TransferResult;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.sql.DataSource;

/**
 * The ledger's store on SQL: the same statements run on H2 and PostgreSQL. Sets of ids go to the database as one
 * array parameter ({@code = ANY(?)}), writes as JDBC batches, so a batch of hundreds of transfers costs a handful of
 * round trips.
 */
final class JdbcLedgerStore implements LedgerStore {

    private static final String ACCOUNT_COLUMNS = "id, ledger, code, flags, user_data_128, user_data_64, user_data_32, "
            + "debits_pending, debits_posted, credits_pending, credits_posted, created_at";
    private static final String TRANSFER_COLUMNS =
            "id, debit_account_id, credit_account_id, amount, pending_id, ledger, code, flags, timeout_seconds, "
                    + "user_data_128, user_data_64, user_data_32, result, created_at, pending_state, expires_at";

    private final DataSource dataSource;

    JdbcLedgerStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public <T> T inTransaction(Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                T result = work.run(new SqlTransaction(connection));
                connection.commit();
                return result;
            } catch (RuntimeException | Error e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new Conflict("the ledger's transaction failed: " + e.getMessage(), e);
        }
    }

    private final class SqlTransaction implements Transaction {
        private final Connection connection;

        SqlTransaction(Connection connection) {
            this.connection = connection;
        }

        @Override
        public Map<String, TransferRecord> findTransfers(Collection<String> ids) {
            return sql(() -> readTransfers(connection, ids));
        }

        @Override
        public Map<String, AccountBalance> lockAccounts(Set<String> ids) {
            if (ids.isEmpty()) {
                return Map.of();
            }
            return sql(() -> {
                try (PreparedStatement statement = connection.prepareStatement("select " + ACCOUNT_COLUMNS
                        + " from ledger_account where id = any(?) order by id for update")) {
                    statement.setArray(1, array(connection, ids));
                    return JdbcLedgerStore.readAccounts(statement);
                }
            });
        }

        @Override
        public Map<String, AccountBalance> readAccounts(Set<String> ids) {
            if (ids.isEmpty()) {
                return Map.of();
            }
            return sql(() -> {
                try (PreparedStatement statement = connection.prepareStatement(
                        "select " + ACCOUNT_COLUMNS + " from ledger_account where id = any(?)")) {
                    statement.setArray(1, array(connection, ids));
                    return JdbcLedgerStore.readAccounts(statement);
                }
            });
        }

        @Override
        public void write(Writes writes) {
            if (writes.isEmpty()) {
                return;
            }
            sql(() -> {
                if (isPostgres(connection)) {
                    JdbcPostgresWrites.writeAll(connection, writes);
                } else {
                    writeAll(connection, writes);
                }
                insertExpiryNotices(connection, writes);
                return null;
            });
        }
    }

    private volatile Boolean postgres;

    private boolean isPostgres(Connection connection) throws SQLException {
        Boolean known = postgres;
        if (known == null) {
            known = "PostgreSQL".equals(connection.getMetaData().getDatabaseProductName());
            postgres = known;
        }
        return known;
    }

    /** One notice per transfer the batch expired; rare (only lapsed holds), so one portable batch on both. */
    private static void insertExpiryNotices(Connection connection, Writes writes) throws SQLException {
        List<TransferRow> expired = new ArrayList<>();
        for (TransferRow row : writes.changedPendingStates()) {
            if (row.pendingState == PendingState.EXPIRED) {
                expired.add(row);
            }
        }
        if (expired.isEmpty()) {
            return;
        }
        try (PreparedStatement insert =
                connection.prepareStatement("insert into ledger_expiry (transfer_id, expired_at) values (?, ?)")) {
            for (TransferRow row : expired) {
                insert.setString(1, row.id());
                insert.setObject(2, timestamp(writes.expiredAt()));
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    /** The portable writes: one JDBC batch per kind of row. */
    private static void writeAll(Connection connection, Writes writes) throws SQLException {
        if (!writes.newAccounts().isEmpty()) {
            try (PreparedStatement insert = connection.prepareStatement("insert into ledger_account (" + ACCOUNT_COLUMNS
                    + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (AccountState a : writes.newAccounts()) {
                    insert.setString(1, a.id());
                    insert.setInt(2, a.account.ledger());
                    insert.setInt(3, a.account.code());
                    insert.setInt(4, a.flagBits);
                    insert.setString(5, a.account.userData128());
                    insert.setLong(6, a.account.userData64());
                    insert.setInt(7, a.account.userData32());
                    insert.setLong(8, a.debitsPending);
                    insert.setLong(9, a.debitsPosted);
                    insert.setLong(10, a.creditsPending);
                    insert.setLong(11, a.creditsPosted);
                    insert.setObject(12, timestamp(a.createdAt));
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        }
        if (!writes.changedAccounts().isEmpty()) {
            try (PreparedStatement update = connection.prepareStatement("update ledger_account set debits_pending = ?, "
                    + "debits_posted = ?, credits_pending = ?, credits_posted = ? where id = ?")) {
                for (AccountState a : writes.changedAccounts()) {
                    update.setLong(1, a.debitsPending);
                    update.setLong(2, a.debitsPosted);
                    update.setLong(3, a.creditsPending);
                    update.setLong(4, a.creditsPosted);
                    update.setString(5, a.id());
                    update.addBatch();
                }
                update.executeBatch();
            }
        }
        if (!writes.newTransfers().isEmpty()) {
            try (PreparedStatement insert = connection.prepareStatement("insert into ledger_transfer ("
                    + TRANSFER_COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (TransferRow row : writes.newTransfers()) {
                    Transfer t = row.transfer;
                    insert.setString(1, t.id());
                    insert.setString(2, t.debitAccountId());
                    insert.setString(3, t.creditAccountId());
                    insert.setLong(4, t.amount());
                    insert.setString(5, t.pendingId());
                    insert.setInt(6, t.ledger());
                    insert.setInt(7, t.code());
                    insert.setInt(8, TransferFlag.toBits(t.flags()));
                    insert.setLong(9, t.timeoutSeconds());
                    insert.setString(10, t.userData128());
                    insert.setLong(11, t.userData64());
                    insert.setInt(12, t.userData32());
                    insert.setString(13, row.result.name());
                    insert.setObject(14, timestamp(row.createdAt));
                    insert.setString(15, row.pendingState == null ? null : row.pendingState.name());
                    if (row.expiresAt == null) {
                        insert.setNull(16, Types.TIMESTAMP_WITH_TIMEZONE);
                    } else {
                        insert.setObject(16, timestamp(row.expiresAt));
                    }
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        }
        List<TransferRow> newPendings = new ArrayList<>();
        for (TransferRow row : writes.newTransfers()) {
            if (row.pendingState == PendingState.PENDING && row.expiresAt != null) {
                newPendings.add(row);
            }
        }
        if (!newPendings.isEmpty()) {
            try (PreparedStatement insert =
                    connection.prepareStatement("insert into ledger_pending (id, expires_at) values (?, ?)")) {
                for (TransferRow row : newPendings) {
                    insert.setString(1, row.id());
                    insert.setObject(2, timestamp(row.expiresAt));
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        }
        if (!writes.changedPendingStates().isEmpty()) {
            try (PreparedStatement update =
                            connection.prepareStatement("update ledger_transfer set pending_state = ? where id = ?"
                                    + " and pending_state = 'PENDING'");
                    PreparedStatement release =
                            connection.prepareStatement("delete from ledger_pending where id = ?")) {
                boolean anyTimed = false;
                for (TransferRow row : writes.changedPendingStates()) {
                    update.setString(1, row.pendingState.name());
                    update.setString(2, row.id());
                    update.addBatch();
                    if (row.expiresAt != null) {
                        release.setString(1, row.id());
                        release.addBatch();
                        anyTimed = true;
                    }
                }
                for (int count : update.executeBatch()) {
                    if (count == 0) {
                        // Decided by another writer since it was read (JdbcPostgresWrites says when).
                        throw new Conflict("a pending transfer of the batch was decided by another writer", null);
                    }
                }
                if (anyTimed) {
                    release.executeBatch();
                }
            }
        }
        if (!writes.history().isEmpty()) {
            try (PreparedStatement insert = connection.prepareStatement(
                    "insert into ledger_history (account_id, created_at, transfer_id) values (?, ?, ?)")) {
                for (HistoryEntry entry : writes.history()) {
                    insert.setString(1, entry.accountId());
                    insert.setObject(2, timestamp(entry.createdAt()));
                    insert.setString(3, entry.transferId());
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        }
    }

    @Override
    public Map<String, AccountBalance> findAccounts(Collection<String> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        return withConnection(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(
                    "select " + ACCOUNT_COLUMNS + " from ledger_account where id = any(?)")) {
                statement.setArray(1, array(connection, ids));
                return readAccounts(statement);
            }
        });
    }

    @Override
    public Map<String, TransferRecord> findTransfers(Collection<String> ids) {
        return withConnection(connection -> readTransfers(connection, ids));
    }

    @Override
    public List<AccountBalance> queryAccounts(AccountQuery query) {
        StringBuilder sql = new StringBuilder("select " + ACCOUNT_COLUMNS + " from ledger_account where 1 = 1");
        List<Object> parameters = new ArrayList<>();
        if (query.userData128() != null) {
            sql.append(" and user_data_128 = ?");
            parameters.add(query.userData128());
        }
        if (query.ledger() != 0) {
            sql.append(" and ledger = ?");
            parameters.add(query.ledger());
        }
        if (query.code() != 0) {
            sql.append(" and code = ?");
            parameters.add(query.code());
        }
        if (query.userData64AtLeast() != Long.MIN_VALUE) {
            sql.append(" and user_data_64 >= ?");
            parameters.add(query.userData64AtLeast());
        }
        if (query.userData64AtMost() != Long.MAX_VALUE) {
            sql.append(" and user_data_64 <= ?");
            parameters.add(query.userData64AtMost());
        }
        if (query.withAvailableBalance()) {
            sql.append(" and credits_posted > debits_posted + debits_pending");
        }
        sql.append(" order by id fetch first ").append(query.limit()).append(" rows only");
        return withConnection(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(sql.toString())) {
                for (int i = 0; i < parameters.size(); i++) {
                    statement.setObject(i + 1, parameters.get(i));
                }
                return List.copyOf(readAccounts(statement).values()).stream()
                        .sorted(java.util.Comparator.comparing(AccountBalance::id))
                        .toList();
            }
        });
    }

    @Override
    public List<TransferRecord> transfersOf(String accountId, int limit) {
        return withConnection(connection -> {
            try (PreparedStatement statement = connection.prepareStatement("select "
                    + TRANSFER_COLUMNS.replaceAll("(^|, )", "$1t.")
                    + " from ledger_history h join ledger_transfer t on t.id = h.transfer_id where h.account_id = ?"
                    + " order by h.created_at, h.transfer_id fetch first " + Math.max(1, limit) + " rows only")) {
                statement.setString(1, accountId);
                List<TransferRecord> found = new ArrayList<>();
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        found.add(transferRecord(rows));
                    }
                }
                return found;
            }
        });
    }

    @Override
    public List<TransferRecord> transfersOf(HistoryWindow window) {
        String cursor = window.afterCreatedAt() == null
                ? ""
                : " and (h.created_at > ? or (h.created_at = ? and h.transfer_id > ?))";
        return withConnection(connection -> {
            try (PreparedStatement statement = connection.prepareStatement("select "
                    + TRANSFER_COLUMNS.replaceAll("(^|, )", "$1t.")
                    + " from ledger_history h join ledger_transfer t on t.id = h.transfer_id where h.account_id = ?"
                    + " and h.created_at >= ? and h.created_at < ?" + cursor
                    + " order by h.created_at, h.transfer_id fetch first " + window.limit() + " rows only")) {
                statement.setString(1, window.accountId());
                statement.setObject(2, timestamp(window.from()));
                statement.setObject(3, timestamp(window.until()));
                if (window.afterCreatedAt() != null) {
                    statement.setObject(4, timestamp(window.afterCreatedAt()));
                    statement.setObject(5, timestamp(window.afterCreatedAt()));
                    statement.setString(6, window.afterTransferId());
                }
                List<TransferRecord> found = new ArrayList<>();
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        found.add(transferRecord(rows));
                    }
                }
                return found;
            }
        });
    }

    @Override
    public List<AccountBalance> accountsByCode(int ledger, int code, String afterId, int limit) {
        return withConnection(connection -> {
            try (PreparedStatement statement = connection.prepareStatement("select " + ACCOUNT_COLUMNS
                    + " from ledger_account where ledger = ? and code = ?" + (afterId == null ? "" : " and id > ?")
                    + " order by id fetch first " + limit + " rows only")) {
                statement.setInt(1, ledger);
                statement.setInt(2, code);
                if (afterId != null) {
                    statement.setString(3, afterId);
                }
                // The database's order, not Java's: the next page starts after this page's last id by the same order.
                return List.copyOf(readAccounts(statement).values());
            }
        });
    }

    @Override
    public List<String> duePendingTransfers(Instant now, int limit) {
        return withConnection(connection -> {
            try (PreparedStatement statement =
                    connection.prepareStatement("select id from ledger_pending where expires_at <= ?"
                            + " order by expires_at fetch first " + Math.max(1, limit) + " rows only")) {
                statement.setObject(1, timestamp(now));
                List<String> ids = new ArrayList<>();
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        ids.add(rows.getString(1));
                    }
                }
                return ids;
            }
        });
    }

    @Override
    public List<ExpiredTransfer> expiries(int limit) {
        return withConnection(connection -> {
            try (PreparedStatement statement = connection.prepareStatement("select seq, transfer_id, expired_at"
                    + " from ledger_expiry order by seq fetch first " + Math.max(1, limit) + " rows only")) {
                List<ExpiredTransfer> found = new ArrayList<>();
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        found.add(new ExpiredTransfer(
                                rows.getLong(1),
                                rows.getString(2),
                                rows.getObject(3, OffsetDateTime.class).toInstant()));
                    }
                }
                return found;
            }
        });
    }

    @Override
    public void acknowledgeExpiries(Collection<Long> sequences) {
        withConnection(connection -> {
            try (PreparedStatement delete = connection.prepareStatement("delete from ledger_expiry where seq = ?")) {
                for (long sequence : sequences) {
                    delete.setLong(1, sequence);
                    delete.addBatch();
                }
                delete.executeBatch();
                return null;
            }
        });
    }

    @Override
    public LedgerAudit audit() {
        return withConnection(connection -> {
            Map<Integer, Long> net = new TreeMap<>();
            long count = 0;
            try (PreparedStatement statement = connection.prepareStatement(
                            "select ledger, sum(credits_posted + credits_pending - debits_posted - debits_pending), count(*)"
                                    + " from ledger_account group by ledger");
                    ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    net.put(rows.getInt(1), rows.getLong(2));
                    count += rows.getLong(3);
                }
            }
            List<String> violations = new ArrayList<>();
            // mod() instead of a bit operator: H2 and PostgreSQL spell bit operators differently.
            try (PreparedStatement statement = connection.prepareStatement("select " + ACCOUNT_COLUMNS
                    + " from ledger_account where debits_pending < 0 or debits_posted < 0 or credits_pending < 0"
                    + " or credits_posted < 0"
                    + " or (mod(flags, 2) = 1 and debits_posted + debits_pending > credits_posted)"
                    + " or (mod(flags / 2, 2) = 1 and credits_posted + credits_pending > debits_posted)"
                    + " fetch first 1000 rows only")) {
                for (AccountBalance a : readAccounts(statement).values()) {
                    violations.addAll(InMemoryLedgerStore.Audits.violations(a));
                }
            }
            return new LedgerAudit(net, violations, count);
        });
    }

    private static Map<String, TransferRecord> readTransfers(Connection connection, Collection<String> ids)
            throws SQLException {
        if (ids.isEmpty()) {
            return Map.of();
        }
        try (PreparedStatement statement =
                connection.prepareStatement("select " + TRANSFER_COLUMNS + " from ledger_transfer where id = any(?)")) {
            statement.setArray(1, array(connection, ids));
            Map<String, TransferRecord> found = new HashMap<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    TransferRecord record = transferRecord(rows);
                    found.put(record.id(), record);
                }
            }
            return found;
        }
    }

    private static TransferRecord transferRecord(ResultSet rows) throws SQLException {
        Transfer transfer = new Transfer(
                rows.getString(1),
                rows.getString(2),
                rows.getString(3),
                rows.getLong(4),
                rows.getString(5),
                rows.getInt(6),
                rows.getInt(7),
                TransferFlag.fromBits(rows.getInt(8)),
                rows.getLong(9),
                rows.getString(10),
                rows.getLong(11),
                rows.getInt(12));
        String state = rows.getString(15);
        OffsetDateTime expires = rows.getObject(16, OffsetDateTime.class);
        return new TransferRecord(
                transfer,
                TransferResult.valueOf(rows.getString(13)),
                rows.getObject(14, OffsetDateTime.class).toInstant(),
                state == null ? null : PendingState.valueOf(state),
                expires == null ? null : expires.toInstant());
    }

    private static Map<String, AccountBalance> readAccounts(PreparedStatement statement) throws SQLException {
        // In the order the query gave, so that a page keeps the database's order and its last id is the cursor.
        Map<String, AccountBalance> found = new java.util.LinkedHashMap<>();
        try (ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                AccountBalance balance = new AccountBalance(
                        rows.getString(1),
                        rows.getInt(2),
                        rows.getInt(3),
                        AccountFlag.fromBits(rows.getInt(4)),
                        rows.getString(5),
                        rows.getLong(6),
                        rows.getInt(7),
                        rows.getLong(8),
                        rows.getLong(9),
                        rows.getLong(10),
                        rows.getLong(11),
                        rows.getObject(12, OffsetDateTime.class).toInstant());
                found.put(balance.id(), balance);
            }
        }
        return found;
    }

    private static Array array(Connection connection, Collection<String> ids) throws SQLException {
        return connection.createArrayOf("VARCHAR", ids.toArray(String[]::new));
    }

    private static OffsetDateTime timestamp(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    @FunctionalInterface
    private interface SqlWork<T> {
        T run() throws SQLException;
    }

    @FunctionalInterface
    private interface ConnectionWork<T> {
        T run(Connection connection) throws SQLException;
    }

    private static <T> T sql(SqlWork<T> work) {
        try {
            return work.run();
        } catch (SQLException e) {
            throw new Conflict("the ledger's statement failed: " + e.getMessage(), e);
        }
    }

    private <T> T withConnection(ConnectionWork<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            return work.run(connection);
        } catch (SQLException e) {
            throw new IllegalStateException("the ledger's database failed: " + e.getMessage(), e);
        }
    }
}
