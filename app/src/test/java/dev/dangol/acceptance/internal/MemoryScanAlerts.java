package dev.dangol.acceptance.internal;

import dev.dangol.acceptance.ScanAlert;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Scan alerts in memory, one per payload. */
final class MemoryScanAlerts implements ScanAlertStore {

    private final Map<String, ScanAlert> alerts = new LinkedHashMap<>();

    @Override
    public synchronized void record(String payload, String reason, String program, Instant at) {
        ScanAlert held = alerts.get(payload);
        alerts.put(
                payload,
                new ScanAlert(
                        payload,
                        reason,
                        program,
                        held == null ? 1 : held.scans() + 1,
                        held == null ? at : held.firstSeen(),
                        at));
    }

    @Override
    public synchronized List<ScanAlert> latest(int limit) {
        return alerts.values().stream()
                .sorted(Comparator.comparing(ScanAlert::lastSeen).reversed())
                .limit(limit)
                .toList();
    }
}
