package dev.dangol.ledger.internal;

import dev.dangol.ledger.PendingState;
import dev.dangol.ledger.Transfer;
import dev.dangol.ledger.TransferFlag;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A batch's writes on PostgreSQL as one set-based statement per kind of row: every column travels as one array and
 * {@code unnest} turns them back into rows. PostgreSQL then plans and runs one statement for hundreds of rows
 * instead of hundreds of statements, which on a launch's hot path is most of the writer's time
 * (docs/benchmarks.md). H2 takes the portable JDBC batches of {@link JdbcLedgerStore}; the rows written are the same.
 */
final class JdbcPostgresWrites {

    private JdbcPostgresWrites() {}

    static void writeAll(Connection connection, LedgerStore.Writes writes) throws SQLException {
        // New rows go in in id order: two nodes that insert the same new ids (one client retrying on both) then meet
        // on the first of them instead of each holding one and waiting for the other until PostgreSQL's deadlock
        // timeout.
        List<AccountState> accounts = new ArrayList<>(writes.newAccounts());
        accounts.sort(Comparator.comparing(AccountState::id));
        List<TransferRow> transfers = new ArrayList<>(writes.newTransfers());
        transfers.sort(Comparator.comparing(TransferRow::id));
        insertAccounts(connection, accounts);
        updateAccounts(connection, writes.changedAccounts());
        insertTransfers(connection, transfers);
        updatePendingStates(connection, writes.changedPendingStates());
        insertHistory(connection, writes.history());
    }

    private static void insertAccounts(Connection connection, List<AccountState> accounts) throws SQLException {
        if (accounts.isEmpty()) {
            return;
        }
        int n = accounts.size();
        String[] id = new String[n];
        Integer[] ledger = new Integer[n];
        Integer[] code = new Integer[n];
        Integer[] flags = new Integer[n];
        String[] userData128 = new String[n];
        Long[] userData64 = new Long[n];
        Integer[] userData32 = new Integer[n];
        Long[] debitsPending = new Long[n];
        Long[] debitsPosted = new Long[n];
        Long[] creditsPending = new Long[n];
        Long[] creditsPosted = new Long[n];
        String[] createdAt = new String[n];
        for (int i = 0; i < n; i++) {
            AccountState a = accounts.get(i);
            id[i] = a.id();
            ledger[i] = a.account.ledger();
            code[i] = a.account.code();
            flags[i] = a.flagBits;
            userData128[i] = a.account.userData128();
            userData64[i] = a.account.userData64();
            userData32[i] = a.account.userData32();
            debitsPending[i] = a.debitsPending;
            debitsPosted[i] = a.debitsPosted;
            creditsPending[i] = a.creditsPending;
            creditsPosted[i] = a.creditsPosted;
            createdAt[i] = a.createdAt.toString();
        }
        try (PreparedStatement insert = connection.prepareStatement("insert into ledger_account (id, ledger, code,"
                + " flags, user_data_128, user_data_64, user_data_32, debits_pending, debits_posted, credits_pending,"
                + " credits_posted, created_at) select * from unnest(?::varchar[], ?::int[], ?::int[], ?::int[],"
                + " ?::varchar[], ?::bigint[], ?::int[], ?::bigint[], ?::bigint[], ?::bigint[], ?::bigint[],"
                + " ?::timestamptz[])")) {
            int p = 1;
            insert.setArray(p++, connection.createArrayOf("varchar", id));
            insert.setArray(p++, connection.createArrayOf("int4", ledger));
            insert.setArray(p++, connection.createArrayOf("int4", code));
            insert.setArray(p++, connection.createArrayOf("int4", flags));
            insert.setArray(p++, connection.createArrayOf("varchar", userData128));
            insert.setArray(p++, connection.createArrayOf("int8", userData64));
            insert.setArray(p++, connection.createArrayOf("int4", userData32));
            insert.setArray(p++, connection.createArrayOf("int8", debitsPending));
            insert.setArray(p++, connection.createArrayOf("int8", debitsPosted));
            insert.setArray(p++, connection.createArrayOf("int8", creditsPending));
            insert.setArray(p++, connection.createArrayOf("int8", creditsPosted));
            insert.setArray(p, connection.createArrayOf("varchar", createdAt));
            insert.executeUpdate();
        }
    }

