package dev.dangol.bench;

import java.util.Arrays;

/** A growable array of longs that one caller thread appends to; merged and sorted once at the end. */
final class Samples {

    private long[] values = new long[1 << 12];
    private int size;

    void add(long value) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = value;
    }

    int size() {
        return size;
    }

    long get(int index) {
        return values[index];
    }

    /** The values, sorted, of all the given samples. */
    static long[] sortedUnion(Iterable<Samples> all) {
        int total = 0;
        for (Samples s : all) {
            total += s.size;
        }
        long[] merged = new long[total];
        int at = 0;
        for (Samples s : all) {
            System.arraycopy(s.values, 0, merged, at, s.size);
            at += s.size;
        }
        Arrays.sort(merged);
        return merged;
    }

    /** The value at this quantile (0..1) of sorted values, nearest rank; 0 when there are none. */
    static long quantile(long[] sorted, double q) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(q * sorted.length);
        return sorted[Math.clamp(rank - 1, 0, sorted.length - 1)];
    }
}
