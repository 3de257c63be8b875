package dev.dangol.ledger.internal;

import dev.dangol.ledger.Ledger;
import java.time.Clock;

/** Builds ledgers for the module's own entry points; other modules use {@code dev.dangol.ledger.Ledgers}. */
public final class LedgerFactory {

    private LedgerFactory() {}

    public static Ledger inMemory(Clock clock) {
        return new GroupCommitLedger(
                new InMemoryLedgerStore(), clock, GroupCommitLedger.Settings.DEFAULT, LedgerObserver.NONE);
    }
}
