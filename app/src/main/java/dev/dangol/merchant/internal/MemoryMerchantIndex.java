package dev.dangol.merchant.internal;

import dev.dangol.merchant.Merchant;
import dev.dangol.merchant.NearbyMerchant;
import dev.dangol.merchant.NearestQuery;
import dev.dangol.shared.MerchantId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Predicate;

/**
 * Nearest-first search in memory, built for millions of merchants and answers well under a millisecond.
 *
 * <p>Every merchant with a location becomes a point on the unit sphere (x, y, z in units of 2<sup>-30</sup>). The
 * straight-line (chord) distance between two such points grows with their great-circle distance, so the k nearest by
 * chord are the k nearest along the earth's surface, anywhere on earth: no projection, nothing special at the poles
 * or the antimeridian. The points sit in static KD-trees ({@link MerchantRun}), laid out implicitly in arrays (a
 * median node in the middle of its range, its subtrees either side), so a merchant costs a few ints and a reference.
 *
 * <p>Changes follow the logarithmic method (Bentley and Saxe): a put goes to a small unsorted tail; a full tail
 * becomes a new run, merged with the smaller runs before it until the runs' sizes at least double from newest to
 * oldest. So there are at most about log<sub>2</sub>(n / {@value #TAIL_MAX}) runs, and each merchant is rebuilt into a
 * run about that many times over a whole bulk load. A replaced or removed merchant's old entry stays in its run until
 * the next merge that includes it: an entry counts only while the map of current entries names that very entry. When
 * stale entries outnumber half the live ones, the next flush rebuilds everything into one run.
 *
 * <p>Threads: searches share a read lock; a writer takes the write lock only for the short moments it changes what
 * readers see (the current map, the tail, the list of runs). Writers are serialised by a second lock, which they hold
 * while they build a new run from the old ones: building takes up to a second at two million merchants, and readers
 * keep searching the old runs meanwhile because no other writer can change them. A search therefore never waits for
 * a rebuild, only for a single put.
 *
 * <p>Filters are applied during the search, which keeps widening until it has {@code offset + limit} merchants that
 * pass. A very selective filter (a name that only three shops in the country carry) makes the search visit most of
 * the tree before it has found enough: the worst case is a scan of every merchant, bounded by the index's size; the
 * benchmark in {@code docs/benchmarks.md} gives its cost.
 */
final class MemoryMerchantIndex implements MerchantIndex {

    /** Puts held unsorted before they become a run; a search scans them all, so this stays small. */
    static final int TAIL_MAX = 512;

    private final ReentrantLock writer = new ReentrantLock();
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();

    // Read under the read lock by searches; changed under the write lock (and the writer lock) by writers.
    private final HashMap<MerchantId, MerchantEntry> current = new HashMap<>();
    private List<MerchantRun> runs = List.of();
    private MerchantEntry[] tail = new MerchantEntry[TAIL_MAX];
    private int tailSize;

    // Only the writer reads or changes these.
    private long entriesHeld;

    @Override
    public void put(Merchant merchant) {
        if (merchant == null) {
            throw new IllegalArgumentException("put needs a merchant");
        }
        writer.lock();
        try {
            MerchantEntry entry = merchant.location() == null ? null : MerchantEntry.of(merchant);
            lock.writeLock().lock();
            try {
                if (entry == null) {
                    // A merchant without a usable location cannot be anyone's nearest; its earlier entry goes.
                    current.remove(merchant.id());
                } else {
                    current.put(merchant.id(), entry);
                    tail[tailSize++] = entry;
                }
            } finally {
                lock.writeLock().unlock();
            }
            if (entry != null) {
                entriesHeld++;
            }
            if (tailSize == TAIL_MAX) {
                flush();
            }
        } finally {
            writer.unlock();
        }
    }

    @Override
    public void remove(MerchantId id) {
        writer.lock();
        try {
            lock.writeLock().lock();
            try {
                current.remove(id);
            } finally {
                lock.writeLock().unlock();
            }
            // Searches skip removed entries one by one; once they are most of what is held, rebuild without them.
            if (entriesHeld - current.size() > Math.max(TAIL_MAX, current.size())) {
                flush();
            }
        } finally {
            writer.unlock();
        }
    }

    @Override
    public List<NearbyMerchant> nearest(NearestQuery query, Predicate<Merchant> accepts) {
        if (query == null || accepts == null) {
            throw new IllegalArgumentException("a nearest search needs a query and an acceptance test");
        }
        NearestSearch search = new NearestSearch(query, accepts);
        lock.readLock().lock();
        try {
            search.liveEntries(current);
            for (int i = 0; i < tailSize; i++) {
                MerchantEntry entry = tail[i];
                search.consider(entry, entry.x(), entry.y(), entry.z());
            }
            for (MerchantRun run : runs) {
                run.search(search);
            }
        } finally {
            lock.readLock().unlock();
        }
        return search.results();
    }

    @Override
    public int size() {
        lock.readLock().lock();
        try {
            return current.size();
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Rebuilds everything into one run. A bulk load of single puts leaves about log<sub>2</sub>(n / {@value
     * #TAIL_MAX}) runs, each searched in turn; one run makes a search for a point far from every merchant several
     * times cheaper (docs/benchmarks.md). For after a bulk load: it holds the writer for the rebuild (about a second
     * at two million merchants), while searches go on over the old runs.
     */
    @Override
    public void compact() {
        writer.lock();
        try {
            flush(true);
        } finally {
            writer.unlock();
        }
    }

    /** Runs, oldest (largest) first; for tests of the merging policy. */
    int runCount() {
        lock.readLock().lock();
        try {
            return runs.size();
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Turns the tail into a run, merged with the runs it has caught up with. Called by the writer, holding the writer
     * lock and not the write lock: readers go on searching the old runs and the full tail while the new run is built.
     */
    private void flush() {
        flush(false);
    }

    private void flush(boolean compacting) {
        boolean everything = compacting || (entriesHeld - current.size()) * 2 > current.size();
        List<MerchantRun> kept = new ArrayList<>(runs);
        List<MerchantEntry> merged = new ArrayList<>(tailSize);
        for (int i = 0; i < tailSize; i++) {
            if (current.get(tail[i].merchant().id()) == tail[i]) {
                merged.add(tail[i]);
            }
        }
        while (!kept.isEmpty() && (everything || kept.getLast().size() <= 2 * Math.max(merged.size(), TAIL_MAX))) {
            kept.removeLast().liveEntries(current, merged);
        }
        MerchantRun built = merged.isEmpty() ? null : MerchantRun.of(merged);
        if (built != null) {
            kept.add(built);
        }
        long held = 0;
        for (MerchantRun run : kept) {
            held += run.size();
        }
        List<MerchantRun> published = List.copyOf(kept);
        lock.writeLock().lock();
        try {
            runs = published;
            tail = new MerchantEntry[TAIL_MAX];
            tailSize = 0;
        } finally {
            lock.writeLock().unlock();
        }
        entriesHeld = held;
    }
}
