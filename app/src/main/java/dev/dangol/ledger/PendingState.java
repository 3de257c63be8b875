package dev.dangol.ledger;

/** Where a pending transfer stands. */
public enum PendingState {
    PENDING,
    POSTED,
    VOIDED,
    /** The timeout passed before a post or void, and the ledger voided it. */
    EXPIRED
}
