package dev.dangol.gateway.internal;

import dev.dangol.gateway.PaymentGateway;
import dev.dangol.gateway.PaymentStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the gateway's health current while nobody else calls it. When the recent calls say the gateway is failing,
 * admission stops, and with it the payments that would show the gateway has come back: the health would then wait for
 * the failures to leave its window (30 s) whether the gateway was back or not, and, with too few calls left to judge,
 * let a still-failing gateway be judged healthy. So while the window's error rate is above {@code errorRateBasisPoints}
 * and no call has ended for {@code interval}, this asks the gateway once about a key it has never seen (an inquiry,
 * which moves no money): an answer ({@code NOT_FOUND}) is a success, no answer a failure, both recorded in {@link
 * RecentCalls} like any call, through the observed gateway.
 */
final class HealthProbe implements AutoCloseable {

    /** The key the probe inquires about: never used for a payment. */
    static final String PROBE_KEY = "dangol-health-probe";

    private static final Logger LOG = LoggerFactory.getLogger(HealthProbe.class);

    private final PaymentGateway observed;
    private final RecentCalls recent;
    private final long intervalMillis;
    private final int errorRateBasisPoints;
    private final Counter answered;
    private final Counter unanswered;
    private final ScheduledExecutorService timer;

    HealthProbe(
            PaymentGateway observed,
            RecentCalls recent,
            Duration interval,
            int errorRateBasisPoints,
            MeterRegistry meters) {
        this.observed = Objects.requireNonNull(observed, "observed");
        this.recent = Objects.requireNonNull(recent, "recent");
        if (!interval.isPositive()) {
            throw new IllegalArgumentException("the probe interval must be positive");
        }
        if (errorRateBasisPoints < 0 || errorRateBasisPoints > 10_000) {
            throw new IllegalArgumentException("the probe's error rate must be 0 to 10,000 basis points");
        }
        this.intervalMillis = interval.toMillis();
        this.errorRateBasisPoints = errorRateBasisPoints;
        String description = "Inquiries about an unused key made to learn whether a failing gateway has come back";
        this.answered = Counter.builder("dangol.gateway.health.probes")
                .tag("outcome", "answered")
                .description(description)
                .register(meters);
        this.unanswered = Counter.builder("dangol.gateway.health.probes")
                .tag("outcome", "unanswered")
                .description(description)
                .register(meters);
        this.timer = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("gateway-health-probe").daemon().factory());
    }

    void start() {
        timer.scheduleWithFixedDelay(this::tick, intervalMillis, intervalMillis, TimeUnit.MILLISECONDS);
    }

    /** One look: probes if the gateway looks unhealthy and is quiet. Whether it probed. */
    boolean tick() {
        try {
            if (!recent.quietAndFailing(intervalMillis, errorRateBasisPoints)) {
                return false;
            }
            boolean answer = observed.inquire(PROBE_KEY).status() != PaymentStatus.UNKNOWN;
            (answer ? answered : unanswered).increment();
            return true;
        } catch (RuntimeException e) {
            // The observed gateway turns an adapter's failure into an unknown outcome; anything else is a bug here,
            // and must not stop the timer.
            LOG.warn("the gateway health probe failed", e);
            return false;
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
