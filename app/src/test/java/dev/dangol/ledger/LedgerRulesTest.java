package dev.dangol.ledger;

import java.time.Clock;
import org.junit.jupiter.api.AfterAll;

/** The ledger's rules on the in-memory store. */
class LedgerRulesTest implements LedgerRulesContract {

    private static final OpenLedgers LEDGERS = new OpenLedgers();

    @Override
    public Ledger newLedger(Clock clock) {
        return LEDGERS.add(Ledgers.inMemory(clock));
    }

    @AfterAll
    static void closeLedgers() throws Exception {
        LEDGERS.closeAll();
    }
}
