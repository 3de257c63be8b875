package dev.dangol.gateway.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dangol.gateway.ChargeRequest;
import dev.dangol.gateway.PaymentGateway;
import dev.dangol.gateway.PaymentResult;
import dev.dangol.gateway.PaymentStatus;
import dev.dangol.program.FundingMethod;
import dev.dangol.shared.Money;
import dev.dangol.shared.PersonId;
import dev.dangol.shared.Rejection;
import dev.dangol.testing.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The observed gateway times every call into the health window and the observer, and keeps the port's promise. */
class ObservedPaymentGatewayTest {

    private final MutableClock clock = new MutableClock();
    private final RecentCalls recent = new RecentCalls(clock, Duration.ofSeconds(30), 100);
    private final List<String> observed = new ArrayList<>();
    private final GatewayObserver observer = new GatewayObserver() {
        @Override
        public void called(Operation operation, PaymentResult result, Duration took) {
            observed.add(operation.tag() + " " + result.status() + " " + took.toMillis());
        }

        @Override
        public void adapterFailed(Operation operation, RuntimeException failure) {
            observed.add(operation.tag() + " failed " + failure.getMessage());
        }
    };

    /** A gateway that takes 100 ms of the test's clock and answers what the key says. */
    private final PaymentGateway slowGateway = new PaymentGateway() {
        @Override
        public PaymentResult charge(ChargeRequest request) {
            clock.advance(Duration.ofMillis(100));
            return switch (request.sourceToken()) {
                case "bug" -> throw new IllegalStateException("adapter bug");
                case "reused" -> throw Rejection.conflict("PAYMENT_KEY_REUSED", "reused");
                case "down" -> GatewayFailure.OUTAGE.result(request.idempotencyKey(), "down");
                default ->
                    new PaymentResult(
                            request.idempotencyKey(), PaymentStatus.DECLINED, "r", request.amount(), "CARD_DECLINED");
            };
        }

        @Override
        public PaymentResult inquire(String idempotencyKey) {
            return new PaymentResult(idempotencyKey, PaymentStatus.NOT_FOUND, null, null, null);
        }

        @Override
        public PaymentResult cancel(String idempotencyKey, String reason) {
            return new PaymentResult(idempotencyKey, PaymentStatus.NOT_FOUND, null, null, null);
        }
    };

    private final ObservedPaymentGateway gateway = new ObservedPaymentGateway(slowGateway, clock, recent, observer);

    private static ChargeRequest charge(String token) {
        return new ChargeRequest("k-1", PersonId.of("p-1"), FundingMethod.CARD, token, Money.krw(1_000), "d");
    }

    @Test
    void aDeclineIsAnAnswerAndAnOutageIsAFailureOfTheGateway() {
        gateway.charge(charge("ok"));
        gateway.charge(charge("down"));

        assertThat(observed).containsExactly("charge DECLINED 100", "charge UNKNOWN 100");
        assertThat(recent.recentCalls()).isEqualTo(2);
        assertThat(recent.errorRateBasisPoints()).isEqualTo(5_000);
        assertThat(recent.latencyP90()).isEqualTo(Duration.ofMillis(100));
    }

    @Test
    void anAdapterThatThrowsGivesTheCallerAnUnknownOutcome() {
        PaymentResult result = gateway.charge(charge("bug"));

        assertThat(result.status()).isEqualTo(PaymentStatus.UNKNOWN);
        assertThat(GatewayFailure.of(result)).contains(GatewayFailure.ADAPTER_FAILURE);
        assertThat(observed).containsExactly("charge failed adapter bug", "charge UNKNOWN 100");
        assertThat(recent.errorRateBasisPoints()).isEqualTo(10_000);
    }

    @Test
    void aCallersMistakeIsRefusedAsItIs() {
        assertThatThrownBy(() -> gateway.charge(charge("reused"))).isInstanceOf(Rejection.class);
        assertThat(recent.recentCalls()).isZero();
    }

    @Test
    void inquiriesAndCancellationsAreObservedUnderTheirOwnName() {
        gateway.inquire("k-1");
        gateway.cancel("k-1", "why");

        assertThat(observed).containsExactly("inquire NOT_FOUND 0", "cancel NOT_FOUND 0");
    }
}
