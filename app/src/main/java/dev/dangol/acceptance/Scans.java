package dev.dangol.acceptance;

import dev.dangol.shared.ProgramId;
import java.util.List;

/** Scanning a merchant's code, and the alerts operators get for codes that lead nowhere. */
public interface Scans {

    /** What the code leads to for a payment with this program's vouchers. Never throws for any text scanned. */
    ScanResult scan(String payload, ProgramId program);

    /** The most recently seen codes that led to no merchant, latest first, at most {@code limit} (1 to 1,000). */
    List<ScanAlert> alerts(int limit);
}
