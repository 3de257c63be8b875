package dev.dangol.ledger;

/**
 * The outcome of one transfer. A transfer id keeps its first outcome for ever: submitting the same transfer again
 * returns that outcome, failures included, and changes nothing.
 */
public enum TransferResult {
    OK,
    /** Another transfer in the same linked chain failed, so this one was not applied. */
    LINKED_EVENT_FAILED,
    /** The last transfer of the batch still carries {@link TransferFlag#LINKED}: the chain was never closed. */
    LINKED_EVENT_CHAIN_OPEN,
    ID_MUST_NOT_BE_BLANK,
    ID_TOO_LONG,
    /** The id was used before for a transfer with other fields. */
    EXISTS_WITH_DIFFERENT_FIELDS,
    FLAGS_ARE_MUTUALLY_EXCLUSIVE,
    PENDING_ID_MUST_BE_BLANK,
    PENDING_ID_MUST_NOT_BE_BLANK,
    PENDING_ID_MUST_BE_DIFFERENT,
    TIMEOUT_RESERVED_FOR_PENDING_TRANSFER,
    TIMEOUT_MUST_NOT_BE_NEGATIVE,
    AMOUNT_MUST_NOT_BE_ZERO,
    AMOUNT_MUST_NOT_BE_NEGATIVE,
    DEBIT_ACCOUNT_ID_MUST_NOT_BE_BLANK,
    CREDIT_ACCOUNT_ID_MUST_NOT_BE_BLANK,
    ACCOUNTS_MUST_BE_DIFFERENT,
    LEDGER_MUST_NOT_BE_ZERO,
    CODE_MUST_NOT_BE_ZERO,
    DEBIT_ACCOUNT_NOT_FOUND,
    CREDIT_ACCOUNT_NOT_FOUND,
    ACCOUNTS_MUST_HAVE_THE_SAME_LEDGER,
    TRANSFER_MUST_HAVE_THE_SAME_LEDGER_AS_ACCOUNTS,
    PENDING_TRANSFER_NOT_FOUND,
    PENDING_TRANSFER_NOT_PENDING,
    PENDING_TRANSFER_HAS_DIFFERENT_DEBIT_ACCOUNT_ID,
    PENDING_TRANSFER_HAS_DIFFERENT_CREDIT_ACCOUNT_ID,
    PENDING_TRANSFER_HAS_DIFFERENT_LEDGER,
    PENDING_TRANSFER_HAS_DIFFERENT_CODE,
    EXCEEDS_PENDING_TRANSFER_AMOUNT,
    PENDING_TRANSFER_HAS_DIFFERENT_AMOUNT,
    PENDING_TRANSFER_ALREADY_POSTED,
    PENDING_TRANSFER_ALREADY_VOIDED,
    PENDING_TRANSFER_EXPIRED,
    OVERFLOWS_DEBITS,
    OVERFLOWS_CREDITS,
    /** The debit account may not be debited past its credits. */
    EXCEEDS_CREDITS,
    /** The credit account may not be credited past its debits. */
    EXCEEDS_DEBITS;

    public boolean isSuccess() {
        return this == OK;
    }
}
