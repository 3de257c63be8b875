package dev.dangol.ledger.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dangol.ledger.Account;
import dev.dangol.ledger.AccountBalance;
import dev.dangol.ledger.AccountFlag;
import dev.dangol.ledger.AccountQuery;
import dev.dangol.ledger.AccountResult;
import dev.dangol.ledger.HistoryWindow;
import dev.dangol.ledger.LedgerAudit;
import dev.dangol.ledger.LedgerResults;
import dev.dangol.ledger.PendingState;
import dev.dangol.ledger.Transfer;
import dev.dangol.ledger.TransferRecord;
import dev.dangol.ledger.TransferResult;
import dev.dangol.testing.MutableClock;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Hot accounts are read without a lock and locked last. These tests make the first read stale on purpose, as when
 * another writer commits between the read and the lock, on a real SQL store (H2) so that a batch's undone writes are
 * really rolled back.
 */
class HotAccountsTest {

    private static final int BUDGET = 2;
    private static final int CODE = 10;

    private TestDatabases.H2 database;
    private StaleHotReads store;
    private final List<RuntimeException> retries = new CopyOnWriteArrayList<>();
    private GroupCommitLedger ledger;

    @BeforeEach
    void open() {
        database = new TestDatabases.H2();
        store = new StaleHotReads(new JdbcLedgerStore(database.dataSource));
        ledger = new GroupCommitLedger(
                store, new MutableClock(), GroupCommitLedger.Settings.DEFAULT, new LedgerObserver() {
                    @Override
                    public void retried(RuntimeException cause) {
                        retries.add(cause);
                    }
                });
        LedgerResults created = ledger.submit(
                List.of(
                        Account.of(
                                "budget",
                                BUDGET,
                                CODE,
                                Set.of(AccountFlag.DEBITS_MUST_NOT_EXCEED_CREDITS, AccountFlag.HOT)),
                        Account.of("sold", BUDGET, CODE, Set.of(AccountFlag.HOT)),
                        Account.of("issue", BUDGET, CODE, Set.of())),
                List.of(Transfer.single("issue", "issue", "budget", 100, BUDGET, CODE)));
        assertThat(created.accounts()).containsOnly(AccountResult.OK);
        // The ledger learns which accounts are hot when it first reads them.
        sell("first", 10);
        assertThat(ledger.hotAccountsKnown()).isEqualTo(2);
    }

    @AfterEach
    void close() throws SQLException {
        ledger.close();
        database.close();
    }

    @Test
    void aHotBalanceThatMovedBeforeTheLockIsWrittenFromWhatTheLockRead() {
        // The batch reads the budget as it was before the first sale (another writer's commit, as it were).
        store.staleOnce("budget", balance("budget").debitsPosted() - 10);

        assertThat(sell("second", 20)).isEqualTo(TransferResult.OK);

        // Written from the locked balance (10 + 20), not from the stale read (0 + 20).
        assertThat(balance("budget").debitsPosted()).isEqualTo(30);
        assertThat(balance("sold").creditsPosted()).isEqualTo(30);
        assertThat(retries).isEmpty();
        assertThat(ledger.audit().violations()).isEmpty();
    }

    @Test
    void aBudgetThatRanOutBeforeTheLockUndoesTheBatchAndTheRetryRefusesTheSale() {
        assertThat(sell("big", 85)).isEqualTo(TransferResult.OK);
        // The batch reads the budget before the 85 were sold, so it would sell 20 more: the lock shows it cannot.
        store.staleOnce("budget", balance("budget").debitsPosted() - 85);

        assertThat(sell("late", 20)).isEqualTo(TransferResult.EXCEEDS_CREDITS);

        assertThat(retries).singleElement().isInstanceOf(LedgerEngine.HotConflict.class);
        assertThat(balance("budget").debitsPosted()).isEqualTo(95);
        assertThat(balance("budget").available()).isEqualTo(5);
        assertThat(ledger.lookupTransfer("late").orElseThrow().result()).isEqualTo(TransferResult.EXCEEDS_CREDITS);
        assertThat(ledger.audit().violations()).isEmpty();
        assertThat(ledger.audit().netByLedger().values()).allMatch(net -> net == 0L);
    }

