package dev.dangol.gateway.internal;

import dev.dangol.gateway.GatewayHealth;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Objects;

/**
 * The gateway's health over a sliding window: the calls of the last {@code window} (30 s by default), and of those at
 * most the last {@code callsMax}, kept in a ring. A call that came back unknown (timeout, connection failure, 5xx,
 * outage) counts as failed; a decline does not, because the gateway answered.
 *
 * <p><b>A gateway that was down and came back</b> is judged afresh: once {@code recoverCalls} calls in a row have
 * failed (the gateway was down, not flaky: at a 10 % error rate ten failures in a row come once in ten billion calls)
 * and then as many in a row have succeeded, the calls before that run of successes are forgotten. Without this, the
 * outage's failures and timeouts stayed in the window for its whole length after the gateway was back: admission
 * stayed stopped until they left it, then ran at half its in-flight cap while the error rate and the p90 latency
 * fell through the slow-down thresholds. {@code recoverCalls} 0 turns the rule off.
 */
final class RecentCalls implements GatewayHealth {

    private final Clock clock;
    private final long windowMillis;
    private final int recoverCalls;
    private final long[] atMillis;
    private final long[] latencyNanos;
    private final boolean[] failed;
    private final long[] sequence;
    private int next;
    private int size;
    private long recorded;
    private long forgetBefore;
    private int failuresInARow;
    private int successesInARow;
    private boolean down;
    private long recoveries;

    RecentCalls(Clock clock, Duration window, int callsMax) {
        this(clock, window, callsMax, 0);
    }

    /**
     * @param recoverCalls the failures in a row that mark the gateway down, and the successes in a row after them that
     *     mark it back (0: never forget a call before it leaves the window)
     */
    RecentCalls(Clock clock, Duration window, int callsMax, int recoverCalls) {
        this.clock = Objects.requireNonNull(clock, "clock");
        if (!window.isPositive() || callsMax < 1) {
            throw new IllegalArgumentException("a health window needs a positive length and room for a call");
        }
        if (recoverCalls < 0 || recoverCalls > callsMax) {
            throw new IllegalArgumentException(
                    "recover-calls must be 0 (off) to the calls kept (" + callsMax + "), was " + recoverCalls);
        }
        this.windowMillis = window.toMillis();
        this.recoverCalls = recoverCalls;
        this.atMillis = new long[callsMax];
        this.latencyNanos = new long[callsMax];
        this.failed = new boolean[callsMax];
        this.sequence = new long[callsMax];
    }

    synchronized void record(Instant at, Duration latency, boolean callFailed) {
        atMillis[next] = at.toEpochMilli();
        latencyNanos[next] = latency.isNegative() ? 0 : latency.toNanos();
        failed[next] = callFailed;
        sequence[next] = recorded++;
        next = (next + 1) % atMillis.length;
        size = Math.min(size + 1, atMillis.length);
        if (recoverCalls == 0) {
            return;
        }
        if (callFailed) {
            successesInARow = 0;
            if (++failuresInARow >= recoverCalls) {
                down = true;
            }
            return;
        }
        failuresInARow = 0;
        if (++successesInARow >= recoverCalls && down) {
            down = false;
            forgetBefore = recorded - successesInARow;
            recoveries++;
        }
    }

    /** Whether the call in slot {@code i} is in the window that starts at {@code fromMillis} and was not forgotten. */
    private boolean counts(int i, long fromMillis) {
        return atMillis[i] >= fromMillis && sequence[i] >= forgetBefore;
    }

    /** How many times the gateway was judged back after being down; for the metrics. */
    synchronized long recoveries() {
        return recoveries;
    }

    @Override
    public synchronized int errorRateBasisPoints() {
        long from = clock.millis() - windowMillis;
        int calls = 0;
        int failures = 0;
        for (int i = 0; i < size; i++) {
            if (counts(i, from)) {
                calls++;
                if (failed[i]) {
                    failures++;
                }
            }
        }
        return calls == 0 ? 0 : (int) ((long) failures * 10_000 / calls);
    }

    @Override
    public Duration latencyP90() {
        long[] latencies;
        int calls = 0;
        synchronized (this) {
            long from = clock.millis() - windowMillis;
            latencies = new long[size];
            for (int i = 0; i < size; i++) {
                if (counts(i, from)) {
                    latencies[calls++] = latencyNanos[i];
                }
            }
        }
        if (calls == 0) {
            return Duration.ZERO;
        }
        Arrays.sort(latencies, 0, calls);
        // The smallest latency that at least 90% of the calls did not exceed (nearest rank).
        int rank = (int) (((long) calls * 9 + 9) / 10);
        return Duration.ofNanos(latencies[rank - 1]);
    }

    /**
     * Whether the calls in the window fail above {@code errorRateBasisPoints} and none has ended in the last {@code
     * quietMillis}: what {@link HealthProbe} looks for.
     */
    synchronized boolean quietAndFailing(long quietMillis, int errorRateBasisPoints) {
        if (size == 0) {
            return false;
        }
        long newest = atMillis[Math.floorMod(next - 1, atMillis.length)];
        return clock.millis() - newest >= quietMillis && errorRateBasisPoints() > errorRateBasisPoints;
    }

    @Override
    public synchronized long recentCalls() {
        long from = clock.millis() - windowMillis;
        long calls = 0;
        for (int i = 0; i < size; i++) {
            if (counts(i, from)) {
                calls++;
            }
        }
        return calls;
    }
}
