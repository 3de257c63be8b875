package dev.dangol.ledger.internal;

import dev.dangol.ledger.AccountBalance;
import dev.dangol.ledger.AccountQuery;
import dev.dangol.ledger.ExpiredTransfer;
import dev.dangol.ledger.HistoryWindow;
import dev.dangol.ledger.LedgerAudit;
import dev.dangol.ledger.TransferRecord;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Where the ledger keeps accounts and transfers: SQL in production, memory in fast tests. */
interface LedgerStore {

    /** Runs the work in one transaction; everything it wrote is committed together or not at all. */
    <T> T inTransaction(Work<T> work);

    Map<String, AccountBalance> findAccounts(Collection<String> ids);

    Map<String, TransferRecord> findTransfers(Collection<String> ids);

    List<AccountBalance> queryAccounts(AccountQuery query);

    List<TransferRecord> transfersOf(String accountId, int limit);

    List<TransferRecord> transfersOf(HistoryWindow window);

    List<AccountBalance> accountsByCode(int ledger, int code, String afterId, int limit);

    /** Ids of pending transfers still pending whose expiry is at or before {@code now}, oldest expiry first. */
    List<String> duePendingTransfers(Instant now, int limit);

    /** Expiry notices not yet acknowledged, oldest first (see {@link dev.dangol.ledger.Ledger#expiries}). */
    List<ExpiredTransfer> expiries(int limit);

    void acknowledgeExpiries(Collection<Long> sequences);

    LedgerAudit audit();

    @FunctionalInterface
    interface Work<T> {
        T run(Transaction tx);
    }

    /** The reads and writes the engine needs inside one transaction. */
    interface Transaction {

        Map<String, TransferRecord> findTransfers(Collection<String> ids);

        /** Reads and locks these accounts in id order (the database sorts them), so that concurrent writers never deadlock. */
        Map<String, AccountBalance> lockAccounts(Set<String> ids);

        /** Reads these accounts as last committed, without locking them. */
        Map<String, AccountBalance> readAccounts(Set<String> ids);

        void write(Writes writes);
    }

    /**
     * Everything one batch changes.
     *
     * @param changedPendingStates recorded pending transfers that this batch posted, voided or expired; the store
     *     writes an expiry notice for each one expired
     * @param history the transfers of accounts flagged HISTORY, to be indexed by account
     * @param expiredAt the batch's time, when the transfers it expired expired
     */
    record Writes(
            List<AccountState> newAccounts,
            List<AccountState> changedAccounts,
            List<TransferRow> newTransfers,
            List<TransferRow> changedPendingStates,
            List<HistoryEntry> history,
            Instant expiredAt) {

        /** These writes but the balances of the given accounts. */
        Writes exceptAccounts(Set<String> ids) {
            List<AccountState> kept = new java.util.ArrayList<>(changedAccounts.size());
            for (AccountState account : changedAccounts) {
                if (!ids.contains(account.id())) {
                    kept.add(account);
                }
            }
            return new Writes(newAccounts, kept, newTransfers, changedPendingStates, history, expiredAt);
        }

        /** Only the balances of the given accounts. */
        Writes onlyAccounts(Set<String> ids) {
            List<AccountState> kept = new java.util.ArrayList<>(ids.size());
            for (AccountState account : changedAccounts) {
                if (ids.contains(account.id())) {
                    kept.add(account);
                }
            }
            return new Writes(List.of(), kept, List.of(), List.of(), List.of(), expiredAt);
        }

        boolean isEmpty() {
            return newAccounts.isEmpty()
                    && changedAccounts.isEmpty()
                    && newTransfers.isEmpty()
                    && changedPendingStates.isEmpty();
        }
    }

    /** A transfer in the history of an account. */
    record HistoryEntry(String accountId, java.time.Instant createdAt, String transferId) {}

    /** The batch read something that changed under it; it is retried whole. */
    class Conflict extends RuntimeException {
        Conflict(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
