package dev.dangol.ledger;

/** The outcome of creating one account. {@link #OK} and {@link #EXISTS} both leave the account in place. */
public enum AccountResult {
    OK,
    /** An account with this id and the same fields already exists. */
    EXISTS,
    EXISTS_WITH_DIFFERENT_FIELDS,
    ID_MUST_NOT_BE_BLANK,
    ID_TOO_LONG,
    LEDGER_MUST_NOT_BE_ZERO,
    CODE_MUST_NOT_BE_ZERO,
    FLAGS_ARE_MUTUALLY_EXCLUSIVE;

    public boolean isSuccess() {
        return this == OK || this == EXISTS;
    }
}
