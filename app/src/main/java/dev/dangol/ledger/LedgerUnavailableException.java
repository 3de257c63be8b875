package dev.dangol.ledger;

/**
 * The ledger could not take or finish a submission right now (its queue is full, or the database failed). Nothing
 * of the submission was applied unless a later read shows it; retrying with the same transfer ids is always safe.
 */
public class LedgerUnavailableException extends RuntimeException {

    public LedgerUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
