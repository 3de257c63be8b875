package dev.dangol.queue;

/** Where a person stands in a round's waiting room. */
public enum QueueState {
    /** Joined before opening; the draw at opening gives the position. */
    PRE_QUEUE,
    WAITING,
    /** Admitted with a budget hold: may buy until the hold expires. */
    ADMITTED,
    /** Paying right now. */
    IN_CHECKOUT,
    BOUGHT,
    /** The budget left cannot serve this person: nothing to wait for. */
    SOLD_OUT,
    /** The round is closed or paused by its operator (paused waiters keep their place). */
    CLOSED,
    /** The admission was not used in time, or the person was away longer than the grace period. */
    EXPIRED,
    NOT_IN_QUEUE
}
