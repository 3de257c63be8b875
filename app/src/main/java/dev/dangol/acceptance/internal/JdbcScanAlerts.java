package dev.dangol.acceptance.internal;

import dev.dangol.acceptance.ScanAlert;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Scan alerts in the {@code scan_alert} table: one row per payload, its count raised on each scan. The table holds at
 * most {@value #ROWS_MAX} payloads: past that, payloads already listed are still counted, new ones only in the metric,
 * so that scans of made-up codes cannot fill the database. Alerts not seen for a while are pruned ({@link #prune}).
 */
final class JdbcScanAlerts implements ScanAlertStore {

    static final int ROWS_MAX = 100_000;

    private final JdbcClient jdbc;

    JdbcScanAlerts(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void record(String payload, String reason, String program, Instant at) {
        OffsetDateTime when = OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
        if (raise(payload, reason, program, when) == 1) {
            return;
        }
        if (jdbc.sql("SELECT COUNT(*) FROM scan_alert").query(Long.class).single() >= ROWS_MAX) {
            return;
        }
        try {
            jdbc.sql("INSERT INTO scan_alert (payload, reason, program_id, scans, first_seen, last_seen)"
                            + " VALUES (?, ?, ?, 1, ?, ?)")
                    .params(payload, reason, program, when, when)
                    .update();
        } catch (DuplicateKeyException raced) {
            raise(payload, reason, program, when);
        }
    }

    private int raise(String payload, String reason, String program, OffsetDateTime when) {
        return jdbc.sql("UPDATE scan_alert SET scans = scans + 1, reason = ?, program_id = ?, last_seen = ?"
                        + " WHERE payload = ?")
                .params(reason, program, when, payload)
                .update();
    }

    /**
     * Deletes alerts last seen before {@code before}, oldest first, at most {@code limit}; returns how many. An alert
     * seen again later is raised afresh, with a new first sighting.
     */
    int prune(Instant before, int limit) {
        if (limit < 1) {
            throw new IllegalArgumentException("a prune deletes at least one alert");
        }
        OffsetDateTime cutoff = OffsetDateTime.ofInstant(before, ZoneOffset.UTC);
        List<String> payloads = jdbc.sql(
                        "SELECT payload FROM scan_alert WHERE last_seen < ? ORDER BY last_seen, payload" + " LIMIT ?")
                .params(cutoff, limit)
                .query(String.class)
                .list();
        if (payloads.isEmpty()) {
            return 0;
        }
        // Checked again: an alert seen since the select stays.
        return jdbc.sql("DELETE FROM scan_alert WHERE payload IN (:payloads) AND last_seen < :cutoff")
                .param("payloads", payloads)
                .param("cutoff", cutoff)
                .update();
    }

    @Override
    public List<ScanAlert> latest(int limit) {
        return jdbc.sql("SELECT payload, reason, program_id, scans, first_seen, last_seen FROM scan_alert"
                        + " ORDER BY last_seen DESC, payload LIMIT ?")
                .param(limit)
                .query((rs, n) -> new ScanAlert(
                        rs.getString("payload"),
                        rs.getString("reason"),
                        rs.getString("program_id"),
                        rs.getLong("scans"),
                        rs.getObject("first_seen", OffsetDateTime.class).toInstant(),
                        rs.getObject("last_seen", OffsetDateTime.class).toInstant()))
                .list();
    }
}
