package dev.dangol.queue.internal;

import dev.dangol.shared.PersonId;
import dev.dangol.shared.RoundId;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;

/**
 * The embedded store: every round's queue in memory ({@link MemoryRound}), each behind its own lock, and every change
 * in an append-only journal under {@code directory} that is read back on start, so that a restart keeps every place,
 * hold and counter that was answered. A change is answered only once its journal entry is on disk (group commit);
 * presence (last seen) is not journaled, and after a restart everyone counts as seen when the round is first used
 * again.
 */
final class MemoryQueueStore implements QueueStore {

    static final String JOURNAL = "queue.journal";

    private final ConcurrentHashMap<RoundId, MemoryRound> rounds = new ConcurrentHashMap<>();
    private final List<MemoryRound> byIndex = new ArrayList<>();
    private final Object setUpLock = new Object();
    private final FileChannel lockFile;
    private final FileLock directoryLock;
    private final Journal journal;
    private boolean closed;

    /**
     * @param sync force every group of journal entries to disk before answering: true except in measurements
     */
    MemoryQueueStore(Path directory, boolean sync) {
        FileLock lock;
        try {
            Files.createDirectories(directory);
            lockFile = FileChannel.open(directory.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            try {
                lock = lockFile.tryLock();
            } catch (OverlappingFileLockException inThisProcess) {
                lock = null;
            }
            if (lock == null) {
                lockFile.close();
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot use the queue directory " + directory, e);
        }
        if (lock == null) {
            throw new IllegalStateException("another waiting-room store uses the queue directory " + directory
                    + "; give each process its own dangol.queue.directory, or use the Redis store to share a queue");
        }
        directoryLock = lock;
        Path file = directory.resolve(JOURNAL);
        Journal.replay(file, this::replay);
        rounds.values().forEach(round -> round.restored = true);
        journal = new Journal(file, sync);
    }

    private void replay(ByteBuffer entry) {
        while (entry.hasRemaining()) {
            byte type = entry.get();
            int index = entry.getInt();
            if (type == MemoryRound.SETUP) {
                RoundId id = RoundId.of(Journal.getText(entry));
                MemoryRound round = new MemoryRound(index, id, MemoryRound.readSetup(entry));
                if (index != byIndex.size()) {
                    throw new IllegalStateException("the queue journal's rounds are out of order");
                }
                byIndex.add(round);
                rounds.put(id, round);
            } else {
                byIndex.get(index).replay(type, entry);
            }
        }
    }

    @Override
    public SetUp setUp(RoundId round, RoundSetup setup, long nowMillis) {
        MemoryRound known = rounds.get(round);
        if (known == null) {
            synchronized (setUpLock) {
                known = rounds.get(round);
                if (known == null) {
                    journal.reserve();
                    MemoryRound created = new MemoryRound(byIndex.size(), round, setup);
                    Journal.Entry out = new Journal.Entry();
                    MemoryRound.writeSetup(out, created.index, round, setup);
                    CompletableFuture<Void> written = journal.append(out.toBytes());
                    byIndex.add(created);
                    rounds.put(round, created);
                    Journal.await(written);
                    return new SetUp(setup, Origin.CREATED);
                }
            }
        }
        known.lock.lock();
        try {
            if (known.restored) {
                known.restored = false;
                known.markSeenAt(nowMillis);
                return new SetUp(known.setup, Origin.RESTORED);
            }
            return new SetUp(known.setup, Origin.EXISTING);
        } finally {
            known.lock.unlock();
        }
    }

    @Override
    public Joined join(
            RoundId round, PersonId person, String placeId, long wantedKrw, long nowMillis, long graceMillis) {
        MemoryRound r = round(round);
        // Room in the journal is taken before the lock, so that waiting for it never holds up the round.
        journal.reserve();
        Journal.Entry out = new Journal.Entry();
        Joined joined;
        CompletableFuture<Void> written = null;
        boolean committed = false;
        r.lock.lock();
        try {
            int slot = r.find(person.value());
            if (slot >= 0) {
                r.touch(slot, nowMillis, graceMillis, out);
                joined = new Joined(true, r.waiter(slot), r.counters(nowMillis));
            } else if (r.soldOut()) {
                joined = new Joined(false, null, r.counters(nowMillis));
            } else {
                slot = r.applyJoin(
                        person.value(), PlaceIds.high(placeId), PlaceIds.low(placeId), wantedKrw, nowMillis, out);
                joined = new Joined(false, r.waiter(slot), r.counters(nowMillis));
            }
            written = commit(out);
            committed = true;
        } finally {
            r.lock.unlock();
            if (!committed) {
                journal.unreserve();
            }
        }
        Journal.await(written);
        return joined;
    }

    @Override
    public Optional<Seen> touch(RoundId round, PersonId person, long nowMillis, long graceMillis) {
        MemoryRound r = round(round);
        Journal.Entry out = new Journal.Entry();
        CompletableFuture<Void> written = null;
        Seen seen;
        r.lock.lock();
        try {
            int slot = r.find(person.value());
            if (slot < 0) {
                return Optional.empty();
            }
            if (r.needsEventOnTouch(slot)) {
                journal.reserve();
                boolean committed = false;
                try {
                    r.touch(slot, nowMillis, graceMillis, out);
                    written = commit(out);
                    committed = true;
                } finally {
                    if (!committed) {
                        journal.unreserve();
                    }
                }
            } else {
                r.touch(slot, nowMillis, graceMillis, null);
            }
            seen = new Seen(r.waiter(slot), r.counters(nowMillis));
        } finally {
            r.lock.unlock();
        }
        Journal.await(written);
        return Optional.of(seen);
    }

    @Override
    public Counters counters(RoundId round, long nowMillis) {
        MemoryRound r = round(round);
        r.lock.lock();
        try {
            return r.counters(nowMillis);
        } finally {
            r.lock.unlock();
        }
    }

    @Override
    public void recordEstimate(RoundId round, PersonId person, long estimateSeconds, long nowMillis) {
        MemoryRound r = round(round);
        if (!journal.tryReserve()) {
            return; // A metric's sample is not worth waiting for.
        }
        Journal.Entry out = new Journal.Entry();
        CompletableFuture<Void> written = null;
        boolean committed = false;
        r.lock.lock();
        try {
            int slot = r.find(person.value());
            if (slot >= 0 && !r.hasEstimate(slot)) {
                r.applyEstimate(slot, estimateSeconds, nowMillis, out);
            }
            written = commit(out);
            committed = true;
        } finally {
            r.lock.unlock();
            if (!committed) {
                journal.unreserve();
            }
        }
        // Not awaited: losing an estimate in a crash loses one sample of a metric, nothing anyone was told.
        if (written != null) {
            written.exceptionally(failure -> null);
        }
    }

    @Override
    public boolean open(RoundId round, long nowMillis, DrawOrder draw) {
        MemoryRound r = round(round);
        journal.reserve();
        Journal.Entry out = new Journal.Entry();
        CompletableFuture<Void> written = null;
        boolean committed = false;
        r.lock.lock();
        try {
            if (!r.opened()) {
                int[] order = draw.order(r.preQueuePlaceIds());
                r.applyOpen(nowMillis, order, out);
            }
            written = commit(out);
            committed = true;
        } finally {
            r.lock.unlock();
            if (!committed) {
                journal.unreserve();
            }
        }
        if (written == null) {
            return false;
        }
        Journal.await(written);
        return true;
    }

    @Override
    public PreQueue preQueue(RoundId round) {
        MemoryRound r = round(round);
        r.lock.lock();
        try {
            return new PreQueue(r.preQueuePlaceIds(), r.opened());
        } finally {
            r.lock.unlock();
        }
    }

    @Override
    public AdmitResult admit(RoundId round, AdmitLimits limits) {
        return change(round, (r, out) -> r.admit(limits, out));
    }

    @Override
    public Outcome beginCheckout(RoundId round, PersonId person, long amountKrw, long deadlineMillis, long nowMillis) {
        return change(round, (r, out) -> {
            int slot = r.find(person.value());
            Outcome outcome = r.checkCheckout(slot, amountKrw, nowMillis);
            if (outcome == Outcome.OK) {
                r.applyCheckout(slot, amountKrw, deadlineMillis, out);
            }
            return outcome;
        });
    }

    @Override
    public Outcome checkoutPaid(RoundId round, PersonId person, long amountKrw) {
        return change(round, (r, out) -> {
            int slot = r.find(person.value());
            Outcome outcome = r.checkPaid(slot, amountKrw);
            if (outcome == Outcome.OK) {
                r.applyPaid(slot, amountKrw, out);
            }
            return outcome;
        });
    }

    @Override
    public Outcome checkoutFailed(RoundId round, PersonId person) {
        return change(round, (r, out) -> {
            int slot = r.find(person.value());
            if (!r.inCheckout(slot)) {
                return Outcome.NOT_IN_CHECKOUT;
            }
            r.applyFailed(slot, out);
            return Outcome.OK;
        });
    }

    @Override
    public Outcome release(RoundId round, PersonId person) {
        return change(round, (r, out) -> {
            int slot = r.find(person.value());
            Outcome outcome = r.checkRelease(slot);
            if (outcome == Outcome.OK) {
                r.applyRelease(slot, out);
            }
            return outcome;
        });
    }

    @Override
    public boolean takeFromPool(RoundId round, long amountKrw) {
        return change(round, (r, out) -> {
            if (!r.canTake(amountKrw)) {
                return false;
            }
            r.applyTake(amountKrw, out);
            return true;
        });
    }

    @Override
    public Outcome returnToPool(RoundId round, long amountKrw) {
        return change(round, (r, out) -> {
            if (!r.canGive(amountKrw)) {
                return Outcome.OVER_SOLD;
            }
            r.applyGive(amountKrw, out);
            return Outcome.OK;
        });
    }

    @Override
    public void rebasePool(RoundId round, long ledgerRemainingKrw) {
        change(round, (r, out) -> {
            r.applyRebase(r.rebasedPool(ledgerRemainingKrw), out);
            return null;
        });
    }

    @Override
    public void setPaused(RoundId round, boolean paused) {
        change(round, (r, out) -> {
            r.applyPaused(paused, out);
            return null;
        });
    }

    @Override
    public void setRateCap(RoundId round, int admissionsPerSecond) {
        change(round, (r, out) -> {
            r.applyRateCap(admissionsPerSecond, out);
            return null;
        });
    }

    @Override
    public void close() {
        synchronized (setUpLock) {
            if (closed) {
                return;
            }
            closed = true;
        }
        journal.close();
        try {
            directoryLock.release();
            lockFile.close();
        } catch (IOException e) {
            throw new IllegalStateException("cannot release the queue directory", e);
        }
    }

    // ---- changes: journal room first, then the round's lock, then the wait for the disk outside it

    private <T> T change(RoundId round, BiFunction<MemoryRound, Journal.Entry, T> step) {
        MemoryRound r = round(round);
        journal.reserve();
        Journal.Entry out = new Journal.Entry();
        CompletableFuture<Void> written;
        T result;
        boolean committed = false;
        r.lock.lock();
        try {
            result = step.apply(r, out);
            written = commit(out);
            committed = true;
        } finally {
            r.lock.unlock();
            if (!committed) {
                journal.unreserve();
            }
        }
        Journal.await(written);
        return result;
    }

    /** Queues the entry if it has events, or gives its reserved room back. */
    private CompletableFuture<Void> commit(Journal.Entry out) {
        if (out.isEmpty()) {
            journal.unreserve();
            return null;
        }
        return journal.append(out.toBytes());
    }

    private MemoryRound round(RoundId round) {
        MemoryRound r = rounds.get(round);
        if (r == null) {
            throw new IllegalStateException("the round " + round + " is not set up in the queue store");
        }
        return r;
    }
}
