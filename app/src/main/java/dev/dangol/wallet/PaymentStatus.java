package dev.dangol.wallet;

/** Where a payment to a merchant stands. */
public enum PaymentStatus {
    /** The merchant has the money (in its payable account). */
    PAID,
    /** The merchant cancelled it the same day: the money went back to the lots it came from. */
    CANCELLED
}
