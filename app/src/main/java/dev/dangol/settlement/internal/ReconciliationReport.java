package dev.dangol.settlement.internal;

import dev.dangol.shared.Money;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a reconciliation found.
 *
 * @param netByLedger credits less debits of every ledger (unit): zero when its books balance
 * @param clearingPosted what the payment-clearing accounts hold from posted purchases, less refunds
 * @param clearingPending what purchases not yet confirmed reserve on the clearing accounts
 * @param gatewayCaptured what the gateway says it holds, or null when no gateway answered
 * @param payablesChecked merchant payable accounts whose history was summed
 * @param mismatches every difference found, each a sentence an operator can act on; at most {@link #MISMATCHES_MAX}
 * @param mismatchCount how many differences there were, also those past the list's bound
 */
record ReconciliationReport(
        Instant checkedAt,
        Map<Integer, Long> netByLedger,
        Money clearingPosted,
        Money clearingPending,
        Money gatewayCaptured,
        long payablesChecked,
        List<String> mismatches,
        long mismatchCount) {

    static final int MISMATCHES_MAX = 1_000;

    ReconciliationReport {
        Objects.requireNonNull(checkedAt, "checkedAt");
        netByLedger = Map.copyOf(netByLedger);
        Objects.requireNonNull(clearingPosted, "clearingPosted");
        Objects.requireNonNull(clearingPending, "clearingPending");
        mismatches = List.copyOf(mismatches);
        if (mismatches.size() > MISMATCHES_MAX || mismatchCount < mismatches.size()) {
            throw new IllegalArgumentException("the mismatch list is bounded and its count covers it");
        }
    }

    boolean balanced() {
        return mismatchCount == 0;
    }
}
