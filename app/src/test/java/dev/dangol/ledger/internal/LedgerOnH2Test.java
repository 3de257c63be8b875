package dev.dangol.ledger.internal;

import dev.dangol.ledger.Ledger;
import dev.dangol.ledger.LedgerModelPropertyContract;
import dev.dangol.ledger.LedgerRulesContract;
import dev.dangol.ledger.OpenLedgers;
import java.sql.SQLException;
import java.time.Clock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;

/** The ledger's rules and the model property on the SQL store over H2; each test starts from empty tables. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LedgerOnH2Test implements LedgerRulesContract, LedgerModelPropertyContract {

    private final TestDatabases.H2 database = new TestDatabases.H2();
    private final OpenLedgers ledgers = new OpenLedgers();

    @Override
    public Ledger newLedger(Clock clock) {
        try {
            database.empty();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return ledgers.add(TestDatabases.ledger(database.dataSource, clock));
    }

    @Override
    public int steps() {
        return 400;
    }

    @AfterAll
    void closeLedgersThenDatabase() throws Exception {
        try (database) {
            ledgers.closeAll();
        }
    }
}
