package dev.dangol.sale;

import dev.dangol.gateway.PaymentResult;
import dev.dangol.shared.PersonId;
import java.util.Optional;

/**
 * Launch-day purchases through the payment gateway. Refusals are thrown as {@link dev.dangol.shared.Rejection}:
 * not admitted, over the hold, a limit, or the same idempotency key reused for another order.
 */
public interface Checkouts {

    /**
     * Turns the buyer's admission hold into a purchase and pays for it. Returns when the gateway has answered, or
     * with status {@link CheckoutStatus#PAYING} if its answer is not known yet (Dangol keeps asking; the person polls
     * {@link #find}). Retrying with the same key returns the same checkout; it never charges twice.
     */
    Checkout checkout(CheckoutOrder order);

    Optional<Checkout> find(PersonId buyer, CheckoutId id);

    /** A gateway webhook, possibly late or repeated. */
    void paymentNotified(PaymentResult result);

    /** Asks the gateway again about checkouts whose outcome is not known yet, at most {@code limit}; returns how many. */
    int resolveUnknown(int limit);
}