    private static void updateAccounts(Connection connection, List<AccountState> accounts) throws SQLException {
        if (accounts.isEmpty()) {
            return;
        }
        int n = accounts.size();
        String[] id = new String[n];
        Long[] debitsPending = new Long[n];
        Long[] debitsPosted = new Long[n];
        Long[] creditsPending = new Long[n];
        Long[] creditsPosted = new Long[n];
        for (int i = 0; i < n; i++) {
            AccountState a = accounts.get(i);
            id[i] = a.id();
            debitsPending[i] = a.debitsPending;
            debitsPosted[i] = a.debitsPosted;
            creditsPending[i] = a.creditsPending;
            creditsPosted[i] = a.creditsPosted;
        }
        try (PreparedStatement update = connection.prepareStatement("update ledger_account a set debits_pending ="
                + " v.debits_pending, debits_posted = v.debits_posted, credits_pending = v.credits_pending,"
                + " credits_posted = v.credits_posted from unnest(?::varchar[], ?::bigint[], ?::bigint[],"
                + " ?::bigint[], ?::bigint[]) as v(id, debits_pending, debits_posted, credits_pending,"
                + " credits_posted) where a.id = v.id")) {
            update.setArray(1, connection.createArrayOf("varchar", id));
            update.setArray(2, connection.createArrayOf("int8", debitsPending));
            update.setArray(3, connection.createArrayOf("int8", debitsPosted));
            update.setArray(4, connection.createArrayOf("int8", creditsPending));
            update.setArray(5, connection.createArrayOf("int8", creditsPosted));
            update.executeUpdate();
        }
    }

