package dev.dangol.queue;

import dev.dangol.shared.Money;
import dev.dangol.shared.RoundId;
import java.time.Instant;
import java.util.Objects;

/**
 * What a waiter is told on each poll.
 *
 * @param position people ahead plus one while waiting; 0 once admitted or out of the queue
 * @param waitLowSeconds the 10th percentile of the estimated wait, or -1 if there is no estimate yet
 * @param waitHighSeconds the 90th percentile of the estimated wait, or -1 if there is no estimate yet
 * @param pollAfterSeconds when to ask again: longer the further back
 * @param hold the admitted person's budget hold, or null
 * @param holdExpiresAt when the admission lapses if unused, or null
 */
public record QueueStatus(
        RoundId round,
        QueueState state,
        long position,
        long waitLowSeconds,
        long waitHighSeconds,
        Chance chance,
        int pollAfterSeconds,
        Money hold,
        Instant holdExpiresAt,
        Instant opensAt) {

    public QueueStatus {
        Objects.requireNonNull(round, "round");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(chance, "chance");
    }
}
