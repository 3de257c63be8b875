package dev.dangol.acceptance.internal;

import dev.dangol.acceptance.ScanAlert;
import java.time.Instant;
import java.util.List;

/** Where alerts for codes that lead to no merchant are kept, one per payload, counted. */
interface ScanAlertStore {

    void record(String payload, String reason, String program, Instant at);

    /** Latest first, at most {@code limit}. */
    List<ScanAlert> latest(int limit);
}
