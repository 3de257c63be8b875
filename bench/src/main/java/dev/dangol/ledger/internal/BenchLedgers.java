package dev.dangol.ledger.internal;

import dev.dangol.ledger.Ledger;
import java.time.Clock;
import javax.sql.DataSource;

/** The SQL ledger as the application wires it, for benchmarks that run without Spring. */
public final class BenchLedgers {

    private BenchLedgers() {}

    public static Ledger sql(DataSource dataSource, Clock clock) {
        return new GroupCommitLedger(
                new JdbcLedgerStore(dataSource), clock, GroupCommitLedger.Settings.DEFAULT, LedgerObserver.NONE);
    }
}
