package dev.dangol.ledger.internal;

import dev.dangol.ledger.AccountBalance;
import dev.dangol.ledger.AccountFlag;
import dev.dangol.ledger.AccountQuery;
import dev.dangol.ledger.ExpiredTransfer;
import dev.dangol.ledger.HistoryWindow;
import dev.dangol.ledger.LedgerAudit;
import dev.dangol.ledger.PendingState;
import dev.dangol.ledger.TransferRecord;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The ledger's store in memory, for tests that must run in milliseconds and for simulations. One lock guards it;
 * a transaction holds the lock from its first read to its write, which gives the same isolation as the SQL store.
 */
final class InMemoryLedgerStore implements LedgerStore {

    private final ReentrantLock lock = new ReentrantLock();
    private final Map<String, AccountBalance> accounts = new HashMap<>();
    private final Map<String, TransferRecord> transfers = new LinkedHashMap<>();
    /** The ids of each HISTORY account's transfers, as the SQL store's ledger_history keeps them. */
    private final Map<String, List<String>> history = new HashMap<>();
    /** Expiry notices not yet acknowledged, by sequence, as the SQL store's ledger_expiry keeps them. */
    private final TreeMap<Long, ExpiredTransfer> expiries = new TreeMap<>();

    private long nextExpiry = 1;

