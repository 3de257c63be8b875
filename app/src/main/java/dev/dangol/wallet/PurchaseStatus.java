package dev.dangol.wallet;

/** Where a purchase stands. */
public enum PurchaseStatus {
    /** Budget and limits are held and the vouchers wait for payment; the hold lapses at its expiry. */
    RESERVED,
    /** Paid: the vouchers are in the wallet. */
    CONFIRMED,
    /** Given up before payment; the hold went back. */
    RELEASED,
    /** Not paid in time; the hold went back. */
    HOLD_EXPIRED,
    /** Cancelled untouched for a full refund. */
    CANCELLED,
    /** What was left after most of it was used has been refunded. */
    REMAINDER_REFUNDED
}
