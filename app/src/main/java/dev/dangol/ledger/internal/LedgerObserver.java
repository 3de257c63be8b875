package dev.dangol.ledger.internal;

/** What the ledger's writer reports, for metrics and logs. */
interface LedgerObserver {

    LedgerObserver NONE = new LedgerObserver() {};

    /** A batch committed: how many submissions and transfers it carried and how long its transaction took. */
    default void committed(int commands, int transfers, long nanos) {}

    /** A batch's transaction failed and will be tried again. */
    default void retried(RuntimeException cause) {}

    /** A submission could not be applied at all; its caller got {@code LedgerUnavailableException}. */
    default void failed(RuntimeException cause) {}

    /** A submission was turned away because the writer's queue was full. */
    default void rejected() {}
}
