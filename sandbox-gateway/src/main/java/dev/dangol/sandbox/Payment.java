package dev.dangol.sandbox;

import java.time.Instant;
import java.util.Objects;

/**
 * A payment the sandbox decided.
 *
 * @param sequence the order in which the sandbox first saw its key, from 1
 * @param reference the sandbox's own id of the payment
 * @param reason why it was declined or cancelled; null when approved
 * @param cancelledAt when it was cancelled, or null
 */
public record Payment(
        long sequence,
        String reference,
        ChargeOrder order,
        PaymentState state,
        String reason,
        Instant decidedAt,
        Instant cancelledAt) {

    public Payment {
        if (sequence < 1) {
            throw new IllegalArgumentException("a sequence starts at 1");
        }
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(order, "order");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(decidedAt, "decidedAt");
        if ((state == PaymentState.CANCELLED) != (cancelledAt != null)) {
            throw new IllegalArgumentException("a cancelled payment, and only one, has a cancellation time");
        }
    }

    public String idempotencyKey() {
        return order.idempotencyKey();
    }

    public long amountKrw() {
        return order.amountKrw();
    }

    Payment cancelled(String why, Instant at) {
        if (state != PaymentState.APPROVED) {
            throw new IllegalStateException("only an approved payment can be cancelled, this one is " + state);
        }
        return new Payment(sequence, reference, order, PaymentState.CANCELLED, why, decidedAt, at);
    }
}
