package dev.dangol.acceptance;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of importing a previous operator's list of issued codes: rows added, rows already held (an import run
 * twice changes nothing), and every rejected row with its line number and reason.
 */
public record ImportReport(Operator operator, int added, int unchanged, List<RejectedRow> rejected) {

    public ImportReport {
        Objects.requireNonNull(operator, "operator");
        rejected = List.copyOf(rejected);
    }

    /** A row not imported: its line in the file (the header is line 1) and why. */
    public record RejectedRow(int line, String reason) {
        public RejectedRow {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
