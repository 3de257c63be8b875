package dev.dangol.sale.internal;

import dev.dangol.sale.Checkout;
import dev.dangol.sale.CheckoutId;
import dev.dangol.sale.CheckoutStatus;
import dev.dangol.wallet.PurchaseId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Where checkouts are recorded, before the gateway is asked, so that every payment can be resolved after a crash. */
interface CheckoutRecords {

    Optional<Checkout> find(CheckoutId id);

    /** Records a new checkout; false if one with its id exists already. */
    boolean insert(Checkout checkout);

    /**
     * Moves a checkout from one of {@code from} to {@code to}, atomically: of two callers racing to settle the same
     * checkout (the request and a webhook, say), exactly one wins.
     *
     * @return the checkout as moved, or empty if it was not in one of {@code from}
     */
    Optional<Checkout> transition(
            CheckoutId id, Set<CheckoutStatus> from, CheckoutStatus to, String reason, PurchaseId purchase, Instant at);

    /** Checkouts still PAYING or LATE_APPROVAL that were last changed before {@code before}, oldest first. */
    List<Checkout> unresolved(Instant before, int limit);
}
