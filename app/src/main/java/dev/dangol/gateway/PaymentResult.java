package dev.dangol.gateway;

import dev.dangol.shared.Money;
import java.util.Objects;

/**
 * What the gateway said about a payment.
 *
 * @param reference the gateway's own id of the payment, or null if it has none
 * @param amount what was charged, or null if nothing is known
 * @param reason why it was declined or unknown, for logs and for the person
 */
public record PaymentResult(
        String idempotencyKey, PaymentStatus status, String reference, Money amount, String reason) {

    public PaymentResult {
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        Objects.requireNonNull(status, "status");
    }

    public static PaymentResult unknown(String idempotencyKey, String reason) {
        return new PaymentResult(idempotencyKey, PaymentStatus.UNKNOWN, null, null, reason);
    }
}
