package dev.dangol.gateway.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dangol.gateway.ChargeRequest;
import dev.dangol.gateway.GatewayCaptures;
import dev.dangol.gateway.GatewayHealth;
import dev.dangol.gateway.PaymentGateway;
import dev.dangol.gateway.PaymentResult;
import dev.dangol.gateway.PaymentStatus;
import dev.dangol.program.FundingMethod;
import dev.dangol.sandbox.Behaviour;
import dev.dangol.sandbox.LatencyProfile;
import dev.dangol.sandbox.SandboxGateway;
import dev.dangol.sandbox.TimeoutAnswer;
import dev.dangol.shared.Money;
import dev.dangol.shared.PersonId;
import dev.dangol.testing.FreshDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Import;

/**
 * The embedded default: the sandbox in process, shaped by {@code dangol.gateway.sandbox.*}, observed, and notifying by
 * application event.
 */
@SpringBootTest(
        properties = {
            "dangol.gateway.mode=in-process",
            "dangol.gateway.request-timeout=500ms",
            "dangol.gateway.sandbox.latency=1ms,2ms,3ms,4ms,5ms",
            "dangol.gateway.sandbox.seed=99",
            "dangol.gateway.sandbox.late-webhook-delay=2s",
            "dangol.demo.enabled=false"
        })
@FreshDatabase(FreshDatabase.Engine.H2)
@Import(NotifiedPayments.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class InProcessGatewayIT {

    @Autowired
    ApplicationContext context;

    @Autowired
    PaymentGateway gateway;

    @Autowired
    GatewayHealth health;

    @Autowired
    GatewayCaptures captures;

    @Autowired
    SandboxGateway sandbox;

    @Autowired
    MeterRegistry meters;

    @Autowired
    NotifiedPayments notified;

    private Behaviour configured;

    @AfterEach
    void restoreBehaviour() {
        if (configured != null) {
            sandbox.configure(configured);
        }
    }

    private static ChargeRequest charge(String key) {
        return new ChargeRequest(
                key, PersonId.of("person-1"), FundingMethod.BANK_ACCOUNT, "tok", Money.krw(45_000), "purchase");
    }

    @Test
    void theRestOfDangolGetsOneObservedGatewayAndOneHealth() {
        assertThat(context.getBeansOfType(PaymentGateway.class)).hasSize(1);
        assertThat(context.getBeansOfType(GatewayHealth.class)).hasSize(1);
        assertThat(gateway).isInstanceOf(ObservedPaymentGateway.class);
        Behaviour behaviour = sandbox.behaviour();
        assertThat(behaviour.latency()).isEqualTo(LatencyProfile.ofMillis(1, 2, 3, 4, 5));
        assertThat(behaviour.lateWebhookDelay()).isEqualTo(Duration.ofSeconds(2));
        assertThat(behaviour.errorBasisPoints()).isZero();
    }

    @Test
    void aChargeInProcessIsApprovedNotifiedByEventAndCounted() throws Exception {
        String key = "dg-" + UUID.randomUUID();

        PaymentResult result = gateway.charge(charge(key));

        assertThat(result.status()).isEqualTo(PaymentStatus.APPROVED);
        assertThat(notified.await(key, 1, Duration.ofSeconds(10)))
                .singleElement()
                .satisfies(event -> assertThat(event.result()).isEqualTo(result));
        assertThat(captures.totals().approvedCount()).isPositive();
        assertThat(health.recentCalls()).isPositive();
        assertThat(meters.get("dangol.gateway.requests")
                        .tag("operation", "charge")
                        .tag("outcome", "approved")
                        .timer()
                        .count())
                .isPositive();
    }

    @Test
    void aTimeoutInProcessIsUnknownToTheCallerAndAnInquiryResolvesIt() {
        configured = sandbox.behaviour();
        sandbox.configure(
                configured.withTimeoutBasisPoints(10_000).withTimeout(Duration.ofSeconds(5), TimeoutAnswer.LATE));
        String key = "dg-" + UUID.randomUUID();

        PaymentResult unknown = gateway.charge(charge(key));
        sandbox.configure(configured);
        PaymentResult resolved = gateway.inquire(key);

        assertThat(unknown.status()).isEqualTo(PaymentStatus.UNKNOWN);
        assertThat(unknown.reason()).startsWith("TIMEOUT");
        assertThat(resolved.status()).isEqualTo(PaymentStatus.APPROVED);
        assertThat(health.errorRateBasisPoints()).isPositive();
    }
}
