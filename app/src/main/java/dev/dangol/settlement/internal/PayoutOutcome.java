package dev.dangol.settlement.internal;

/** What a settlement run did with one merchant's takings in one program. */
enum PayoutOutcome {
    /** The fee and the payout were moved in the ledger; the payout is in the bank file. */
    PAID,
    /** Nothing was taken, or cancellations matched the payments. */
    NOTHING_TO_PAY,
    /** Held: the merchant has given no bank account yet. Running the day again after it does pays it. */
    HELD_NO_ACCOUNT,
    /** Held: the merchant is suspended (for example while a fraud report is checked). */
    HELD_SUSPENDED,
    /** Held: the registry does not know the merchant the ledger names. */
    HELD_UNKNOWN_MERCHANT,
    /** The ledger refused the transfers (the payable account no longer holds the amount); nothing moved. */
    FAILED;

    boolean isHeld() {
        return name().startsWith("HELD_");
    }
}
