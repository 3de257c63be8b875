package dev.dangol.gateway;

import dev.dangol.shared.Money;
import java.util.Objects;

/**
 * A gateway's running totals.
 *
 * @param keys idempotency keys the gateway knows
 * @param approvedCount keys ever approved; a key is charged at most once, so this counts the keys charged
 * @param approved the sum of every approved charge, later cancellations included
 * @param cancelledCount approved payments later cancelled
 * @param cancelled the sum given back by cancellations
 * @param capturedCount payments approved and not cancelled
 * @param captured what the gateway holds: approved less cancelled
 * @param ordersCapturedTwice payers with two live captures under different keys for the same description; zero unless
 *     someone was charged twice for one order (meaningful when the description names the order)
 */
public record CaptureTotals(
        long keys,
        long approvedCount,
        Money approved,
        long declinedCount,
        long cancelledCount,
        Money cancelled,
        long capturedCount,
        Money captured,
        long ordersCapturedTwice) {

    public CaptureTotals {
        Objects.requireNonNull(approved, "approved");
        Objects.requireNonNull(cancelled, "cancelled");
        Objects.requireNonNull(captured, "captured");
    }
}
