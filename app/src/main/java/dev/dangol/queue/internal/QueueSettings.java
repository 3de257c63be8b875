package dev.dangol.queue.internal;

import java.time.Duration;
import java.util.Objects;

/**
 * How the waiting rooms behave; every figure is configuration ({@code dangol.queue.*}).
 *
 * @param holdTime how long an admission holds budget before it lapses unused ({@code hold-time}, 5 minutes)
 * @param absentAfter a waiter not seen for longer than this when admission reaches them is passed over
 *     ({@code absent-after}, 90 seconds: three of the longest poll intervals)
 * @param grace how long a person passed over keeps their place, counted from when they were last seen (or from the
 *     opening, for people who queued before it) ({@code grace}, 10 minutes)
 * @param maxInFlight the most people admitted or in checkout at once in one round ({@code max-in-flight}, 2,000)
 * @param batchMax the most admissions in one step ({@code batch-max}, 500)
 * @param slowErrorRateBasisPoints above this gateway error rate the in-flight cap is halved ({@code
 *     slow-error-rate}, 500 = 5%)
 * @param slowLatency above this gateway p90 latency the in-flight cap is halved ({@code slow-latency}, 2 seconds)
 * @param stopErrorRateBasisPoints above this gateway error rate nobody is admitted: an outage ({@code
 *     stop-error-rate}, 5,000 = 50%)
 * @param healthCallsMin the error rate counts only over at least this many recent calls ({@code health-calls-min},
 *     20), so that two failures out of three do not stop a launch
 */
record QueueSettings(
        Duration holdTime,
        Duration absentAfter,
        Duration grace,
        int maxInFlight,
        int batchMax,
        int slowErrorRateBasisPoints,
        Duration slowLatency,
        int stopErrorRateBasisPoints,
        long healthCallsMin) {

    static final QueueSettings DEFAULTS = new QueueSettings(
            Duration.ofMinutes(5),
            Duration.ofSeconds(90),
            Duration.ofMinutes(10),
            2_000,
            500,
            500,
            Duration.ofSeconds(2),
            5_000,
            20);

    QueueSettings {
        requirePositive(holdTime, "the hold time");
        requirePositive(absentAfter, "the absence before a waiter is passed over");
        requirePositive(grace, "the grace period");
        requirePositive(slowLatency, "the slow-gateway latency");
        if (maxInFlight <= 0 || batchMax <= 0 || batchMax > 10_000) {
            throw new IllegalArgumentException("max-in-flight must be positive and batch-max 1 to 10,000");
        }
        if (slowErrorRateBasisPoints < 0
                || stopErrorRateBasisPoints > 10_000
                || slowErrorRateBasisPoints > stopErrorRateBasisPoints) {
            throw new IllegalArgumentException(
                    "gateway error rates must be 0 to 10,000 basis points, the slow one at most the stop one");
        }
        if (healthCallsMin < 0) {
            throw new IllegalArgumentException("health-calls-min must not be negative");
        }
    }

    private static void requirePositive(Duration duration, String what) {
        Objects.requireNonNull(duration, what);
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(what + " must be positive");
        }
    }
}
