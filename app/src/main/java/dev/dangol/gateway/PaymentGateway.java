package dev.dangol.gateway;

/**
 * A card or bank-account payment gateway. Every call carries the payment's idempotency key: the gateway charges a key
 * at most once, and asking again with the same key returns the first outcome.
 *
 * <p>No call throws for a gateway failure: a timeout, a connection error or a 5xx comes back as {@link
 * PaymentStatus#UNKNOWN}, which the caller resolves by {@link #inquire(String) inquiring} with the same key. Only a
 * caller's own mistake throws: a key reused for a different charge ({@code Rejection} {@code PAYMENT_KEY_REUSED},
 * nothing charged) or a key that is not 1 to 64 of {@code A-Z a-z 0-9 . _ : -} ({@code IllegalArgumentException}).
 */
public interface PaymentGateway {

    /** Charges the payer. Approved, declined, or unknown (timed out, gateway down). */
    PaymentResult charge(ChargeRequest request);

    /** What the gateway knows of a key: the payment's outcome, {@link PaymentStatus#NOT_FOUND}, or unknown. */
    PaymentResult inquire(String idempotencyKey);

    /** Cancels (refunds in full) an approved payment; cancelling twice is harmless. */
    PaymentResult cancel(String idempotencyKey, String reason);
}
