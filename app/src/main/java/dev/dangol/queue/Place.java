package dev.dangol.queue;

import java.util.Objects;

/**
 * A place in a round's queue.
 *
 * @param ticket the signed ticket the person's device keeps and shows when polling
 * @param rejoined true if the person already had this place (another device, a new login)
 */
public record Place(String ticket, boolean rejoined, QueueStatus status) {

    public Place {
        Objects.requireNonNull(ticket, "ticket");
        Objects.requireNonNull(status, "status");
    }
}
