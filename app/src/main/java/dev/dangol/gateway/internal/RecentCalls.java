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
 */
final class RecentCalls implements GatewayHealth {

    private final Clock clock;
    private final long windowMillis;
    private final long[] atMillis;
    private final long[] latencyNanos;
    private final boolean[] failed;
    private int next;
    private int size;

    RecentCalls(Clock clock, Duration window, int callsMax) {
        this.clock = Objects.requireNonNull(clock, "clock");
        if (!window.isPositive() || callsMax < 1) {
            throw new IllegalArgumentException("a health window needs a positive length and room for a call");
        }
        this.windowMillis = window.toMillis();
        this.atMillis = new long[callsMax];
        this.latencyNanos = new long[callsMax];
        this.failed = new boolean[callsMax];
    }

    synchronized void record(Instant at, Duration latency, boolean callFailed) {
        atMillis[next] = at.toEpochMilli();
        latencyNanos[next] = latency.isNegative() ? 0 : latency.toNanos();
        failed[next] = callFailed;
        next = (next + 1) % atMillis.length;
        size = Math.min(size + 1, atMillis.length);
    }

    @Override
    public synchronized int errorRateBasisPoints() {
        long from = clock.millis() - windowMillis;
        int calls = 0;
        int failures = 0;
        for (int i = 0; i < size; i++) {
            if (atMillis[i] >= from) {
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
                if (atMillis[i] >= from) {
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
            if (atMillis[i] >= from) {
                calls++;
            }
        }
        return calls;
    }
}
