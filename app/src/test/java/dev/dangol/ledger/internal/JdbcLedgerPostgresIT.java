package dev.dangol.ledger.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dangol.ledger.Account;
import dev.dangol.ledger.AccountBalance;
import dev.dangol.ledger.AccountFlag;
import dev.dangol.ledger.AccountResult;
import dev.dangol.ledger.Chains;
import dev.dangol.ledger.Ledger;
import dev.dangol.ledger.LedgerAudit;
import dev.dangol.ledger.LedgerModelPropertyContract;
import dev.dangol.ledger.LedgerResults;
import dev.dangol.ledger.LedgerRulesContract;
import dev.dangol.ledger.LedgerUnavailableException;
import dev.dangol.ledger.OpenLedgers;
import dev.dangol.ledger.PendingState;
import dev.dangol.ledger.Transfer;
import dev.dangol.ledger.TransferFlag;
import dev.dangol.ledger.TransferRecord;
import dev.dangol.ledger.TransferResult;
import dev.dangol.testing.MutableClock;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The SQL ledger on a real PostgreSQL, in a schema of its own: every rule, the model property, and what only a real
 * database shows: many threads on one node, and two nodes on one schema, racing on the same accounts and ids.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JdbcLedgerPostgresIT implements LedgerRulesContract, LedgerModelPropertyContract {

    private static final int WON = 1;
    private static final int CODE = 10;

    private TestDatabases.PostgresSchema schema;
    private DataSource pool;
    private final OpenLedgers ledgers = new OpenLedgers();

    @BeforeAll
    void createSchema() throws SQLException {
        schema = new TestDatabases.PostgresSchema();
        pool = schema.pool("ledger-it", 4);
    }

    @AfterAll
    void dropSchema() throws Exception {
        try {
            ledgers.closeAll();
        } finally {
            schema.close();
        }
    }

    @Override
    public Ledger newLedger(Clock clock) {
        emptySchema();
        return ledgers.add(TestDatabases.ledger(pool, clock));
    }

    @Override
    public int steps() {
        return 250;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // One node, many threads
    // ---------------------------------------------------------------------------------------------------------------

    @Test
    void thirtyTwoThreadsSubmittingChainsWithRepeatedIdsKeepTheBooksBalancedAndEveryIdItsFirstOutcome()
            throws Exception {
        oneNodeManyThreads(Set.of(), 1);
    }

    /**
     * The same with two writers and every account hot: no account is locked before a batch's writes, so every batch
     * is applied on balances read without a lock and checked again under it, and posts and voids of the same pending
     * transfers race between the writers.
     */
    @Test
    void twoWritersOnHotAccountsKeepTheBooksBalancedAndEveryIdItsFirstOutcome() throws Exception {
        oneNodeManyThreads(Set.of(AccountFlag.HOT), 2);
    }

    private void oneNodeManyThreads(Set<AccountFlag> extra, int writers) throws Exception {
        emptySchema();
        MutableClock clock = new MutableClock();
        Counting observer = new Counting();
        GroupCommitLedger ledger = TestDatabases.ledger(pool, clock, observer, writers);
        Run run = new Run();
        try (ledger) {
            List<Account> accounts = new ArrayList<>(List.of(plain("bank", extra)));
            for (int i = 0; i < 8; i++) {
                accounts.add(noOverdraft("wallet-" + i, extra));
            }
            for (int i = 0; i < 4; i++) {
                accounts.add(plain("shop-" + i, extra));
            }
            accounts.add(noOvercredit("limit-0", extra));
            accounts.add(noOvercredit("limit-1", extra));
            List<Transfer> funding = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                funding.add(Transfer.single("fund-" + i, "bank", "wallet-" + i, 300, WON, CODE));
            }
            funding.add(Transfer.single("grant-0", "limit-0", "bank", 400, WON, CODE));
            funding.add(Transfer.single("grant-1", "limit-1", "bank", 400, WON, CODE));
            run.submit(ledger, accounts, funding);

            List<List<Transfer>> chains = oneNodeChains(new SplittableRandom(2030), 600);
            AtomicInteger progress = new AtomicInteger();
            try (Background background = new Background(clock, List.of(ledger))) {
                run.concurrently(32, worker -> {
                    SplittableRandom random = new SplittableRandom(worker);
                    for (int i = 0; i < 60; i++) {
                        // Mostly chains near the shared front, so that threads race on the same ids.
                        int front = Math.min(chains.size() - 1, progress.incrementAndGet() / 3);
                        List<Transfer> submission = new ArrayList<>(chains.get(
                                random.nextInt(2) == 0
                                        ? Math.max(0, front - random.nextInt(8))
                                        : random.nextInt(front + 1)));
                        if (random.nextInt(3) == 0) {
                            submission.addAll(chains.get(random.nextInt(front + 1)));
                        }
                        run.submit(ledger, List.of(), submission);
                    }
                });
                background.stop();
            }
            assertThat(run.unavailable.get())
                    .as("submissions the single node turned away")
                    .isZero();
            assertThat(observer.committed.get()).isPositive();
            run.assertConsistent(ledger, chains);
            assertThat(run.seen).containsKeys(TransferResult.OK, TransferResult.EXCEEDS_CREDITS);
        }
    }

    /** Spending from wallets to shops and on to limits, two-phase or not, some chains failing, some resolving others. */
    private static List<List<Transfer>> oneNodeChains(SplittableRandom random, int count) {
        List<List<Transfer>> chains = new ArrayList<>();
        List<Transfer> standalonePendings = new ArrayList<>();
        for (int c = 0; c < count; c++) {
            String wallet = "wallet-" + random.nextInt(8);
            String shop = "shop-" + random.nextInt(4);
            String limit = "limit-" + random.nextInt(2);
            String id = "c" + c + "-";
            List<Transfer> chain = new ArrayList<>();
            switch (random.nextInt(10)) {
                case 0, 1, 2, 3 -> {
                    chain.add(Transfer.single(id + 0, wallet, shop, 1 + random.nextInt(40), WON, CODE));
                    if (random.nextBoolean()) {
                        chain.add(Transfer.single(id + 1, shop, limit, 1 + random.nextInt(20), WON, CODE));
                    }
                }
                case 4, 5 -> {
                    long amount = 10 + random.nextInt(50);
                    chain.add(Transfer.pending(id + 0, wallet, shop, amount, WON, CODE, random.nextInt(4)));
                    chain.add(Transfer.post(id + 1, id + 0, 1 + random.nextLong(amount)));
                }
                case 6 -> {
                    Transfer pending = Transfer.pending(
                            id + 0, wallet, shop, 5 + random.nextInt(45), WON, CODE, random.nextInt(3));
                    standalonePendings.add(pending);
                    chain.add(pending);
                }
                case 7 -> {
                    if (standalonePendings.isEmpty()) {
                        chain.add(Transfer.single(id + 0, "bank", wallet, 1 + random.nextInt(30), WON, CODE));
                    } else {
                        Transfer pending = standalonePendings.get(random.nextInt(standalonePendings.size()));
                        chain.add(
                                random.nextBoolean()
                                        ? Transfer.post(id + 0, pending.id(), pending.amount())
                                        : Transfer.voidPending(id + 0, pending.id()));
                    }
                }
                case 8 -> {
                    chain.add(Transfer.single(id + 0, "bank", wallet, 1 + random.nextInt(30), WON, CODE));
                    chain.add(Transfer.single(id + 1, wallet, shop, 1 + random.nextInt(60), WON, CODE));
                }
                default -> {
                    chain.add(Transfer.single(id + 0, wallet, shop, 5, WON, CODE));
                    chain.add(Transfer.single(id + 1, wallet, "nobody", 1, WON, CODE));
                    chain.add(Transfer.single(id + 2, shop, limit, 1, WON, CODE));
                }
            }
            chains.add(Chains.link(chain));
        }
        return chains;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Two nodes, one schema
    // ---------------------------------------------------------------------------------------------------------------

    @Test
    void twoNodesOnOneSchemaHammeringTheSameAccountsLoseNothingAndNeverBreakALimit() throws Exception {
        twoNodes(Set.of(), 1);
    }

    /** The same with two writers on each node and every account hot, so locked last by all four writers. */
    @Test
    void twoNodesOfTwoWritersOnHotAccountsLoseNothingAndNeverBreakALimit() throws Exception {
        twoNodes(Set.of(AccountFlag.HOT), 2);
    }

    private void twoNodes(Set<AccountFlag> extra, int writers) throws Exception {
        emptySchema();
        MutableClock clock = new MutableClock();
        Counting observerA = new Counting();
        Counting observerB = new Counting();
        GroupCommitLedger nodeA = TestDatabases.ledger(schema.pool("node-a", 4), clock, observerA, writers);
        GroupCommitLedger nodeB = TestDatabases.ledger(schema.pool("node-b", 4), clock, observerB, writers);
        List<GroupCommitLedger> nodes = List.of(nodeA, nodeB);
        Run run = new Run();
        try (nodeA;
                nodeB) {
            List<Account> accounts = new ArrayList<>(List.of(plain("bank", extra), noOvercredit("cap", extra)));
            List<Transfer> funding = new ArrayList<>(List.of(Transfer.single("grant", "cap", "bank", 300, WON, CODE)));
            for (int i = 0; i < 3; i++) {
                accounts.add(noOverdraft("budget-" + i, extra));
                accounts.add(plain("merchant-" + i, extra));
                funding.add(Transfer.single("fund-" + i, "bank", "budget-" + i, 250, WON, CODE));
            }
            run.submit(nodeA, accounts, funding);
            // The other node sees what the first created.
            assertThat(run.submit(nodeB, accounts, List.of()).accounts()).containsOnly(AccountResult.EXISTS);

            List<List<Transfer>> published = new CopyOnWriteArrayList<>();
            List<Transfer> pendings = new CopyOnWriteArrayList<>();
            try (Background background = new Background(clock, nodes)) {
                run.concurrently(32, worker -> {
                    GroupCommitLedger node = nodes.get(worker % 2);
                    SplittableRandom random = new SplittableRandom(1_000 + worker);
                    for (int i = 0; i < 50; i++) {
                        String id = "w" + worker + "-" + i + "-";
                        String budget = "budget-" + random.nextInt(3);
                        String merchant = "merchant-" + random.nextInt(3);
                        List<Transfer> chain = new ArrayList<>();
                        int dice = random.nextInt(10);
                        if (dice < 2 && !published.isEmpty()) {
                            // A chain another worker sent, maybe through the other node, sent again.
                            chain.addAll(published.get(random.nextInt(published.size())));
                        } else if (dice < 3 && !pendings.isEmpty()) {
                            Transfer pending = pendings.get(random.nextInt(pendings.size()));
                            chain.add(
                                    random.nextBoolean()
                                            ? Transfer.post(id + 0, pending.id(), 1 + random.nextLong(pending.amount()))
                                            : Transfer.voidPending(id + 0, pending.id()));
                        } else if (dice < 4) {
                            Transfer pending = Transfer.pending(
                                    id + 0, budget, merchant, 1 + random.nextInt(5), WON, CODE, 1 + random.nextInt(2));
                            pendings.add(pending);
                            chain.add(pending);
                        } else if (dice < 5 && random.nextInt(3) == 0) {
                            // Accounts that do not exist lock nothing, so both nodes may record the same failure at
                            // once: the database's unique key decides, and the loser replays the winner's outcome.
                            chain.add(Transfer.single(id + 0, "ghost-a", "ghost-b", 1, WON, CODE));
                        } else if (dice < 6) {
                            long amount = 1 + random.nextInt(5);
                            chain.addAll(Chains.link(List.of(
                                    Transfer.pending(id + 0, budget, merchant, amount, WON, CODE, 0),
                                    Transfer.post(id + 1, id + 0, 1 + random.nextLong(amount)))));
                        } else if (dice < 8) {
                            chain.addAll(Chains.link(List.of(
                                    Transfer.single(id + 0, budget, merchant, 1 + random.nextInt(3), WON, CODE),
                                    Transfer.single(id + 1, merchant, "cap", 1, WON, CODE))));
                        } else {
                            // The cap filled up without the budgets, so that both limits are fought over.
                            chain.addAll(Chains.link(List.of(
                                    Transfer.single(id + 0, "bank", merchant, 2, WON, CODE),
                                    Transfer.single(id + 1, merchant, "cap", 1 + random.nextInt(2), WON, CODE))));
                        }
                        run.submit(node, List.of(), chain);
                        if (dice >= 4 && !chain.isEmpty()) {
                            published.add(chain);
                        }
                    }
                });
                background.stop();
            }
            assertThat(observerA.committed.get()).as("batches node A committed").isPositive();
            assertThat(observerB.committed.get()).as("batches node B committed").isPositive();
            run.assertConsistent(nodeA, published);
            run.assertConsistent(nodeB, published);
            assertThat(run.seen)
                    .as("the budgets and the cap were fought over")
                    .containsKeys(TransferResult.OK, TransferResult.EXCEEDS_CREDITS, TransferResult.EXCEEDS_DEBITS);
            for (AccountBalance budget : nodeB.lookupAccounts(List.of("budget-0", "budget-1", "budget-2"))
                    .values()) {
                assertThat(budget.debitsPosted() + budget.debitsPending()).isLessThanOrEqualTo(250);
            }
            AccountBalance cap = nodeA.lookupAccount("cap").orElseThrow();
            assertThat(cap.creditsPosted() + cap.creditsPending()).isLessThanOrEqualTo(300);
        }
    }

    @Test
    void twoNodesRecordingTheSameFailureAtOnceKeepOneOutcomeForIt() throws Exception {
        emptySchema();
        MutableClock clock = new MutableClock();
        Counting observerA = new Counting();
        Counting observerB = new Counting();
        GroupCommitLedger nodeA = TestDatabases.ledger(schema.pool("node-a", 4), clock, observerA);
        GroupCommitLedger nodeB = TestDatabases.ledger(schema.pool("node-b", 4), clock, observerB);
        List<GroupCommitLedger> nodes = List.of(nodeA, nodeB);
        Run run = new Run();
        try (nodeA;
                nodeB) {
            // Transfers between accounts that do not exist lock no account: only the unique key on the id stands
            // between two nodes recording the same failure.
            List<Transfer> transfers = new ArrayList<>();
            for (int i = 0; i < 150; i++) {
                transfers.add(Transfer.single("ghost-" + i, "nobody", "no-one", 1, WON, CODE));
            }
            run.concurrently(8, worker -> {
                List<Transfer> mine = new ArrayList<>(transfers);
                Collections.shuffle(mine, new Random(worker));
                for (Transfer transfer : mine) {
                    run.submit(nodes.get(worker % 2), List.of(), List.of(transfer));
                }
            });
            assertThat(observerA.committed.get()).as("batches node A committed").isPositive();
            assertThat(observerB.committed.get()).as("batches node B committed").isPositive();
            run.assertConsistent(nodeA, List.of());
            assertThat(nodeB.lookupTransfers(run.outcomes.keySet())).hasSize(transfers.size());
            assertThat(run.seen).containsOnlyKeys(TransferResult.DEBIT_ACCOUNT_NOT_FOUND);
        }
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Helpers
    // ---------------------------------------------------------------------------------------------------------------

    private void emptySchema() {
        try {
            schema.empty();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Account plain(String id, Set<AccountFlag> extra) {
        return Account.of(id, WON, CODE, extra);
    }

    private static Account noOverdraft(String id, Set<AccountFlag> extra) {
        return Account.of(id, WON, CODE, with(AccountFlag.DEBITS_MUST_NOT_EXCEED_CREDITS, extra));
    }

    private static Account noOvercredit(String id, Set<AccountFlag> extra) {
        return Account.of(id, WON, CODE, with(AccountFlag.CREDITS_MUST_NOT_EXCEED_DEBITS, extra));
    }

    private static Set<AccountFlag> with(AccountFlag flag, Set<AccountFlag> extra) {
        Set<AccountFlag> flags = java.util.EnumSet.of(flag);
        flags.addAll(extra);
        return flags;
    }

    /** How many batches the writer committed. */
    private static final class Counting implements LedgerObserver {
        final AtomicInteger committed = new AtomicInteger();

        @Override
        public void committed(int commands, int transfers, long nanos) {
            committed.incrementAndGet();
        }
    }

    /** The clock moving a second every few milliseconds, and each node sweeping expired reservations meanwhile. */
    private static final class Background implements AutoCloseable {
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final List<Thread> threads = new ArrayList<>();

        Background(MutableClock clock, List<? extends Ledger> nodes) {
            threads.add(Thread.ofPlatform().name("ticker").start(() -> {
                while (running.get()) {
                    clock.advanceSeconds(1);
                    pause(25);
                }
            }));
            for (Ledger node : nodes) {
                threads.add(Thread.ofPlatform().name("sweeper").start(() -> {
                    while (running.get()) {
                        try {
                            node.expirePendingTransfers(100);
                        } catch (LedgerUnavailableException e) {
                            // The next sweep tries again, as the application's job does.
                        }
                        pause(10);
                    }
                }));
            }
        }

        void stop() {
            running.set(false);
            for (Thread thread : threads) {
                try {
                    thread.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }

        @Override
        public void close() {
            stop();
        }

        private static void pause(long millis) {
            try {
                Thread.sleep(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Every outcome each transfer id got, from whichever thread and node, and the checks on them at the end. */
    private static final class Run {
        final Map<String, Set<TransferResult>> outcomes = new ConcurrentHashMap<>();
        final Map<TransferResult, Integer> seen = new EnumMap<>(TransferResult.class);
        final AtomicInteger unavailable = new AtomicInteger();

        @FunctionalInterface
        interface Worker {
            void run(int worker) throws Exception;
        }

        void concurrently(int threads, Worker worker) throws Exception {
            try (ExecutorService executor = Executors.newFixedThreadPool(threads)) {
                List<Future<?>> done = new ArrayList<>();
                for (int i = 0; i < threads; i++) {
                    int index = i;
                    done.add(executor.submit(() -> {
                        worker.run(index);
                        return null;
                    }));
                }
                for (Future<?> future : done) {
                    future.get(60, TimeUnit.SECONDS);
                }
            }
        }

        /** Submits, retrying with the same ids while the ledger is unavailable, as a client may. */
        LedgerResults submit(Ledger ledger, List<Account> accounts, List<Transfer> transfers) {
            for (int attempt = 1; ; attempt++) {
                try {
                    LedgerResults results = ledger.submit(accounts, transfers);
                    for (int i = 0; i < transfers.size(); i++) {
                        outcomes.computeIfAbsent(transfers.get(i).id(), id -> ConcurrentHashMap.newKeySet())
                                .add(results.transfers().get(i));
                    }
                    synchronized (seen) {
                        for (TransferResult result : results.transfers()) {
                            seen.merge(result, 1, Integer::sum);
                        }
                    }
                    return results;
                } catch (LedgerUnavailableException e) {
                    unavailable.incrementAndGet();
                    if (attempt == 10) {
                        throw e;
                    }
                }
            }
        }

        void assertConsistent(Ledger ledger, Collection<List<Transfer>> chains) {
            // Every id got one outcome, however many threads and nodes sent it, and it is the one recorded.
            Map<String, TransferRecord> records = ledger.lookupTransfers(outcomes.keySet());
            assertThat(records).hasSameSizeAs(outcomes);
            outcomes.forEach((id, results) -> {
                assertThat(results).as("outcomes of %s", id).hasSize(1);
                assertThat(records.get(id).result())
                        .as("recorded outcome of %s", id)
                        .isEqualTo(results.iterator().next());
            });
            // A chain succeeded whole or not at all.
            for (List<Transfer> chain : chains) {
                List<TransferResult> results = chain.stream()
                        .map(t -> records.get(t.id()))
                        .filter(Objects::nonNull)
                        .map(TransferRecord::result)
                        .toList();
                if (results.contains(TransferResult.OK)) {
                    assertThat(results)
                            .as("chain %s", chain)
                            .containsOnly(TransferResult.OK)
                            .hasSize(chain.size());
                }
            }
            // The books balance, no account broke its limit, and every balance is exactly what the recorded
            // transfers add up to: nothing lost, nothing counted twice.
            LedgerAudit audit = ledger.audit();
            assertThat(audit.violations()).isEmpty();
            assertThat(audit.netByLedger().values()).allMatch(net -> net == 0L);
            Map<String, long[]> expected = new HashMap<>();
            for (TransferRecord record : records.values()) {
                if (!record.succeeded()) {
                    continue;
                }
                Transfer t = record.transfer();
                long[] debit = expected.computeIfAbsent(t.debitAccountId(), id -> new long[4]);
                long[] credit = expected.computeIfAbsent(t.creditAccountId(), id -> new long[4]);
                if (t.has(TransferFlag.PENDING)) {
                    if (record.pendingState() == PendingState.PENDING) {
                        debit[0] += t.amount();
                        credit[2] += t.amount();
                    }
                } else if (!t.has(TransferFlag.VOID_PENDING)) {
                    debit[1] += t.amount();
                    credit[3] += t.amount();
                }
            }
            Map<String, AccountBalance> stored = ledger.lookupAccounts(expected.keySet());
            expected.forEach((id, balances) -> {
                AccountBalance account = stored.get(id);
                assertThat(new long[] {
                            account.debitsPending(),
                            account.debitsPosted(),
                            account.creditsPending(),
                            account.creditsPosted()
                        })
                        .as("balances of %s", id)
                        .containsExactly(balances);
            });
        }
    }
}
