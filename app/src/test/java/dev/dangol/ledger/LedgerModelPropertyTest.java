package dev.dangol.ledger;

import java.time.Clock;
import org.junit.jupiter.api.AfterAll;

/** The ledger on the in-memory store against the reference model. The same property runs on H2 and PostgreSQL. */
class LedgerModelPropertyTest implements LedgerModelPropertyContract {

    private static final OpenLedgers LEDGERS = new OpenLedgers();

    @Override
    public Ledger newLedger(Clock clock) {
        return LEDGERS.add(Ledgers.inMemory(clock));
    }

    @Override
    public int steps() {
        return 1_500;
    }

    @AfterAll
    static void closeLedgers() throws Exception {
        LEDGERS.closeAll();
    }
}
