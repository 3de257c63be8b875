package dev.dangol.ledger;

import java.util.List;

/** The outcome of each account and transfer of one submission, in the order they were given. */
public record LedgerResults(List<AccountResult> accounts, List<TransferResult> transfers) {

    public LedgerResults {
        accounts = List.copyOf(accounts);
        transfers = List.copyOf(transfers);
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