    private static void insertTransfers(Connection connection, List<TransferRow> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        int n = rows.size();
        String[] id = new String[n];
        String[] debit = new String[n];
        String[] credit = new String[n];
        Long[] amount = new Long[n];
        String[] pendingId = new String[n];
        Integer[] ledger = new Integer[n];
        Integer[] code = new Integer[n];
        Integer[] flags = new Integer[n];
        Long[] timeout = new Long[n];
        String[] userData128 = new String[n];
        Long[] userData64 = new Long[n];
        Integer[] userData32 = new Integer[n];
        String[] result = new String[n];
        String[] createdAt = new String[n];
        String[] pendingState = new String[n];
        String[] expiresAt = new String[n];
        List<TransferRow> timed = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            TransferRow row = rows.get(i);
            Transfer t = row.transfer;
            id[i] = t.id();
            debit[i] = t.debitAccountId();
            credit[i] = t.creditAccountId();
            amount[i] = t.amount();
            pendingId[i] = t.pendingId();
            ledger[i] = t.ledger();
            code[i] = t.code();
            flags[i] = TransferFlag.toBits(t.flags());
            timeout[i] = t.timeoutSeconds();
            userData128[i] = t.userData128();
            userData64[i] = t.userData64();
            userData32[i] = t.userData32();
            result[i] = row.result.name();
            createdAt[i] = row.createdAt.toString();
            pendingState[i] = row.pendingState == null ? null : row.pendingState.name();
            expiresAt[i] = row.expiresAt == null ? null : row.expiresAt.toString();
            if (row.pendingState == PendingState.PENDING && row.expiresAt != null) {
                timed.add(row);
            }
        }
        try (PreparedStatement insert = connection.prepareStatement("insert into ledger_transfer (id,"
                + " debit_account_id, credit_account_id, amount, pending_id, ledger, code, flags, timeout_seconds,"
                + " user_data_128, user_data_64, user_data_32, result, created_at, pending_state, expires_at)"
                + " select * from unnest(?::varchar[], ?::varchar[], ?::varchar[], ?::bigint[], ?::varchar[],"
                + " ?::int[], ?::int[], ?::int[], ?::bigint[], ?::varchar[], ?::bigint[], ?::int[], ?::varchar[],"
                + " ?::timestamptz[], ?::varchar[], ?::timestamptz[])")) {
            int p = 1;
            insert.setArray(p++, connection.createArrayOf("varchar", id));
            insert.setArray(p++, connection.createArrayOf("varchar", debit));
            insert.setArray(p++, connection.createArrayOf("varchar", credit));
            insert.setArray(p++, connection.createArrayOf("int8", amount));
            insert.setArray(p++, connection.createArrayOf("varchar", pendingId));
            insert.setArray(p++, connection.createArrayOf("int4", ledger));
            insert.setArray(p++, connection.createArrayOf("int4", code));
            insert.setArray(p++, connection.createArrayOf("int4", flags));
            insert.setArray(p++, connection.createArrayOf("int8", timeout));
            insert.setArray(p++, connection.createArrayOf("varchar", userData128));
            insert.setArray(p++, connection.createArrayOf("int8", userData64));
            insert.setArray(p++, connection.createArrayOf("int4", userData32));
            insert.setArray(p++, connection.createArrayOf("varchar", result));
            insert.setArray(p++, connection.createArrayOf("varchar", createdAt));
            insert.setArray(p++, connection.createArrayOf("varchar", pendingState));
            insert.setArray(p, connection.createArrayOf("varchar", expiresAt));
            insert.executeUpdate();
        }
        if (!timed.isEmpty()) {
            String[] timedIds = new String[timed.size()];
            String[] timedExpiry = new String[timed.size()];
            for (int i = 0; i < timed.size(); i++) {
                timedIds[i] = timed.get(i).id();
                timedExpiry[i] = timed.get(i).expiresAt.toString();
            }
            try (PreparedStatement insert = connection.prepareStatement("insert into ledger_pending (id, expires_at)"
                    + " select * from unnest(?::varchar[], ?::timestamptz[])")) {
                insert.setArray(1, connection.createArrayOf("varchar", timedIds));
                insert.setArray(2, connection.createArrayOf("varchar", timedExpiry));
                insert.executeUpdate();
            }
        }
    }

    private static void updatePendingStates(Connection connection, List<TransferRow> rows) throws SQLException {
        if (rows.isEmpty()) {
            return;
        }
        int n = rows.size();
        String[] id = new String[n];
        String[] state = new String[n];
        List<String> timed = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            TransferRow row = rows.get(i);
            id[i] = row.id();
            state[i] = row.pendingState.name();
            if (row.expiresAt != null) {
                timed.add(row.id());
            }
        }
        // Only from PENDING: a transfer between two hot accounts is not locked by the batch, so another writer may
        // have posted, voided or expired it since it was read. Then fewer rows change, and the batch starts again.
        try (PreparedStatement update = connection.prepareStatement("update ledger_transfer t set pending_state ="
                + " v.state from unnest(?::varchar[], ?::varchar[]) as v(id, state) where t.id = v.id"
                + " and t.pending_state = 'PENDING'")) {
            update.setArray(1, connection.createArrayOf("varchar", id));
            update.setArray(2, connection.createArrayOf("varchar", state));
            if (update.executeUpdate() != n) {
                throw new LedgerStore.Conflict("a pending transfer of the batch was decided by another writer", null);
            }
        }
        if (!timed.isEmpty()) {
            try (PreparedStatement release =
                    connection.prepareStatement("delete from ledger_pending where id = any(?::varchar[])")) {
                release.setArray(1, connection.createArrayOf("varchar", timed.toArray(String[]::new)));
                release.executeUpdate();
            }
        }
    }

    private static void insertHistory(Connection connection, List<LedgerStore.HistoryEntry> history)
            throws SQLException {
        if (history.isEmpty()) {
            return;
        }
        int n = history.size();
        String[] account = new String[n];
        String[] createdAt = new String[n];
        String[] transfer = new String[n];
        for (int i = 0; i < n; i++) {
            LedgerStore.HistoryEntry entry = history.get(i);
            account[i] = entry.accountId();
            createdAt[i] = instant(entry.createdAt());
            transfer[i] = entry.transferId();
        }
        try (PreparedStatement insert = connection.prepareStatement("insert into ledger_history (account_id,"
                + " created_at, transfer_id) select * from unnest(?::varchar[], ?::timestamptz[], ?::varchar[])")) {
            insert.setArray(1, connection.createArrayOf("varchar", account));
            insert.setArray(2, connection.createArrayOf("varchar", createdAt));
            insert.setArray(3, connection.createArrayOf("varchar", transfer));
            insert.executeUpdate();
        }
    }

    private static String instant(Instant instant) {
        return instant.toString();
    }
}
