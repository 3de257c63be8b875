package dev.dangol.ledger.internal;

import dev.dangol.ledger.Account;
import dev.dangol.ledger.AccountBalance;
import dev.dangol.ledger.AccountQuery;
import dev.dangol.ledger.ExpiredTransfer;
import dev.dangol.ledger.HistoryWindow;
import dev.dangol.ledger.Ledger;
import dev.dangol.ledger.LedgerAudit;
import dev.dangol.ledger.LedgerResults;
import dev.dangol.ledger.LedgerUnavailableException;
import dev.dangol.ledger.Transfer;
import dev.dangol.ledger.TransferRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The ledger with group commit: callers on any number of threads hand their submissions to a few writer threads
 * (one by default), each of which applies as many as are waiting in one database transaction. Each submission keeps
 * its own atomicity (the engine rolls back a failed chain in memory), while the database sees few, larger
 * transactions: the hot rows of a round (its budget, the subsidy account) are written once per batch instead of once
 * per purchase. Accounts flagged {@link dev.dangol.ledger.AccountFlag#HOT} are locked last, so that several writers
 * (here, or on other nodes) hold them only around their commits and run the rest of their batches side by side.
 *
 * <p>Bounded throughout: the queue, the batch, the wait for an answer and the retries all have a maximum.
 */
public final class GroupCommitLedger implements Ledger, AutoCloseable {

    private static final Logger LOG = Logger.getLogger(GroupCommitLedger.class.getName());

    /**
     * @param queueCapacity submissions waiting for the writer at most; past that, callers are turned away
     * @param batchCommandsMax submissions in one database transaction at most
     * @param batchTransfersMax transfers in one database transaction at most
     * @param attemptsMax tries of one batch before its submissions are tried one by one
     * @param offerWait how long a caller waits for room in a full queue
     * @param answerWait how long a caller waits for its outcome before giving up (the outcome is then unknown, and a
     *     retry with the same ids is safe)
     * @param writers writer threads, each with a database transaction of its own at a time (1 to 16)
     */
    public record Settings(
            int queueCapacity,
            int batchCommandsMax,
            int batchTransfersMax,
            int attemptsMax,
            Duration offerWait,
            Duration answerWait,
            int writers) {

        public static final Settings DEFAULT =
                new Settings(65_536, 2_048, 16_380, 5, Duration.ofSeconds(2), Duration.ofSeconds(30), 1);

        public Settings {
            if (writers < 1 || writers > 16) {
                throw new IllegalArgumentException("1 to 16 ledger writers, not " + writers);
            }
            if (queueCapacity < 1 || batchCommandsMax < 1 || batchTransfersMax < MAX_TRANSFERS_PER_SUBMISSION) {
                throw new IllegalArgumentException("ledger settings out of range");
            }
            if (attemptsMax < 1) {
                throw new IllegalArgumentException("at least one attempt");
            }
        }

        public Settings withWriters(int count) {
            return new Settings(
                    queueCapacity, batchCommandsMax, batchTransfersMax, attemptsMax, offerWait, answerWait, count);
        }
    }

    private record Job(Command command, int transfers, CompletableFuture<LedgerResults> answer) {}

    private final LedgerStore store;
    private final Clock clock;
    private final Settings settings;
    private final LedgerObserver observer;
    private final BlockingQueue<Job> queue;
    private final HotAccounts hotAccounts = new HotAccounts();
    private final List<Thread> writers = new ArrayList<>();
    private volatile boolean running = true;

    GroupCommitLedger(LedgerStore store, Clock clock, Settings settings, LedgerObserver observer) {
        this.store = store;
        this.clock = clock;
        this.settings = settings;
        this.observer = observer;
        this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
        for (int i = 0; i < settings.writers(); i++) {
            String name = settings.writers() == 1 ? "ledger-writer" : "ledger-writer-" + (i + 1);
            writers.add(Thread.ofPlatform().name(name).daemon(true).start(this::writeLoop));
        }
    }

    @Override
    public LedgerResults submit(List<Account> accounts, List<Transfer> transfers) {
        if (transfers.size() > MAX_TRANSFERS_PER_SUBMISSION) {
            throw new IllegalArgumentException("a submission carries at most " + MAX_TRANSFERS_PER_SUBMISSION
                    + " transfers, not " + transfers.size());
        }
        if (accounts.size() > MAX_TRANSFERS_PER_SUBMISSION) {
            throw new IllegalArgumentException(
                    "a submission creates at most " + MAX_TRANSFERS_PER_SUBMISSION + " accounts");
        }
        return enqueue(new Command.Submit(accounts, transfers), transfers.size() + accounts.size());
    }

    @Override
    public int expirePendingTransfers(int limit) {
        List<String> due = store.duePendingTransfers(clock.instant(), limit);
        if (due.isEmpty()) {
            return 0;
        }
        return enqueue(new Command.Expire(due), due.size()).transfers().size();
    }

    private LedgerResults enqueue(Command command, int size) {
        if (!running) {
            throw new LedgerUnavailableException("the ledger is shutting down", null);
        }
        Job job = new Job(command, size, new CompletableFuture<>());
        try {
            if (!queue.offer(job, settings.offerWait().toMillis(), TimeUnit.MILLISECONDS)) {
                observer.rejected();
                throw new LedgerUnavailableException(
                        "the ledger has " + queue.size() + " submissions waiting; try again shortly", null);
            }
            return job.answer().get(settings.answerWait().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LedgerUnavailableException("interrupted while waiting for the ledger", e);
        } catch (TimeoutException e) {
            throw new LedgerUnavailableException("the ledger did not answer in time; the outcome is unknown", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof LedgerUnavailableException unavailable) {
                throw unavailable;
            }
            throw new LedgerUnavailableException("the ledger failed", e.getCause());
        }
    }

    /** How many hot accounts the writers lock last. */
    int hotAccountsKnown() {
        return hotAccounts.size();
    }

    /** Submissions waiting for the writer. */
    public int queueDepth() {
        return queue.size();
    }

    private void writeLoop() {
        List<Job> batch = new ArrayList<>();
        // A job taken that did not fit the batch before: the first of the next. Jobs are taken with poll alone, never
        // peeked at, because another writer may take the one peeked at.
        Job carried = null;
        while (running || !queue.isEmpty() || carried != null) {
            try {
                Job first = carried != null ? carried : queue.poll(100, TimeUnit.MILLISECONDS);
                carried = null;
                if (first == null) {
                    continue;
                }
                batch.clear();
                batch.add(first);
                int transfers = first.transfers();
                Job next;
                while (batch.size() < settings.batchCommandsMax() && (next = queue.poll()) != null) {
                    if (transfers + next.transfers() > settings.batchTransfersMax()) {
                        carried = next;
                        break;
                    }
                    batch.add(next);
                    transfers += next.transfers();
                }
                run(batch, transfers);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException | Error e) {
                // Never let the writer die: everyone behind it would wait for nothing.
                LOG.log(Level.SEVERE, "ledger writer caught an unexpected failure", e);
                for (Job job : batch) {
                    job.answer().completeExceptionally(e);
                }
            }
        }
    }

    private void run(List<Job> batch, int transfers) {
        List<Command> commands = new ArrayList<>(batch.size());
        for (Job job : batch) {
            commands.add(job.command());
        }
        RuntimeException last = null;
        for (int attempt = 1; attempt <= settings.attemptsMax(); attempt++) {
            try {
                long started = System.nanoTime();
                // Microseconds: what both databases keep, so that what a caller is told equals what a read returns.
                Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
                // Hot accounts locked last, retries too: a writer that locked them first while others lock them last
                // could deadlock with those. Only a lone submission's last try locks everything first, so that a
                // budget moving under every try cannot starve it.
                HotAccounts late =
                        batch.size() == 1 && attempt == settings.attemptsMax() ? HotAccounts.NONE : hotAccounts;
                List<LedgerResults> results = store.inTransaction(tx -> LedgerEngine.execute(commands, tx, now, late));
                observer.committed(batch.size(), transfers, System.nanoTime() - started);
                for (int i = 0; i < batch.size(); i++) {
                    batch.get(i).answer().complete(results.get(i));
                }
                return;
            } catch (RuntimeException e) {
                last = e;
                observer.retried(e);
                backOff(attempt);
            }
        }
        if (batch.size() > 1) {
            // One bad submission must not take its batch-mates down with it: try each alone.
            LOG.log(Level.WARNING, "a ledger batch of " + batch.size() + " failed; trying its submissions alone", last);
            for (Job job : batch) {
                run(List.of(job), job.transfers());
            }
            return;
        }
        observer.failed(last);
        LOG.log(Level.SEVERE, "a ledger submission failed after " + settings.attemptsMax() + " attempts", last);
        batch.getFirst()
                .answer()
                .completeExceptionally(
                        new LedgerUnavailableException("the ledger could not apply the submission", last));
    }

    private static void backOff(int attempt) {
        try {
            Thread.sleep(Math.min(200, 5L << attempt));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public Optional<AccountBalance> lookupAccount(String id) {
        return Optional.ofNullable(store.findAccounts(List.of(id)).get(id));
    }

    @Override
    public Map<String, AccountBalance> lookupAccounts(Collection<String> ids) {
        return store.findAccounts(ids);
    }

    @Override
    public Optional<TransferRecord> lookupTransfer(String id) {
        return Optional.ofNullable(store.findTransfers(List.of(id)).get(id));
    }

    @Override
    public Map<String, TransferRecord> lookupTransfers(Collection<String> ids) {
        return store.findTransfers(ids);
    }

    @Override
    public List<AccountBalance> queryAccounts(AccountQuery query) {
        return store.queryAccounts(query);
    }

    @Override
    public List<TransferRecord> transfersOf(String accountId, int limit) {
        return store.transfersOf(accountId, limit);
    }

    @Override
    public List<TransferRecord> transfersOf(HistoryWindow window) {
        return store.transfersOf(window);
    }

    @Override
    public List<AccountBalance> accountsByCode(int ledger, int code, String afterId, int limit) {
        if (limit < 1 || limit > AccountQuery.MAX_LIMIT) {
            throw new IllegalArgumentException(
                    "an account page holds 1 to " + AccountQuery.MAX_LIMIT + " accounts, not " + limit);
        }
        return store.accountsByCode(ledger, code, afterId, limit);
    }

    @Override
    public List<ExpiredTransfer> expiries(int limit) {
        if (limit < 1 || limit > AccountQuery.MAX_LIMIT) {
            throw new IllegalArgumentException(
                    "a page of expiries holds 1 to " + AccountQuery.MAX_LIMIT + " notices, not " + limit);
        }
        return store.expiries(limit);
    }

    @Override
    public void acknowledgeExpiries(Collection<Long> sequences) {
        if (!sequences.isEmpty()) {
            store.acknowledgeExpiries(sequences);
        }
    }

    @Override
    public LedgerAudit audit() {
        return store.audit();
    }

    /** Finishes what is queued, then stops the writers. */
    @Override
    public void close() {
        running = false;
        try {
            for (Thread writer : writers) {
                writer.join(Duration.ofSeconds(10));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Job left;
        while ((left = queue.poll()) != null) {
            left.answer().completeExceptionally(new LedgerUnavailableException("the ledger shut down", null));
        }
    }
}
