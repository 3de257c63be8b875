package dev.dangol.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dangol.gateway.GatewayHealth;
import dev.dangol.queue.WaitingRooms;
import dev.dangol.testing.TestRedisKeys;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issue 5's target for the wait range, on the simulated Seoul 2022 launch scaled down to a tenth (20,000 people,
 * 2,500,000,000 KRW, 2,000 in flight; the same arrival curve, cap, hold time and behaviour, so the same share is
 * served): for the people admitted, the middle of the first range they were shown, and of the one shown mid-wait,
 * is within 15 % of their real wait for half of them and within 30 % for nine in ten.
 */
class WaitEstimateAccuracyIT {

    private static final Logger LOG = LoggerFactory.getLogger(WaitEstimateAccuracyIT.class);
    private static final int PEOPLE = Integer.getInteger("dangol.estimates.people", 20_000);
    private static final long BUDGET_KRW = LaunchSimulation.BUDGET_KRW / 200_000 * PEOPLE;
    private static final int IN_FLIGHT_MAX = Math.max(1, PEOPLE / 10);

    @TempDir
    Path queueDirectory;

    @Test
    @Timeout(300)
    void theWaitsShownOnTheMemoryStoreAreWithinTheTargets() throws Exception {
        LaunchSimulation sim = new LaunchSimulation(
                PEOPLE,
                2022,
                BUDGET_KRW,
                (programs, clock) -> WaitingRooms.inMemory(
                        programs,
                        GatewayHealth.NO_REPORTS,
                        clock,
                        queueDirectory,
                        false,
                        LaunchSimulation.HOLD_TIME,
                        IN_FLIGHT_MAX));
        try {
            check(sim.run());
        } finally {
            LaunchSimulationIT.close(sim.room);
        }
    }

    @Test
    @Timeout(300)
    void theWaitsShownOnTheRedisStoreAreWithinTheTargets() throws Exception {
        String prefix = "dangol:estimates:" + UUID.randomUUID() + ":";
        LaunchSimulation sim = new LaunchSimulation(
                PEOPLE,
                2022,
                BUDGET_KRW,
                (programs, clock) -> WaitingRooms.redis(
                        programs,
                        GatewayHealth.NO_REPORTS,
                        clock,
                        "redis://127.0.0.1:6379",
                        prefix,
                        "est:" + "e".repeat(40),
                        LaunchSimulation.HOLD_TIME,
                        IN_FLIGHT_MAX));
        try {
            check(sim.run());
        } finally {
            LaunchSimulationIT.close(sim.room);
            TestRedisKeys.delete(prefix);
        }
    }

    private static void check(LaunchSimulation.Report report) {
        LOG.info("simulated launch: {}", report);
        WaitAccuracy waits = report.waits;
        assertThat(waits.shownAny())
                .as("admitted people who were shown a range first")
                .isGreaterThan(waits.admitted() * 2 / 5);
        assertThat(waits.first().medianPercent())
                .as("median error of the first range")
                .isLessThan(15);
        assertThat(waits.first().p90Percent())
                .as("p90 error of the first range")
                .isLessThan(30);
        assertThat(waits.middle().medianPercent()).as("median error mid-wait").isLessThan(15);
        assertThat(waits.middle().p90Percent()).as("p90 error mid-wait").isLessThan(30);
        // The launch itself must still be right.
        LaunchSimulationIT.check(report);
    }
}