    @Override
    public <T> T inTransaction(Work<T> work) {
        lock.lock();
        try {
            return work.run(new Transaction() {
                @Override
                public Map<String, TransferRecord> findTransfers(Collection<String> ids) {
                    return InMemoryLedgerStore.this.findTransfers(ids);
                }

                @Override
                public Map<String, AccountBalance> lockAccounts(Set<String> ids) {
                    return findAccounts(ids);
                }

                @Override
                public Map<String, AccountBalance> readAccounts(Set<String> ids) {
                    return findAccounts(ids);
                }

                @Override
                public void write(Writes writes) {
                    for (AccountState account : writes.newAccounts()) {
                        accounts.put(account.id(), account.toBalance());
                    }
                    for (AccountState account : writes.changedAccounts()) {
                        accounts.put(account.id(), account.toBalance());
                    }
                    for (TransferRow row : writes.newTransfers()) {
                        transfers.put(row.id(), row.toRecord());
                    }
                    for (TransferRow row : writes.changedPendingStates()) {
                        transfers.put(row.id(), row.toRecord());
                        if (row.pendingState == PendingState.EXPIRED) {
                            long sequence = nextExpiry++;
                            expiries.put(sequence, new ExpiredTransfer(sequence, row.id(), writes.expiredAt()));
                        }
                    }
                    for (HistoryEntry entry : writes.history()) {
                        history.computeIfAbsent(entry.accountId(), id -> new ArrayList<>())
                                .add(entry.transferId());
                    }
                }
            });
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Map<String, AccountBalance> findAccounts(Collection<String> ids) {
        lock.lock();
        try {
            Map<String, AccountBalance> found = new HashMap<>();
            for (String id : ids) {
                AccountBalance balance = accounts.get(id);
                if (balance != null) {
                    found.put(id, balance);
                }
            }
            return found;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Map<String, TransferRecord> findTransfers(Collection<String> ids) {
        lock.lock();
        try {
            Map<String, TransferRecord> found = new HashMap<>();
            for (String id : ids) {
                TransferRecord record = transfers.get(id);
                if (record != null) {
                    found.put(id, record);
                }
            }
            return found;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<AccountBalance> queryAccounts(AccountQuery query) {
        lock.lock();
        try {
            return accounts.values().stream()
                    .filter(a ->
                            query.userData128() == null || query.userData128().equals(a.userData128()))
                    .filter(a -> query.ledger() == 0 || query.ledger() == a.ledger())
                    .filter(a -> query.code() == 0 || query.code() == a.code())
                    .filter(a ->
                            a.userData64() >= query.userData64AtLeast() && a.userData64() <= query.userData64AtMost())
                    .filter(a -> !query.withAvailableBalance() || a.available() > 0)
                    .sorted(Comparator.comparing(AccountBalance::id))
                    .limit(query.limit())
                    .toList();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<TransferRecord> transfersOf(String accountId, int limit) {
        lock.lock();
        try {
            List<TransferRecord> found = new ArrayList<>();
            AccountBalance account = accounts.get(accountId);
            if (account == null || !account.has(AccountFlag.HISTORY)) {
                return found;
            }
            for (TransferRecord record : transfers.values()) {
                if (record.succeeded()
                        && (accountId.equals(record.transfer().debitAccountId())
                                || accountId.equals(record.transfer().creditAccountId()))) {
                    found.add(record);
                    if (found.size() == limit) {
                        break;
                    }
                }
            }
            return found;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<TransferRecord> transfersOf(HistoryWindow window) {
        lock.lock();
        try {
            AccountBalance account = accounts.get(window.accountId());
            if (account == null || !account.has(AccountFlag.HISTORY)) {
                return List.of();
            }
            return history.getOrDefault(window.accountId(), List.of()).stream()
                    .map(transfers::get)
                    .filter(r -> window.admits(r.createdAt(), r.id()))
                    .sorted(Comparator.comparing(TransferRecord::createdAt).thenComparing(TransferRecord::id))
                    .limit(window.limit())
                    .toList();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<AccountBalance> accountsByCode(int ledger, int code, String afterId, int limit) {
        lock.lock();
        try {
            return accounts.values().stream()
                    .filter(a -> a.ledger() == ledger && a.code() == code)
                    .filter(a -> afterId == null || a.id().compareTo(afterId) > 0)
                    .sorted(Comparator.comparing(AccountBalance::id))
                    .limit(limit)
                    .toList();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<String> duePendingTransfers(Instant now, int limit) {
        lock.lock();
        try {
            return transfers.values().stream()
                    .filter(r -> r.pendingState() == PendingState.PENDING
                            && r.expiresAt() != null
                            && !r.expiresAt().isAfter(now))
                    .sorted(Comparator.comparing(TransferRecord::expiresAt))
                    .limit(limit)
                    .map(TransferRecord::id)
                    .toList();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public List<ExpiredTransfer> expiries(int limit) {
        lock.lock();
        try {
            return expiries.values().stream().limit(limit).toList();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void acknowledgeExpiries(Collection<Long> sequences) {
        lock.lock();
        try {
            sequences.forEach(expiries::remove);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public LedgerAudit audit() {
        lock.lock();
        try {
            Map<Integer, Long> net = new TreeMap<>();
            List<String> violations = new ArrayList<>();
            for (AccountBalance a : accounts.values()) {
                net.merge(
                        a.ledger(),
                        a.creditsPosted() + a.creditsPending() - a.debitsPosted() - a.debitsPending(),
                        Long::sum);
                violations.addAll(Audits.violations(a));
            }
            return new LedgerAudit(net, violations, accounts.size());
        } finally {
            lock.unlock();
        }
    }

    /** Checks shared by both stores. */
    static final class Audits {
        private Audits() {}

        static List<String> violations(AccountBalance a) {
            List<String> found = new ArrayList<>();
            if (a.debitsPending() < 0 || a.debitsPosted() < 0 || a.creditsPending() < 0 || a.creditsPosted() < 0) {
                found.add(a.id() + " has a negative balance column");
            }
            if (a.has(AccountFlag.DEBITS_MUST_NOT_EXCEED_CREDITS)
                    && a.debitsPosted() + a.debitsPending() > a.creditsPosted()) {
                found.add(a.id() + " has debits above its credits");
            }
            if (a.has(AccountFlag.CREDITS_MUST_NOT_EXCEED_DEBITS)
                    && a.creditsPosted() + a.creditsPending() > a.debitsPosted()) {
                found.add(a.id() + " has credits above its debits");
            }
            return found;
        }
    }
}
