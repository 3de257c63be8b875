package dev.dangol.payment.internal;

/** Where an auto-charge stands. Each state names what is left to do; the final ones leave nothing. */
enum AutoChargeState {
    /** The gateway is being asked to charge, or its answer is not known yet; Dangol keeps asking by the same key. */
    CHARGING,
    /** The gateway approved: the vouchers are being confirmed, or bought again if the reservation lapsed. */
    APPROVED,
    /** Final: charged once, and the vouchers are in the wallet. */
    CONFIRMED,
    /** Final: declined, or never received by the gateway; nothing was charged and the reservation went back. */
    RELEASED,
    /** Approved, but no vouchers could be given for it: the charge is being cancelled at the gateway. */
    REFUNDING,
    /** Final: the charge was cancelled at the gateway and the money went back. */
    REFUNDED;

    boolean isFinal() {
        return this == CONFIRMED || this == RELEASED || this == REFUNDED;
    }
}
