package dev.dangol.gateway.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dangol.gateway.CaptureTotals;
import dev.dangol.gateway.ChargeRequest;
import dev.dangol.gateway.PaymentResult;
import dev.dangol.gateway.PaymentStatus;
import dev.dangol.program.FundingMethod;
import dev.dangol.sandbox.Behaviour;
import dev.dangol.sandbox.LatencyProfile;
import dev.dangol.sandbox.Outage;
import dev.dangol.sandbox.SandboxGateway;
import dev.dangol.sandbox.SimulatedTime;
import dev.dangol.sandbox.TimeoutAnswer;
import dev.dangol.sandbox.WebhookSink;
import dev.dangol.shared.Money;
import dev.dangol.shared.PersonId;
import dev.dangol.shared.Rejection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The in-process adapter fails as the network would, in simulated time (nothing sleeps for real): a slow answer is
 * unknown to the caller while the charge stands, an outage and a 5xx are unknown, a decline is final.
 */
class SandboxPaymentGatewayTest {

    private static final Instant START = Instant.parse("2026-03-10T00:00:00Z");
    private static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(3);

    private final SimulatedTime time = new SimulatedTime(START);
    private final SandboxGateway sandbox = new SandboxGateway(
            time.clock(),
            new SplittableRandom(3),
            time,
            WebhookSink.NOWHERE,
            SandboxGateway.Limits.DEFAULT,
            Behaviour.INSTANT.withLatency(LatencyProfile.fixed(Duration.ofMillis(40))));
    private final SandboxPaymentGateway gateway = new SandboxPaymentGateway(sandbox, time, CLIENT_TIMEOUT);
    private final SandboxCaptures captures = new SandboxCaptures(sandbox);

    private static ChargeRequest charge(String key, String token, long amount) {
        return new ChargeRequest(
                key, PersonId.of("person-1"), FundingMethod.CARD, token, Money.krw(amount), "purchase " + key);
    }

    @Test
    void anApprovedChargeTakesTheSandboxsLatencyAndSaysWhatWasCharged() {
        PaymentResult result = gateway.charge(charge("k-1", "tok", 45_000));

        assertThat(result.status()).isEqualTo(PaymentStatus.APPROVED);
        assertThat(result.amount()).isEqualTo(Money.krw(45_000));
        assertThat(result.reference()).isNotBlank();
        assertThat(time.now()).isEqualTo(START.plusMillis(40));
    }

    @Test
    void aDeclineIsFinalAndChargesNothing() {
        PaymentResult result = gateway.charge(charge("k-1", "tok-decline", 45_000));

        assertThat(result.status()).isEqualTo(PaymentStatus.DECLINED);
        assertThat(result.reason()).isEqualTo("CARD_DECLINED");
        assertThat(captures.totals().captured()).isEqualTo(Money.ZERO);
    }

    @Test
    void anAnswerSlowerThanTheClientsTimeoutIsUnknownWhileTheChargeStands() {
        sandbox.configure(sandbox.behaviour()
                .withTimeoutBasisPoints(10_000)
                .withTimeout(Duration.ofSeconds(30), TimeoutAnswer.LATE));

        PaymentResult result = gateway.charge(charge("k-1", "tok", 45_000));

        assertThat(result.status()).isEqualTo(PaymentStatus.UNKNOWN);
        assertThat(result.reason()).startsWith("TIMEOUT");
        assertThat(time.now()).isEqualTo(START.plus(CLIENT_TIMEOUT));
        sandbox.configure(sandbox.behaviour().withTimeoutBasisPoints(0));
        assertThat(gateway.inquire("k-1").status()).isEqualTo(PaymentStatus.APPROVED);
    }

    @Test
    void aConnectionDroppedBeforeTheTimeoutIsUnknownToo() {
        sandbox.configure(sandbox.behaviour()
                .withTimeoutBasisPoints(10_000)
                .withTimeout(Duration.ofSeconds(1), TimeoutAnswer.NEVER));

        PaymentResult result = gateway.charge(charge("k-1", "tok", 45_000));

        assertThat(result.status()).isEqualTo(PaymentStatus.UNKNOWN);
        assertThat(result.reason()).startsWith("CONNECTION");
        assertThat(sandbox.captures().approvedCount()).isEqualTo(1);
    }

    @Test
    void anOutageIsUnknownAtOnceAndChargesNothing() {
        sandbox.addOutage(new Outage(START, START.plusSeconds(60), false));
        PaymentResult down = gateway.charge(charge("k-1", "tok", 45_000));
        sandbox.configure(sandbox.behaviour().withOutages(List.of()));
        sandbox.addOutage(new Outage(START, START.plusSeconds(60), true));
        PaymentResult refused = gateway.charge(charge("k-2", "tok", 45_000));

        assertThat(down.status()).isEqualTo(PaymentStatus.UNKNOWN);
        assertThat(down.reason()).startsWith("OUTAGE");
        assertThat(refused.reason()).startsWith("CONNECTION");
        assertThat(time.now()).isEqualTo(START);
        assertThat(captures.totals().keys()).isZero();
    }

    @Test
    void aServerErrorIsUnknownAndAnInquiryFindsNothingCharged() {
        PaymentResult result = gateway.charge(charge("k-1", "tok-error", 45_000));

        assertThat(result.status()).isEqualTo(PaymentStatus.UNKNOWN);
        assertThat(result.reason()).startsWith("SERVER_ERROR");
        assertThat(gateway.inquire("k-1").status()).isEqualTo(PaymentStatus.NOT_FOUND);
    }

    @Test
    void reusingAKeyForAnotherChargeIsTheCallersMistakeAndIsRefused() {
        gateway.charge(charge("k-1", "tok", 45_000));

        assertThatThrownBy(() -> gateway.charge(charge("k-1", "tok", 90_000)))
                .isInstanceOfSatisfying(
                        Rejection.class, r -> assertThat(r.code()).isEqualTo("PAYMENT_KEY_REUSED"));
    }

    @Test
    void cancellingReturnsTheMoneyAndTheTotalsSaySo() {
        gateway.charge(charge("k-1", "tok", 45_000));
        gateway.charge(charge("k-2", "tok", 10_000));

        PaymentResult cancelled = gateway.cancel("k-1", "refund");
        PaymentResult again = gateway.cancel("k-1", "refund");
        PaymentResult unknown = gateway.cancel("k-3", "refund");

        assertThat(cancelled.status()).isEqualTo(PaymentStatus.CANCELLED);
        assertThat(again).isEqualTo(cancelled);
        assertThat(unknown.status()).isEqualTo(PaymentStatus.NOT_FOUND);
        CaptureTotals totals = captures.totals();
        assertThat(totals.approvedCount()).isEqualTo(2);
        assertThat(totals.captured()).isEqualTo(Money.krw(10_000));
        assertThat(totals.cancelled()).isEqualTo(Money.krw(45_000));
        assertThat(captures.payments(0, 10))
                .extracting(p -> p.result().status())
                .containsExactly(PaymentStatus.CANCELLED, PaymentStatus.APPROVED);
    }
}
