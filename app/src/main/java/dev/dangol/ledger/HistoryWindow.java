package dev.dangol.ledger;

import java.time.Instant;
import java.util.Objects;

/**
 * One page of an account's history inside a time window: the transfers recorded at or after {@code from} and before
 * {@code until}, in the order (recorded time, transfer id), strictly after the cursor when one is given. A reader
 * pages through a window by passing {@link #after(TransferRecord)} of the last record it got, until a page comes back
 * shorter than {@code limit}.
 *
 * @param afterCreatedAt the recorded time of the last transfer already read, or null for the first page
 * @param afterTransferId the id of the last transfer already read, or null for the first page
 */
public record HistoryWindow(
        String accountId, Instant from, Instant until, Instant afterCreatedAt, String afterTransferId, int limit) {

    public static final int MAX_LIMIT = 10_000;

    public HistoryWindow {
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(until, "until");
        if (!from.isBefore(until)) {
            throw new IllegalArgumentException("a history window must end after it starts: " + from + " to " + until);
        }
        if ((afterCreatedAt == null) != (afterTransferId == null)) {
            throw new IllegalArgumentException("a history cursor needs both the time and the transfer id, or neither");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("a history page holds 1 to " + MAX_LIMIT + " transfers, not " + limit);
        }
    }

    public static HistoryWindow first(String accountId, Instant from, Instant until, int limit) {
        return new HistoryWindow(accountId, from, until, null, null, limit);
    }

    /** The next page: the transfers after this one, which the reader got last. */
    public HistoryWindow after(TransferRecord last) {
        return new HistoryWindow(accountId, from, until, last.createdAt(), last.id(), limit);
    }

    /** Whether a transfer recorded at this time with this id belongs to this page's window and comes after its cursor. */
    public boolean admits(Instant createdAt, String transferId) {
        if (createdAt.isBefore(from) || !createdAt.isBefore(until)) {
            return false;
        }
        if (afterCreatedAt == null) {
            return true;
        }
        int byTime = createdAt.compareTo(afterCreatedAt);
        return byTime > 0 || (byTime == 0 && transferId.compareTo(afterTransferId) > 0);
    }
}
