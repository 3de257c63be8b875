package dev.dangol.merchant.internal;

import dev.dangol.shared.MerchantId;
import java.util.List;
import java.util.Map;

/**
 * A static KD-tree of merchant entries over their points on the unit sphere, laid out implicitly: the node of a range
 * {@code [lo, hi)} is its middle element, split along the axis stored for it, with the smaller coordinates before it
 * and the larger after. Ranges of at most {@value #LEAF} elements are scanned. Never changed once built, so any number
 * of threads may search it.
 */
final class MerchantRun {

    private static final int LEAF = 8;

    private final MerchantEntry[] entries;
    private final int[] x;
    private final int[] y;
    private final int[] z;
    private final byte[] axis;

    private MerchantRun(MerchantEntry[] entries, int[] x, int[] y, int[] z, byte[] axis) {
        this.entries = entries;
        this.x = x;
        this.y = y;
        this.z = z;
        this.axis = axis;
    }

    static MerchantRun of(List<MerchantEntry> from) {
        int n = from.size();
        MerchantEntry[] entries = from.toArray(new MerchantEntry[0]);
        int[] x = new int[n];
        int[] y = new int[n];
        int[] z = new int[n];
        for (int i = 0; i < n; i++) {
            x[i] = entries[i].x();
            y[i] = entries[i].y();
            z[i] = entries[i].z();
        }
        MerchantRun run = new MerchantRun(entries, x, y, z, new byte[n]);
        run.build(0, n);
        return run;
    }

    int size() {
        return entries.length;
    }

    /** Adds this run's entries that are still current to {@code into}. */
    void liveEntries(Map<MerchantId, MerchantEntry> current, List<MerchantEntry> into) {
        for (MerchantEntry entry : entries) {
            if (current.get(entry.merchant().id()) == entry) {
                into.add(entry);
            }
        }
    }

    void search(NearestSearch search) {
        if (entries.length > 0) {
            visit(search, 0, entries.length, 0, 0, 0, 0);
        }
    }

    /**
     * Searches the subtree of {@code [lo, hi)}, whose cell lies at least {@code offsetX}, {@code offsetY} and {@code
     * offsetZ} from the query point along each axis, so at least {@code cellSquared} (their squares' sum) away: the
     * incremental distance of Arya and Mount. A subtree is entered only if that bound is within the search's, which
     * prunes far better than the one axis of the split alone where merchants cluster in markets and the point is
     * far from all of them (a query in the mountains must not wander through a whole distant market).
     */
    private void visit(
            NearestSearch search, int lo, int hi, long cellSquared, long offsetX, long offsetY, long offsetZ) {
        if (hi - lo <= LEAF) {
            for (int i = lo; i < hi; i++) {
                search.consider(entries[i], x[i], y[i], z[i]);
            }
            return;
        }
        int mid = (lo + hi) >>> 1;
        int splitAxis = axis[mid];
        long difference = switch (splitAxis) {
            case 0 -> search.qx() - x[mid];
            case 1 -> search.qy() - y[mid];
            default -> search.qz() - z[mid];
        };
        search.consider(entries[mid], x[mid], y[mid], z[mid]);
        if (difference <= 0) {
            visit(search, lo, mid, cellSquared, offsetX, offsetY, offsetZ);
        } else {
            visit(search, mid + 1, hi, cellSquared, offsetX, offsetY, offsetZ);
        }
        // The far child: its cell is beyond the split, |difference| away along the split's axis.
        long old = splitAxis == 0 ? offsetX : splitAxis == 1 ? offsetY : offsetZ;
        // The sum never exceeds the squared chord to a point of a non-empty cell, at most 2^62 on a sphere of radius
        // 2^30; for an empty far range it may wrap negative, which only visits nothing.
        long farSquared = cellSquared - old * old + difference * difference;
        if (!search.reachesSquared(farSquared)) {
            return;
        }
        long far = Math.abs(difference);
        int farLo = difference <= 0 ? mid + 1 : lo;
        int farHi = difference <= 0 ? hi : mid;
        switch (splitAxis) {
            case 0 -> visit(search, farLo, farHi, farSquared, far, offsetY, offsetZ);
            case 1 -> visit(search, farLo, farHi, farSquared, offsetX, far, offsetZ);
            default -> visit(search, farLo, farHi, farSquared, offsetX, offsetY, far);
        }
    }

    /** Arranges {@code [lo, hi)} as a subtree: split on the axis of widest spread, at the median. */
    private void build(int lo, int hi) {
        while (hi - lo > LEAF) {
            int mid = (lo + hi) >>> 1;
            int chosen = widestAxis(lo, hi);
            int[] keys = chosen == 0 ? x : chosen == 1 ? y : z;
            select(keys, lo, hi - 1, mid);
            axis[mid] = (byte) chosen;
            build(lo, mid);
            lo = mid + 1;
        }
    }

    private int widestAxis(int lo, int hi) {
        long spreadX = spread(x, lo, hi);
        long spreadY = spread(y, lo, hi);
        long spreadZ = spread(z, lo, hi);
        if (spreadX >= spreadY && spreadX >= spreadZ) {
            return 0;
        }
        return spreadY >= spreadZ ? 1 : 2;
    }

    private static long spread(int[] values, int lo, int hi) {
        int min = Integer.MAX_VALUE;
        int max = Integer.MIN_VALUE;
        for (int i = lo; i < hi; i++) {
            min = Math.min(min, values[i]);
            max = Math.max(max, values[i]);
        }
        return (long) max - min;
    }

    /**
     * Puts the k-th smallest key of {@code [left, right]} at k, smaller or equal keys before it and greater or equal
     * after (Hoare's selection as Wirth writes it; equal keys stop both scans, so many equal points stay balanced).
     */
    private void select(int[] keys, int left, int right, int k) {
        int l = left;
        int r = right;
        while (l < r) {
            int pivot = keys[k];
            int i = l;
            int j = r;
            do {
                while (keys[i] < pivot) {
                    i++;
                }
                while (pivot < keys[j]) {
                    j--;
                }
                if (i <= j) {
                    swap(i, j);
                    i++;
                    j--;
                }
            } while (i <= j);
            if (j < k) {
                l = i;
            }
            if (k < i) {
                r = j;
            }
        }
    }

    private void swap(int i, int j) {
        MerchantEntry entry = entries[i];
        entries[i] = entries[j];
        entries[j] = entry;
        int t = x[i];
        x[i] = x[j];
        x[j] = t;
        t = y[i];
        y[i] = y[j];
        y[j] = t;
        t = z[i];
        z[i] = z[j];
        z[j] = t;
    }
}
