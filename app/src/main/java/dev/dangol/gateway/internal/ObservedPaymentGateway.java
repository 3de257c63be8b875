package dev.dangol.gateway.internal;

import dev.dangol.gateway.ChargeRequest;
import dev.dangol.gateway.PaymentGateway;
import dev.dangol.gateway.PaymentResult;
import dev.dangol.gateway.PaymentStatus;
import dev.dangol.shared.Rejection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The gateway the rest of Dangol gets: the configured adapter, timed and counted. Every call goes into {@link
 * RecentCalls} (what admission watches) and to the observer (metrics). An adapter that throws where it should have
 * answered is turned into an unknown outcome, so the port's promise holds even for an adapter's bug: the caller
 * inquires, which is right whether or not the call was applied. A caller's own mistake (a {@link Rejection}, an {@link
 * IllegalArgumentException}) passes through.
 */
final class ObservedPaymentGateway implements PaymentGateway {

    private final PaymentGateway delegate;
    private final Clock clock;
    private final RecentCalls recent;
    private final GatewayObserver observer;

    ObservedPaymentGateway(PaymentGateway delegate, Clock clock, RecentCalls recent, GatewayObserver observer) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.recent = Objects.requireNonNull(recent, "recent");
        this.observer = Objects.requireNonNull(observer, "observer");
    }

    @Override
    public PaymentResult charge(ChargeRequest request) {
        return observe(Operation.CHARGE, request.idempotencyKey(), () -> delegate.charge(request));
    }

    @Override
    public PaymentResult inquire(String idempotencyKey) {
        return observe(Operation.INQUIRE, idempotencyKey, () -> delegate.inquire(idempotencyKey));
    }

    @Override
    public PaymentResult cancel(String idempotencyKey, String reason) {
        return observe(Operation.CANCEL, idempotencyKey, () -> delegate.cancel(idempotencyKey, reason));
    }

    private PaymentResult observe(Operation operation, String key, Supplier<PaymentResult> call) {
        Instant start = clock.instant();
        PaymentResult result;
        try {
            result = call.get();
        } catch (Rejection | IllegalArgumentException callersMistake) {
            throw callersMistake;
        } catch (RuntimeException failure) {
            observer.adapterFailed(operation, failure);
            result = GatewayFailure.ADAPTER_FAILURE.result(
                    key, failure.getClass().getSimpleName());
        }
        Instant end = clock.instant();
        Duration took = Duration.between(start, end);
        recent.record(end, took, result.status() == PaymentStatus.UNKNOWN);
        observer.called(operation, result, took);
        return result;
    }
}
