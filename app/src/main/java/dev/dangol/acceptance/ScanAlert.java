package dev.dangol.acceptance;

import java.time.Instant;
import java.util.Objects;

/**
 * A code people scanned that leads to no merchant, for operators to link or fix: one per payload, counted.
 *
 * @param program the program of the latest such scan, or null
 */
public record ScanAlert(
        String payload, String reason, String program, long scans, Instant firstSeen, Instant lastSeen) {

    public ScanAlert {
        Objects.requireNonNull(payload, "payload");
        Objects.requireNonNull(reason, "reason");
        if (scans < 1) {
            throw new IllegalArgumentException("an alert counts at least one scan");
        }
        Objects.requireNonNull(firstSeen, "firstSeen");
        Objects.requireNonNull(lastSeen, "lastSeen");
    }
}
