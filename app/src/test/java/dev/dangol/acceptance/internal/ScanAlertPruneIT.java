package dev.dangol.acceptance.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dangol.acceptance.ScanAlert;
import dev.dangol.testing.MigratedDatabase;
import dev.dangol.testing.MutableClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/** Scan alerts not seen for the kept time are deleted, oldest first and a bounded number at a time; others stay. */
class ScanAlertPruneIT {

    private static final Instant NOW = Instant.parse("2026-12-01T00:00:00Z");

    private final MigratedDatabase database = MigratedDatabase.h2();
    private final JdbcScanAlerts alerts = new JdbcScanAlerts(database.jdbc());
    private final MutableClock clock = new MutableClock(NOW);
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void alertsNotSeenForTheKeptTimeGoOldestFirstAndAtMostTheLimitAtATime() {
        alerts.record("OLD-1", "no merchant", null, NOW.minus(Duration.ofDays(200)));
        alerts.record("OLD-2", "no merchant", null, NOW.minus(Duration.ofDays(120)));
        alerts.record("SEEN-AGAIN", "no merchant", null, NOW.minus(Duration.ofDays(150)));
        alerts.record("SEEN-AGAIN", "no merchant", null, NOW.minus(Duration.ofDays(10)));
        alerts.record("NEW", "no merchant", null, NOW.minus(Duration.ofDays(89)));

        assertThat(alerts.prune(NOW.minus(Duration.ofDays(90)), 1)).isEqualTo(1);
        assertThat(payloads()).containsExactlyInAnyOrder("OLD-2", "SEEN-AGAIN", "NEW");

        AcceptanceConfiguration.AlertPruning pruning =
                new AcceptanceConfiguration.AlertPruning(alerts, clock, meters, Duration.ofDays(90));
        assertThat(pruning.prune()).isEqualTo(1);
        assertThat(payloads()).containsExactlyInAnyOrder("SEEN-AGAIN", "NEW");
        assertThat(meters.get("dangol.acceptance.alerts.pruned").counter().count())
                .isEqualTo(1.0);

        clock.advanceSeconds(Duration.ofDays(2).toSeconds());
        assertThat(pruning.prune()).isEqualTo(1);
        assertThat(payloads()).containsExactly("SEEN-AGAIN");
    }

    @Test
    void aRunDeletesAtMostItsBoundAndTheNextRunGoesOn() {
        int count =
                AcceptanceConfiguration.AlertPruning.BATCH * AcceptanceConfiguration.AlertPruning.BATCHES_PER_RUN_MAX
                        + 5;
        OffsetDateTime longAgo = OffsetDateTime.parse("2026-01-01T00:00:00Z");
        List<Object[]> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            rows.add(new Object[] {"P-" + i, longAgo, longAgo});
        }
        new JdbcTemplate(database.dataSource())
                .batchUpdate(
                        "INSERT INTO scan_alert (payload, reason, program_id, scans, first_seen, last_seen)"
                                + " VALUES (?, 'no merchant', NULL, 1, ?, ?)",
                        rows);
        AcceptanceConfiguration.AlertPruning pruning =
                new AcceptanceConfiguration.AlertPruning(alerts, clock, meters, Duration.ofDays(90));
        assertThat(pruning.prune()).isEqualTo(count - 5);
        assertThat(pruning.prune()).isEqualTo(5);
        assertThat(pruning.prune()).isZero();
    }

    private List<String> payloads() {
        return alerts.latest(100).stream().map(ScanAlert::payload).toList();
    }
}
