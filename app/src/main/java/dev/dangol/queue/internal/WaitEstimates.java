package dev.dangol.queue.internal;

import dev.dangol.queue.Chance;

/**
 * The honest numbers a waiter is shown, from the measured admission rate and the budget. Admissions are treated as a
 * Poisson process, so the wait for the k-th next admission is Gamma(k, rate): its mean is k / rate and, by the
 * normal approximation, its 10th and 90th percentiles are {@code k / rate * (1 -/+ 1.2816 * sqrt(1 / k))}. The rate
 * itself is measured from n admissions, with a relative error of about {@code 1 / sqrt(n)}; the range is widened by
 * that too: {@code k / rate * (1 -/+ 1.2816 * sqrt(1 / k + 1 / n))}.
 */
final class WaitEstimates {

    /** The 90th percentile of the standard normal distribution, 1.2816, in ten-thousandths (no double fields). */
    private static final long Z90_TEN_THOUSANDTHS = 12_816;

    static final long WINDOW_SECONDS = 60;
    static final int POLL_MIN_SECONDS = 1;
    static final int POLL_FRONT_SECONDS = 2;
    static final int POLL_MAX_SECONDS = 30;
    /** Every this many places further back adds a second to the poll interval. */
    static final long POLL_PLACES_PER_SECOND = 100;

    /** A wait range in seconds, or -1/-1 when there is no measured rate to base one on. */
    record Range(long lowSeconds, long highSeconds, long meanSeconds) {
        static final Range NONE = new Range(-1, -1, -1);

        boolean known() {
            return meanSeconds >= 0;
        }
    }

    private WaitEstimates() {}

    /**
     * @param admissions admissions in the last {@link #WINDOW_SECONDS} seconds
     * @param openedAtMillis when the round opened: the window is shorter while the round is younger than a minute
     */
    static Range range(long position, long admissions, long openedAtMillis, long nowMillis) {
        if (position <= 0 || admissions <= 0 || openedAtMillis <= 0) {
            return Range.NONE;
        }
        long windowSeconds = Math.clamp((nowMillis - openedAtMillis) / 1_000, 1, WINDOW_SECONDS);
        double rate = (double) admissions / windowSeconds;
        double mean = position / rate;
        double spread = Z90_TEN_THOUSANDTHS / 10_000.0 * Math.sqrt(1.0 / position + 1.0 / admissions);
        long low = (long) Math.floor(Math.max(0, mean * (1 - spread)));
        long high = (long) Math.ceil(mean * (1 + spread));
        return new Range(low, high, Math.round(mean));
    }

    /**
     * LIKELY when the pool alone covers what the people ahead will likely buy and this person's wanted amount;
     * NO_STOCK_LEFT only when even if every hold came back and everyone ahead bought a single unit, not one unit
     * would be left for this person; UNCERTAIN between.
     *
     * @param likelyKrw what one person ahead will likely buy: the mean paid checkout, or the mean wanted amount
     */
    static Chance chance(long ahead, long wantedKrw, long unitKrw, long poolKrw, long heldKrw, long likelyKrw) {
        long leftAtBest = Math.subtractExact(Math.addExact(poolKrw, heldKrw), saturatedTimes(ahead, unitKrw));
        if (leftAtBest < unitKrw) {
            return Chance.NO_STOCK_LEFT;
        }
        long likelyNeed = saturatedPlus(saturatedTimes(ahead, likelyKrw), wantedKrw);
        return likelyNeed <= poolKrw ? Chance.LIKELY : Chance.UNCERTAIN;
    }

    /** Two seconds near the front, one more every hundred places back, at most 30, never past the expected turn. */
    static int pollAfterSeconds(long position, Range range) {
        long seconds =
                Math.min(POLL_MAX_SECONDS, POLL_FRONT_SECONDS + Math.max(0, position - 1) / POLL_PLACES_PER_SECOND);
        if (range.known()) {
            seconds = Math.min(seconds, Math.max(POLL_MIN_SECONDS, range.lowSeconds()));
        }
        return (int) seconds;
    }

    /** What one person is likely to buy: the mean paid checkout once there are some, else the mean wanted amount. */
    static long likelyKrw(QueueStore.Counters counters, long capKrw) {
        if (counters.paid() > 0) {
            return counters.paidKrw() / counters.paid();
        }
        return counters.places() > 0 ? counters.wantedKrwSum() / counters.places() : capKrw;
    }

    static long saturatedTimes(long a, long b) {
        long high = Math.multiplyHigh(a, b);
        long low = a * b;
        return (high == 0 && low >= 0) ? low : Long.MAX_VALUE;
    }

    private static long saturatedPlus(long a, long b) {
        long sum = a + b;
        return sum < 0 ? Long.MAX_VALUE : sum;
    }
}
