package dev.dangol.gateway.internal;

import dev.dangol.gateway.ChargeRequest;
import dev.dangol.gateway.PaymentGateway;
import dev.dangol.gateway.PaymentResult;
import dev.dangol.gateway.PaymentStatus;
import dev.dangol.sandbox.ChargeOrder;
import dev.dangol.sandbox.Payment;
import dev.dangol.sandbox.Reply;
import dev.dangol.sandbox.SandboxGateway;
import dev.dangol.sandbox.Sleeper;
import dev.dangol.sandbox.SourceKind;
import dev.dangol.shared.Money;
import dev.dangol.shared.Rejection;
import java.time.Duration;
import java.util.Objects;

/**
 * The sandbox gateway in process, with no HTTP in between: the embedded default. It fails as the network would: the
 * sandbox's latency is waited out with a {@link Sleeper}, and an answer slower than the client's timeout is an
 * unknown outcome to the caller while the charge stands at the sandbox; an outage is unknown at once; a made-up 5xx is
 * unknown with nothing charged.
 */
final class SandboxPaymentGateway implements PaymentGateway {

    private final SandboxGateway sandbox;
    private final Sleeper sleeper;
    private final Duration clientTimeout;

    /**
     * @param clientTimeout how long the caller waits for an answer, as an HTTP client's request timeout would
     */
    SandboxPaymentGateway(SandboxGateway sandbox, Sleeper sleeper, Duration clientTimeout) {
        this.sandbox = Objects.requireNonNull(sandbox, "sandbox");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        if (!clientTimeout.isPositive()) {
            throw new IllegalArgumentException("a client timeout must be positive");
        }
        this.clientTimeout = clientTimeout;
    }

    @Override
    public PaymentResult charge(ChargeRequest request) {
        ChargeOrder order = new ChargeOrder(
                request.idempotencyKey(),
                request.payer().value(),
                SourceKind.valueOf(request.method().name()),
                request.sourceToken(),
                request.amount().krw(),
                request.description(),
                null);
        return answer(request.idempotencyKey(), sandbox.charge(order));
    }

    @Override
    public PaymentResult inquire(String idempotencyKey) {
        return answer(idempotencyKey, sandbox.inquire(idempotencyKey));
    }

    @Override
    public PaymentResult cancel(String idempotencyKey, String reason) {
        return answer(idempotencyKey, sandbox.cancel(idempotencyKey, reason));
    }

    /** Waits as long as the answer takes, or the client's timeout if that is shorter, and says what arrived. */
    private PaymentResult answer(String key, Reply reply) {
        boolean tooSlow = reply.delay().compareTo(clientTimeout) > 0;
        try {
            sleeper.sleep(tooSlow ? clientTimeout : reply.delay());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return GatewayFailure.INTERRUPTED.result(key, "interrupted while waiting for the gateway");
        }
        if (tooSlow) {
            return GatewayFailure.TIMEOUT.result(key, "no answer within " + clientTimeout.toMillis() + " ms");
        }
        return switch (reply) {
            case Reply.Answered answered -> result(answered.payment());
            case Reply.NotFound notFound -> new PaymentResult(key, PaymentStatus.NOT_FOUND, null, null, null);
            case Reply.Conflict conflict ->
                throw Rejection.conflict(
                        "PAYMENT_KEY_REUSED",
                        "The payment key " + key + " was already used for a different charge; nothing was charged.");
            case Reply.Failed failed -> GatewayFailure.SERVER_ERROR.result(key, failed.code() + " " + failed.detail());
            case Reply.Unavailable down ->
                down.refuseConnection()
                        ? GatewayFailure.CONNECTION.result(key, "connection refused")
                        : GatewayFailure.OUTAGE.result(key, "the gateway is down until " + down.until());
            case Reply.Silent silent -> GatewayFailure.CONNECTION.result(key, "the connection was dropped unanswered");
        };
    }

    static PaymentResult result(Payment payment) {
        PaymentStatus status = switch (payment.state()) {
            case APPROVED -> PaymentStatus.APPROVED;
            case DECLINED -> PaymentStatus.DECLINED;
            case CANCELLED -> PaymentStatus.CANCELLED;
        };
        return new PaymentResult(
                payment.idempotencyKey(),
                status,
                payment.reference(),
                Money.krw(payment.amountKrw()),
                payment.reason());
    }
}
