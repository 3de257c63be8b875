package dev.dangol.gateway.internal;

import dev.dangol.gateway.PaymentGateway;
import dev.dangol.gateway.PaymentStatus;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Keeps the gateway's health current while nobody else calls it. When the recent calls say the gateway is failing,
 * admission stops, and with it most calls: as the outage's failures age out of the window, too few calls are left to
 * judge the gateway by, and one still down would be judged healthy and admission resumed into it. So while the
 * window's error rate is above {@code errorRateBasisPoints} and no call has ended for {@code interval}, this asks the
 * gateway once about a key it has never seen (an inquiry, which moves no money): an answer ({@code NOT_FOUND}) is a
 * success, which lowers the error rate once the gateway is back, no answer a failure; both are recorded in {@link
 * RecentCalls} like any call, through the observed gateway.
 */
final class HealthProbe implements AutoCloseable {

    /** The key the probe inquires about: never used for a payment. */
    static final String PROBE_KEY = "dangol-health-probe";

    private final PaymentGateway observed;
    private final RecentCalls recent;
    private final long intervalMillis;
    private final int errorRateBasisPoints;
    private final GatewayObserver observer;
    private final ScheduledExecutorService timer;

    HealthProbe(
            PaymentGateway observed,
            RecentCalls recent,
            Duration interval,
            int errorRateBasisPoints,
            GatewayObserver observer) {
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
        this.observer = Objects.requireNonNull(observer, "observer");
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
            observer.probed(answer);
            return true;
        } catch (RuntimeException e) {
            // The observed gateway turns an adapter's failure into an unknown outcome; anything else is a bug here,
            // and must not stop the timer.
            observer.probeFailed(e);
            return false;
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
