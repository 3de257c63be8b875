package dev.dangol.sandbox;

/**
 * What the sandbox has charged, for end-of-run checks: the gateway's captures must equal the purchases Dangol posted,
 * and nobody may be charged twice.
 *
 * @param keys idempotency keys the sandbox remembers (approved, declined or cancelled)
 * @param approvedCount keys ever approved: each key is charged at most once, so this is the number of keys charged
 * @param approvedKrw the sum of every approved charge, cancelled ones included
 * @param declinedCount keys declined
 * @param cancelledCount approved keys later cancelled
 * @param cancelledKrw the sum given back by cancellations
 * @param capturedCount approved and not cancelled: the money the gateway holds for
 * @param capturedKrw the sum the gateway holds
 * @param ordersCapturedTwice payers with two or more live captures under different keys for the same description:
 *     zero unless someone was charged twice for one purchase (when the description names the purchase, as Dangol's
 *     does)
 */
public record Captures(
        long keys,
        long approvedCount,
        long approvedKrw,
        long declinedCount,
        long cancelledCount,
        long cancelledKrw,
        long capturedCount,
        long capturedKrw,
        long ordersCapturedTwice) {

    public Captures {
        if (keys < 0
                || approvedCount < 0
                || approvedKrw < 0
                || declinedCount < 0
                || cancelledCount < 0
                || cancelledKrw < 0
                || capturedCount < 0
                || capturedKrw < 0
                || ordersCapturedTwice < 0) {
            throw new IllegalArgumentException("capture figures cannot be negative");
        }
    }
}
