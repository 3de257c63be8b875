package dev.dangol.queue.internal;

import dev.dangol.queue.Chance;

/**
 * The honest numbers a waiter is shown, from the measured pace of admission and the budget (decision 0016).
 *
 * <p>Admission is closed-loop: once the in-flight cap is reached, a person is admitted only when a hold ends (paid,
 * released or lapsed). So the people who fit in the free in-flight places, and as many more as the holds ending
 * meanwhile free, are admitted at the admission pace (the admissions of the last minute over the time admission ran in
 * it, or the operator's rate cap when that binds), and everyone behind them at the rate holds end, measured as an
 * exponentially weighted count of the holds that ended ({@link Flow}). The burst of admissions that fills the
 * in-flight places at opening says nothing about the pace after it, and is not counted in that rate. A person whose
 * turn comes only after the people ahead have taken the whole pool at the mean hold is shown no wait: they will most
 * likely be told there is no stock left, and the chance says so.
 *
 * <p>Admissions are treated as a Poisson process, so the wait for the k-th next admission is Gamma(k, rate): its mean
 * is k / rate and, by the normal approximation, its 10th and 90th percentiles are {@code k / rate * (1 -/+ 1.2816 *
 * sqrt(1 / k))}. The rate itself is measured from n events, with a relative error of about {@code 1 / sqrt(n)}; the
 * range is widened by that too: {@code k / rate * (1 -/+ 1.2816 * sqrt(1 / k + 1 / n))}.
 *
 * <p>While admission is held by rule (paused, a failing gateway) no range is shown, and the measures' clock stands
 * still: the held time neither decays the pace of holds ending nor counts in the time either rate is measured over, so
 * that when admission resumes the ranges are made from the pace measured before the hold (decision 0016).
 */
final class WaitEstimates {

    /** The 90th percentile of the standard normal distribution, 1.2816, in ten-thousandths (no double fields). */
    private static final long Z90_TEN_THOUSANDTHS = 12_816;

    static final long WINDOW_SECONDS = 60;
    /** The time constant of the measured rate of holds ending: a pace change shows within about half a minute. */
    static final long FLOW_TAU_MILLIS = 15_000;

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

    /**
     * How fast holds end, kept by the store beside its counters and updated by each admission step.
     *
     * @param completed holds that ended so far: paid, released or lapsed
     * @param weightMilli the exponentially weighted count of holds that ended, in thousandths: each step multiplies it
     *     by {@code exp(-elapsed / FLOW_TAU_MILLIS)} and adds a thousand for each hold that ended since the last step
     * @param atMillis when it was last updated
     * @param fromMillis when the measurement began (the first step after opening, or after a restart), moved on by
     *     the time admission was held since, so that {@code atMillis - fromMillis} is the time measured; 0 if not yet
     * @param inFlightCap the most people admitted or paying at once that the last step admitted to, 0 if it admitted
     *     nobody by rule (paused, or a failing gateway)
     */
    record Flow(long completed, long weightMilli, long atMillis, long fromMillis, long inFlightCap) {
        static final Flow NONE = new Flow(0, 0, 0, 0, 0);

        Flow {
            if (completed < 0 || weightMilli < 0 || inFlightCap < 0) {
                throw new IllegalArgumentException("a flow's counts must not be negative");
            }
        }

        /** The weight after {@code elapsedMillis}: rounded half up, as admit.lua does, so both stores agree. */
        static long decayed(long weightMilli, long elapsedMillis) {
            if (elapsedMillis <= 0 || weightMilli == 0) {
                return weightMilli;
            }
            return (long) Math.floor(weightMilli * Math.exp(-(double) elapsedMillis / FLOW_TAU_MILLIS) + 0.5);
        }
    }

    private WaitEstimates() {}

