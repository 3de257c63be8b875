package dev.dangol.gateway.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dangol.gateway.ChargeRequest;
import dev.dangol.gateway.PaymentGateway;
import dev.dangol.gateway.PaymentResult;
import dev.dangol.gateway.PaymentStatus;
import dev.dangol.testing.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The probe asks a quiet, failing gateway about an unused key, so that its health shows when it has come back. */
class HealthProbeTest {

    private final MutableClock clock = new MutableClock();
    private final RecentCalls recent = new RecentCalls(clock, Duration.ofSeconds(30), 1_000);
    private final List<String> inquired = new ArrayList<>();
    private volatile boolean down = true;

    private final PaymentGateway gateway = new PaymentGateway() {
        @Override
        public PaymentResult charge(ChargeRequest request) {
            throw new AssertionError("a probe never charges");
        }

        @Override
        public PaymentResult inquire(String idempotencyKey) {
            inquired.add(idempotencyKey);
            return down
                    ? GatewayFailure.OUTAGE.result(idempotencyKey, "down")
                    : new PaymentResult(idempotencyKey, PaymentStatus.NOT_FOUND, null, null, null);
        }

        @Override
        public PaymentResult cancel(String idempotencyKey, String reason) {
            throw new AssertionError("a probe never cancels");
        }
    };

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final HealthProbe probe = new HealthProbe(
            new ObservedPaymentGateway(gateway, clock, recent, new GatewayConfiguration.GatewayMetrics(meters)),
            recent,
            Duration.ofSeconds(1),
            500,
            new GatewayConfiguration.GatewayMetrics(meters));

    @Test
    void aHealthyOrUnknownGatewayIsNotProbed() {
        assertThat(probe.tick()).as("no calls: nothing to judge").isFalse();
        for (int i = 0; i < 100; i++) {
            recent.record(clock.instant(), Duration.ofMillis(50), i < 5);
        }
        clock.advanceSeconds(5);
        assertThat(probe.tick()).as("5 % errors is not above the probe's rate").isFalse();
        assertThat(inquired).isEmpty();
    }

    @Test
    void aFailingGatewayIsProbedOnlyWhenQuietAndKeepsBeingJudgedUntilItsFailuresLeaveTheWindow() {
        for (int i = 0; i < 30; i++) {
            recent.record(clock.instant(), Duration.ofSeconds(2), true);
        }
        assertThat(probe.tick())
                .as("a call just ended: the gateway is not quiet")
                .isFalse();

        clock.advance(Duration.ofMillis(1_000));
        assertThat(probe.tick()).isTrue();
        assertThat(inquired).containsExactly(HealthProbe.PROBE_KEY);
        assertThat(recent.recentCalls())
                .as("the probe's outcome is recorded like any call")
                .isEqualTo(31);
        assertThat(probe.tick()).as("the probe's own call counts as one").isFalse();

        for (int second = 0; second < 40; second++) {
            clock.advanceSeconds(1);
            assertThat(probe.tick()).isTrue();
        }
        assertThat(recent.recentCalls())
                .as("a gateway still down 40 s on keeps a call a second in the window, enough to be judged")
                .isEqualTo(31);
        assertThat(recent.errorRateBasisPoints()).isEqualTo(10_000);

        down = false;
        for (int second = 0; second < 10; second++) {
            clock.advanceSeconds(1);
            assertThat(probe.tick()).isTrue();
        }
        assertThat(recent.errorRateBasisPoints())
                .as("back: each answer lowers the window's error rate")
                .isEqualTo(21 * 10_000 / 31);
        assertThat(meters.counter("dangol.gateway.health.probes", "outcome", "answered")
                        .count())
                .isEqualTo(10);
        assertThat(meters.counter("dangol.gateway.health.probes", "outcome", "unanswered")
                        .count())
                .isEqualTo(41);

        clock.advanceSeconds(30);
        assertThat(probe.tick())
                .as("the outage's failures left the window: healthy, no more probing")
                .isFalse();
    }
}
