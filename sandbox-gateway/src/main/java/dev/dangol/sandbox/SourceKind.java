package dev.dangol.sandbox;

/** What a charge is taken from. */
public enum SourceKind {
    /** A debit from the payer's own bank account, by withdrawal consent. */
    BANK_ACCOUNT,
    /** A credit or debit card. */
    CARD
}
