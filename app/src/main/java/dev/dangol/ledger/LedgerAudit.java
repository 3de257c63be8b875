package dev.dangol.ledger;

import java.util.List;
import java.util.Map;

/**
 * What a reconciliation of the whole ledger found.
 *
 * @param netByLedger for each ledger, credits less debits over all its accounts (posted and pending): zero when the
 *     books balance
 * @param violations accounts whose balance breaks their own flags
 */
public record LedgerAudit(Map<Integer, Long> netByLedger, List<String> violations, long accounts) {

    public LedgerAudit {
        netByLedger = Map.copyOf(netByLedger);
        violations = List.copyOf(violations);
    }

    public boolean balanced() {
        return violations.isEmpty() && netByLedger.values().stream().allMatch(net -> net == 0);
    }
}
