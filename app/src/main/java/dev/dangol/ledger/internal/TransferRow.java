package dev.dangol.ledger.internal;

import dev.dangol.ledger.PendingState;
import dev.dangol.ledger.Transfer;
import dev.dangol.ledger.TransferFlag;
import dev.dangol.ledger.TransferRecord;
import dev.dangol.ledger.TransferResult;
import java.time.Instant;

/** A recorded transfer while a batch works on it. Only the writer thread running the batch touches it. */
final class TransferRow {

    final Transfer transfer;
    final TransferResult result;
    final Instant createdAt;
    final Instant expiresAt;
    PendingState pendingState;
    /** Recorded by this batch: to be inserted. */
    final boolean created;
    /** The pending state changed in this batch. */
    boolean stateChanged;

    TransferRow(
            Transfer transfer,
            TransferResult result,
            Instant createdAt,
            PendingState pendingState,
            Instant expiresAt,
            boolean created) {
        this.transfer = transfer;
        this.result = result;
        this.createdAt = createdAt;
        this.pendingState = pendingState;
        this.expiresAt = expiresAt;
        this.created = created;
    }

    String id() {
        return transfer.id();
    }

    boolean isLivePending() {
        return result.isSuccess() && transfer.has(TransferFlag.PENDING) && pendingState == PendingState.PENDING;
    }

    TransferRecord toRecord() {
        return new TransferRecord(transfer, result, createdAt, pendingState, expiresAt);
    }

    static TransferRow of(TransferRecord record) {
        return new TransferRow(
                record.transfer(),
                record.result(),
                record.createdAt(),
                record.pendingState(),
                record.expiresAt(),
                false);
    }
}