    /**
     * @param position the person's place in the order of admission (people ahead, plus returning people, plus one)
     * @param wantedKrw what the person wants to buy
     */
    static Range range(long position, long wantedKrw, QueueStore.Counters counters, long nowMillis) {
        Flow flow = counters.flow();
        long openedAt = counters.openedAtMillis();
        if (position <= 0 || openedAt <= 0 || flow.inFlightCap() <= 0) {
            return Range.NONE;
        }
        // The pool, at the mean hold of the people ahead, must reach this person: if not, only holds coming back
        // could serve them, and most will not. No wait is promised.
        long meanHold = counters.places() > 0 ? counters.wantedKrwSum() / counters.places() : wantedKrw;
        if (saturatedPlus(saturatedTimes(position - 1, meanHold), wantedKrw) > counters.poolKrw()) {
            return Range.NONE;
        }
        long free = Math.max(0, flow.inFlightCap() - counters.holds());

        // The admission pace: the admissions of the last minute over the part of it admission ran. The time it was
        // held by rule (paused, a failing gateway) admitted nobody and says nothing about the pace after it.
        long admissions = counters.admissionsLastMinute();
        double admitPerSecond = -1;
        double admitVariance = 0;
        if (admissions > 0) {
            long measuredMillis = Math.max(1_000, windowMillis(openedAt, nowMillis) - counters.heldMillisLastMinute());
            admitPerSecond = admissions * 1_000.0 / measuredMillis;
            int rateCap = counters.rateCap();
            if (rateCap > 0 && admitPerSecond >= rateCap) {
                // The operator's cap binds: admission runs at it, and what was measured above it is the token
                // bucket's opening second (a second's worth let through at once), not a pace that can last.
                admitPerSecond = rateCap;
            } else {
                admitVariance = 1.0 / admissions;
            }
        }

        // The pace holds end, once it can be trusted. Until as many holds have ended as the in-flight places hold,
        // only the quickest checkouts have been seen, and the pace they give is that of the first seconds, not of the
        // rest of the launch: a wait made from it would be out by half or more. Better no number than a wrong one.
        double endedPerSecond = -1;
        double ended = 0;
        long since = nowMillis - flow.fromMillis();
        if (flow.fromMillis() > 0 && since > 0 && flow.completed() >= flow.inFlightCap()) {
            // The weighted count over the weighted time since the measurement began: unbiased while it is young.
            ended = Flow.decayed(flow.weightMilli(), nowMillis - flow.atMillis()) / 1_000.0;
            double seconds = FLOW_TAU_MILLIS / 1_000.0 * -Math.expm1(-(double) since / FLOW_TAU_MILLIS);
            if (ended >= 1) {
                endedPerSecond = ended / seconds;
            }
        }

        // The people admitted at the admission pace: those the free places hold, and as many more as the holds
        // ending meanwhile free (the free places run out at the admission pace less the pace holds end, if ever:
        // under an operator's rate cap that binds they need not). Everyone after them waits for holds to end.
        long reach = free;
        if (admitPerSecond > 0 && endedPerSecond > 0) {
            reach = endedPerSecond >= admitPerSecond
                    ? Long.MAX_VALUE
                    : (long) Math.min(Long.MAX_VALUE / 2.0, free * admitPerSecond / (admitPerSecond - endedPerSecond));
        }
        long soon = Math.min(position, reach);
        long later = position - soon;
        double mean = 0;
        double relativeVariance = 1.0 / position;
        if (soon > 0) {
            if (admitPerSecond <= 0) {
                return Range.NONE;
            }
            mean += soon / admitPerSecond;
            relativeVariance += admitVariance;
        }
        if (later > 0) {
            if (endedPerSecond <= 0) {
                return Range.NONE;
            }
            mean += later / endedPerSecond;
            relativeVariance += 1.0 / ended;
        }
        double spread = Z90_TEN_THOUSANDTHS / 10_000.0 * Math.sqrt(relativeVariance);
        long low = (long) Math.floor(Math.max(0, mean * (1 - spread)));
        long high = (long) Math.ceil(mean * (1 + spread));
        return new Range(low, high, Math.round(mean));
    }

    /**
     * The time the admissions of the last minute were counted over: the stores count them by whole seconds of the
     * clock, this one so far and the 59 before it, so the window is 59 s and this second's part; while the round is
     * younger than that, the time since opening (nobody is admitted before it).
     */
    static long windowMillis(long openedAtMillis, long nowMillis) {
        long window = (WINDOW_SECONDS - 1) * 1_000 + Math.floorMod(nowMillis, 1_000L);
        return Math.max(0, Math.min(nowMillis - openedAtMillis, window));
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
