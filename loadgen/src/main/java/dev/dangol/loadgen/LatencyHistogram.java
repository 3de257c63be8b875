package dev.dangol.loadgen;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Request latencies in a fixed number of buckets, each 2% wider than the one before, from 10 microseconds to about
 * two minutes: constant memory however many requests a replay sends, and percentiles good to 2%. Lock-free.
 */
public final class LatencyHistogram {

    static final double GROWTH = 1.02;
    static final long FIRST_MICROS = 10;
    static final int BUCKETS = 820;

    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);

    public void record(long nanos) {
        counts.incrementAndGet(bucket(nanos / 1_000));
    }

    static int bucket(long micros) {
        if (micros <= FIRST_MICROS) {
            return 0;
        }
        int index = (int) Math.ceil(Math.log((double) micros / FIRST_MICROS) / Math.log(GROWTH));
        return Math.min(BUCKETS - 1, index);
    }

    public long count() {
        long total = 0;
        for (int i = 0; i < BUCKETS; i++) {
            total += counts.get(i);
        }
        return total;
    }

    /** The latency below which {@code quantile} of the requests fell, in milliseconds (a bucket's upper end). */
    public double quantileMillis(double quantile) {
        long total = count();
        if (total == 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(quantile * total));
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts.get(i);
            if (seen >= rank) {
                return FIRST_MICROS * Math.pow(GROWTH, i) / 1_000;
            }
        }
        return FIRST_MICROS * Math.pow(GROWTH, BUCKETS - 1) / 1_000;
    }
}
