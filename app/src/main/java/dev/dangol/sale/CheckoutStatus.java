package dev.dangol.sale;

/** Where a checkout stands. */
public enum CheckoutStatus {
    /** The gateway is being asked, or its answer is not known yet; Dangol keeps asking with the same key. */
    PAYING,
    /** Paid and posted: the vouchers are in the wallet. */
    PAID,
    /** The gateway declined, or never received the payment; nothing was taken. */
    DECLINED,
    /** The gateway approved after the reservation had lapsed: Dangol is re-reserving or refunding. */
    LATE_APPROVAL,
    /** The gateway approved too late and no budget was left: the payment was cancelled and refunded in full. */
    REFUNDED;

    public boolean isFinal() {
        return this == PAID || this == DECLINED || this == REFUNDED;
    }
}
