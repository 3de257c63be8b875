package dev.dangol.ledger;

import java.time.Instant;
import java.util.List;

/**
 * The outcome of each account and transfer of one submission, in the order they were given.
 *
 * @param replayed for each transfer, whether its id had been decided before this submission, so that its result is
 *     the first outcome given back rather than something this submission did
 * @param timestamp the ledger's time for this submission: when the transfers it recorded were recorded
 */
public record LedgerResults(
        List<AccountResult> accounts, List<TransferResult> transfers, List<Boolean> replayed, Instant timestamp) {

    public LedgerResults {
        accounts = List.copyOf(accounts);
        transfers = List.copyOf(transfers);
        replayed = List.copyOf(replayed);
        if (replayed.size() != transfers.size()) {
            throw new IllegalArgumentException("one replayed flag per transfer");
        }
    }

    /** Results of a submission that recorded nothing before (as a reference model gives them). */
    public LedgerResults(List<AccountResult> accounts, List<TransferResult> transfers) {
        this(accounts, transfers, java.util.Collections.nCopies(transfers.size(), Boolean.FALSE), null);
    }

    /** Whether every transfer had been decided before: the whole submission was a retry. */
    public boolean allReplayed() {
        return !replayed.isEmpty() && replayed.stream().allMatch(Boolean::booleanValue);
    }

    public boolean allTransfersSucceeded() {
        return transfers.stream().allMatch(TransferResult::isSuccess);
    }

    /** The first failure of a transfer that is not merely another link's failure, or OK if all succeeded. */
    public TransferResult firstFailure() {
        TransferResult linked = TransferResult.OK;
        for (TransferResult result : transfers) {
            if (result == TransferResult.LINKED_EVENT_FAILED) {
                linked = result;
            } else if (!result.isSuccess()) {
                return result;
            }
        }
        return linked;
    }

    /** The index of the first transfer whose own outcome was a failure, or -1. */
    public int firstFailureIndex() {
        for (int i = 0; i < transfers.size(); i++) {
            TransferResult result = transfers.get(i);
            if (!result.isSuccess() && result != TransferResult.LINKED_EVENT_FAILED) {
                return i;
            }
        }
        return -1;
    }
}
