package dev.dangol.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * How the sandbox behaves: how fast it answers and how often it declines, fails, times out, and sends webhooks twice
 * or late. Rates are in basis points (1/100 of a percent: 250 is 2.5%) and are drawn from the sandbox's seeded random
 * source, one independent draw each, on every call.
 *
 * @param declineBasisPoints share of new charges declined (as if for insufficient funds)
 * @param errorBasisPoints share of calls answered with a 5xx, nothing done
 * @param timeoutBasisPoints share of calls that time out: the call IS applied, but the answer comes only after
 *     {@code timeoutDelay}, or never
 * @param duplicateWebhookBasisPoints share of webhooks sent twice (the same event, the same id)
 * @param lateWebhookBasisPoints share of webhooks held back by {@code lateWebhookDelay}
 * @param webhookUrl where to send webhooks when a charge names no URL of its own, or null for nowhere
 * @param outages windows in which the gateway is down, at most {@value #OUTAGES_MAX}
 */
public record Behaviour(
        LatencyProfile latency,
        int declineBasisPoints,
        int errorBasisPoints,
        int timeoutBasisPoints,
        Duration timeoutDelay,
        TimeoutAnswer timeoutAnswer,
        int duplicateWebhookBasisPoints,
        int lateWebhookBasisPoints,
        Duration lateWebhookDelay,
        String webhookUrl,
        List<Outage> outages) {

    public static final int OUTAGES_MAX = 16;
    public static final Duration TIMEOUT_DELAY_MAX = Duration.ofMinutes(10);
    public static final Duration LATE_WEBHOOK_DELAY_MAX = Duration.ofHours(1);

    /**
     * Like a healthy real gateway: 20 to 120 ms, a tenth of a second at the 90th percentile, nothing failing, answers
     * to timed-out calls after 30 seconds.
     */
    public static final Behaviour HEALTHY = new Behaviour(
            LatencyProfile.ofMillis(20, 40, 100, 150, 250),
            0,
            0,
            0,
            Duration.ofSeconds(30),
            TimeoutAnswer.LATE,
            0,
            0,
            Duration.ofSeconds(5),
            null,
            List.of());

    /** Answers at once and never fails: for simulations and tests that are not about failure. */
    public static final Behaviour INSTANT = HEALTHY.withLatency(LatencyProfile.NONE);

    public Behaviour {
        Objects.requireNonNull(latency, "latency");
        requireBasisPoints(declineBasisPoints, "decline rate");
        requireBasisPoints(errorBasisPoints, "error rate");
        requireBasisPoints(timeoutBasisPoints, "timeout rate");
        requireBasisPoints(duplicateWebhookBasisPoints, "duplicate webhook rate");
        requireBasisPoints(lateWebhookBasisPoints, "late webhook rate");
        requireDelay(timeoutDelay, TIMEOUT_DELAY_MAX, "timeout delay");
        Objects.requireNonNull(timeoutAnswer, "timeoutAnswer");
        requireDelay(lateWebhookDelay, LATE_WEBHOOK_DELAY_MAX, "late webhook delay");
        if (webhookUrl != null) {
            ChargeOrder.requireWebhookUrl(webhookUrl);
        }
        outages = List.copyOf(outages);
        if (outages.size() > OUTAGES_MAX) {
            throw new IllegalArgumentException("at most " + OUTAGES_MAX + " outage windows");
        }
    }

    /** The outage going on at an instant, if any. */
    public Optional<Outage> outageAt(Instant instant) {
        for (Outage outage : outages) {
            if (outage.covers(instant)) {
                return Optional.of(outage);
            }
        }
        return Optional.empty();
    }

    public Behaviour withLatency(LatencyProfile value) {
        return new Behaviour(
                value,
                declineBasisPoints,
                errorBasisPoints,
                timeoutBasisPoints,
                timeoutDelay,
                timeoutAnswer,
                duplicateWebhookBasisPoints,
                lateWebhookBasisPoints,
                lateWebhookDelay,
                webhookUrl,
                outages);
    }

    public Behaviour withDeclineBasisPoints(int value) {
        return new Behaviour(
                latency,
                value,
                errorBasisPoints,
                timeoutBasisPoints,
                timeoutDelay,
                timeoutAnswer,
                duplicateWebhookBasisPoints,
                lateWebhookBasisPoints,
                lateWebhookDelay,
                webhookUrl,
                outages);
    }

    public Behaviour withErrorBasisPoints(int value) {
        return new Behaviour(
                latency,
                declineBasisPoints,
                value,
                timeoutBasisPoints,
                timeoutDelay,
                timeoutAnswer,
                duplicateWebhookBasisPoints,
                lateWebhookBasisPoints,
                lateWebhookDelay,
                webhookUrl,
                outages);
    }

    public Behaviour withTimeoutBasisPoints(int value) {
        return new Behaviour(
                latency,
                declineBasisPoints,
                errorBasisPoints,
                value,
                timeoutDelay,
                timeoutAnswer,
                duplicateWebhookBasisPoints,
                lateWebhookBasisPoints,
                lateWebhookDelay,
                webhookUrl,
                outages);
    }

    public Behaviour withTimeout(Duration delay, TimeoutAnswer answer) {
        return new Behaviour(
                latency,
                declineBasisPoints,
                errorBasisPoints,
                timeoutBasisPoints,
                delay,
                answer,
                duplicateWebhookBasisPoints,
                lateWebhookBasisPoints,
                lateWebhookDelay,
                webhookUrl,
                outages);
    }

    public Behaviour withDuplicateWebhookBasisPoints(int value) {
        return new Behaviour(
                latency,
                declineBasisPoints,
                errorBasisPoints,
                timeoutBasisPoints,
                timeoutDelay,
                timeoutAnswer,
                value,
                lateWebhookBasisPoints,
                lateWebhookDelay,
                webhookUrl,
                outages);
    }

    public Behaviour withLateWebhooks(int basisPoints, Duration delay) {
        return new Behaviour(
                latency,
                declineBasisPoints,
                errorBasisPoints,
                timeoutBasisPoints,
                timeoutDelay,
                timeoutAnswer,
                duplicateWebhookBasisPoints,
                basisPoints,
                delay,
                webhookUrl,
                outages);
    }

    public Behaviour withWebhookUrl(String value) {
        return new Behaviour(
                latency,
                declineBasisPoints,
                errorBasisPoints,
                timeoutBasisPoints,
                timeoutDelay,
                timeoutAnswer,
                duplicateWebhookBasisPoints,
                lateWebhookBasisPoints,
                lateWebhookDelay,
                value,
                outages);
    }

    public Behaviour withOutages(List<Outage> value) {
        return new Behaviour(
                latency,
                declineBasisPoints,
                errorBasisPoints,
                timeoutBasisPoints,
                timeoutDelay,
                timeoutAnswer,
                duplicateWebhookBasisPoints,
                lateWebhookBasisPoints,
                lateWebhookDelay,
                webhookUrl,
                value);
    }

    /** This behaviour with one more outage window; windows already over by {@code now} are forgotten to make room. */
    public Behaviour withOutage(Outage outage, Instant now) {
        List<Outage> kept = new ArrayList<>();
        for (Outage existing : outages) {
            if (existing.end().isAfter(now)) {
                kept.add(existing);
            }
        }
        kept.add(outage);
        return withOutages(kept);
    }

    private static void requireBasisPoints(int value, String what) {
        if (value < 0 || value > 10_000) {
            throw new IllegalArgumentException(
                    "the " + what + " is in basis points, 0 to 10000 (10000 = always), was " + value);
        }
    }

    private static void requireDelay(Duration value, Duration max, String what) {
        Objects.requireNonNull(value, what);
        if (value.isNegative() || value.compareTo(max) > 0) {
            throw new IllegalArgumentException("the " + what + " must be within 0 and " + max + ", was " + value);
        }
    }
}
