package dev.dangol.ledger;

import java.time.Instant;

/**
 * A transfer as the ledger recorded it: what was asked, its outcome, when, and for a pending transfer where it
 * stands now.
 *
 * @param pendingState for a successful pending transfer its state, otherwise null
 * @param expiresAt for a successful pending transfer with a timeout, when it lapses, otherwise null
 */
public record TransferRecord(
        Transfer transfer, TransferResult result, Instant createdAt, PendingState pendingState, Instant expiresAt) {

    public String id() {
        return transfer.id();
    }

    public boolean succeeded() {
        return result.isSuccess();
    }
}
