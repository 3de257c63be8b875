package dev.dangol.program;

import dev.dangol.ledger.Ledger;
import dev.dangol.program.internal.ProgramCatalog;
import java.time.Clock;

/** Program catalogues for use without Spring: fast tests and simulations. */
public final class ProgramCatalogs {

    private ProgramCatalogs() {}

    public static Programs inMemory(Ledger ledger, Clock clock) {
        return ProgramCatalog.inMemory(ledger, clock);
    }
}
