package dev.dangol.ledger;

import dev.dangol.ledger.internal.LedgerFactory;
import java.time.Clock;

/** Ledgers for use without Spring: fast tests and simulations. */
public final class Ledgers {

    private Ledgers() {}

    /** A ledger held in memory, with the same engine, batching and rules as the SQL one. */
    public static Ledger inMemory(Clock clock) {
        return LedgerFactory.inMemory(clock);
    }
}
