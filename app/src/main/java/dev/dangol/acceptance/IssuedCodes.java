package dev.dangol.acceptance;

import java.util.List;

/** The registry of every code a merchant was ever given, keyed by the exact printed payload. */
public interface IssuedCodes {

    /** The most rows one import takes; a longer list is split into several files. */
    int IMPORT_ROWS_MAX = 200_000;

    /**
     * Imports a previous operator's list: CSV lines, the first a header {@code payload,agency_id,issued_on}
     * (docs/qr-formats.md). Valid rows are added, rows already held are left alone, and every other row is reported.
     */
    ImportReport importList(Operator operator, List<String> lines);

    /** The codes held for exactly this payload (more than one when two operators printed the same text). */
    List<IssuedCode> byPayload(String payload);
}