    @Test
    void aPendingTransferBetweenHotAccountsIsDecidedOnceWhenTwoWritersDecideItAtOnce() {
        LedgerResults held =
                ledger.submit(List.of(), List.of(Transfer.pending("hold", "budget", "sold", 30, BUDGET, CODE, 60)));
        assertThat(held.transfers()).containsOnly(TransferResult.OK);
        // Another writer voids the hold between this batch's read of it and its write: the batch's post must not
        // also count.
        try (GroupCommitLedger otherNode = TestDatabases.ledger(database.dataSource, new MutableClock())) {
            store.beforeWrites(() -> assertThat(otherNode
                            .submit(List.of(), List.of(Transfer.voidPending("void", "hold")))
                            .transfers())
                    .containsExactly(TransferResult.OK));

            LedgerResults posted = ledger.submit(List.of(), List.of(Transfer.post("post", "hold", 30)));

            // The first try's update found the hold no longer pending; the retry reads it voided, refuses the post.
            assertThat(retries).isNotEmpty();
            assertThat(posted.transfers()).containsExactly(TransferResult.PENDING_TRANSFER_ALREADY_VOIDED);
        }
        assertThat(ledger.lookupTransfer("hold").orElseThrow().pendingState()).isEqualTo(PendingState.VOIDED);
        assertThat(balance("budget").debitsPending()).isZero();
        assertThat(ledger.audit().violations()).isEmpty();
        assertThat(ledger.audit().netByLedger().values()).allMatch(net -> net == 0L);
    }

    private TransferResult sell(String id, long amount) {
        return ledger.submit(List.of(), List.of(Transfer.single(id, "budget", "sold", amount, BUDGET, CODE)))
                .transfers()
                .getFirst();
    }

    private AccountBalance balance(String id) {
        return ledger.lookupAccount(id).orElseThrow();
    }

    /** The SQL store, but the first read of a hot account can be made to return an older balance. */
    private static final class StaleHotReads implements LedgerStore {
        private final JdbcLedgerStore delegate;
        private final Map<String, Long> staleDebitsPosted = new ConcurrentHashMap<>();
        private volatile Runnable beforeWrites;

        StaleHotReads(JdbcLedgerStore delegate) {
            this.delegate = delegate;
        }

        void staleOnce(String id, long debitsPosted) {
            staleDebitsPosted.put(id, debitsPosted);
        }

        void beforeWrites(Runnable action) {
            beforeWrites = action;
        }

        @Override
        public <T> T inTransaction(Work<T> work) {
            return delegate.inTransaction(tx -> work.run(new Transaction() {
                @Override
                public Map<String, TransferRecord> findTransfers(Collection<String> ids) {
                    return tx.findTransfers(ids);
                }

                @Override
                public Map<String, AccountBalance> lockAccounts(Set<String> ids) {
                    return tx.lockAccounts(ids);
                }

                @Override
                public Map<String, AccountBalance> readAccounts(Set<String> ids) {
                    Map<String, AccountBalance> read = new HashMap<>(tx.readAccounts(ids));
                    for (String id : new ArrayList<>(read.keySet())) {
                        Long stale = staleDebitsPosted.remove(id);
                        if (stale != null) {
                            AccountBalance b = read.get(id);
                            read.put(
                                    id,
                                    new AccountBalance(
                                            b.id(),
                                            b.ledger(),
                                            b.code(),
                                            b.flags(),
                                            b.userData128(),
                                            b.userData64(),
                                            b.userData32(),
                                            b.debitsPending(),
                                            stale,
                                            b.creditsPending(),
                                            b.creditsPosted(),
                                            b.createdAt()));
                        }
                    }
                    return read;
                }

                @Override
                public void write(Writes writes) {
                    Runnable action = beforeWrites;
                    if (action != null && !writes.changedPendingStates().isEmpty()) {
                        beforeWrites = null;
                        action.run();
                    }
                    tx.write(writes);
                }
            }));
        }

        @Override
        public Map<String, AccountBalance> findAccounts(Collection<String> ids) {
            return delegate.findAccounts(ids);
        }

        @Override
        public Map<String, TransferRecord> findTransfers(Collection<String> ids) {
            return delegate.findTransfers(ids);
        }

        @Override
        public List<AccountBalance> queryAccounts(AccountQuery query) {
            return delegate.queryAccounts(query);
        }

        @Override
        public List<TransferRecord> transfersOf(String accountId, int limit) {
            return delegate.transfersOf(accountId, limit);
        }

        @Override
        public List<TransferRecord> transfersOf(HistoryWindow window) {
            return delegate.transfersOf(window);
        }

        @Override
        public List<AccountBalance> accountsByCode(int ledger, int code, String afterId, int limit) {
            return delegate.accountsByCode(ledger, code, afterId, limit);
        }

        @Override
        public List<String> duePendingTransfers(Instant now, int limit) {
            return delegate.duePendingTransfers(now, limit);
        }

        @Override
        public List<dev.dangol.ledger.ExpiredTransfer> expiries(int limit) {
            return delegate.expiries(limit);
        }

        @Override
        public void acknowledgeExpiries(Collection<Long> sequences) {
            delegate.acknowledgeExpiries(sequences);
        }

        @Override
        public LedgerAudit audit() {
            return delegate.audit();
        }
    }
}
