package dev.dangol.queue.internal;

import dev.dangol.shared.RoundId;

/** What the waiting rooms tell their adapters: metrics, and the sold-out that closes a round. */
interface QueueEvents {

    QueueEvents NONE = new QueueEvents() {};

    /** A round is seen for the first time by this process. */
    default void roundSeen(RoundId round) {}

    default void admitted(RoundId round, int people) {}

    /** The error of a wait estimate once its waiter was admitted: |actual - estimated| / actual, in percent. */
    default void waitEstimateError(RoundId round, long percent) {}

    /** The round sold out: called once, by the step that found it. */
    default void soldOut(RoundId round) {}
}
