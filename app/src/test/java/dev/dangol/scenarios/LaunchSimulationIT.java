package dev.dangol.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dangol.gateway.GatewayHealth;
import dev.dangol.queue.WaitingRoom;
import dev.dangol.queue.WaitingRooms;
import dev.dangol.shared.Money;
import dev.dangol.testing.TestRedisKeys;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The launch the issue describes, simulated in one test run on each waiting-room store: 200,000 people, a
 * 25,000,000,000 KRW budget, a 400,000 cap, 7% off, a gateway with 5% errors, 2% timeouts and repeated webhooks.
 */
class LaunchSimulationIT {

    private static final Logger LOG = LoggerFactory.getLogger(LaunchSimulationIT.class);
    private static final int PEOPLE = Integer.getInteger("dangol.simulation.people", 200_000);

    @TempDir
    Path queueDirectory;

    @Test
    @Timeout(600)
    void aLaunchOf200000PeopleSellsTheBudgetExactlyAndTellsEveryoneOnTheMemoryStore() throws Exception {
        LaunchSimulation sim = new LaunchSimulation(
                PEOPLE,
                2022,
                (programs, clock) -> WaitingRooms.inMemory(
                        programs,
                        GatewayHealth.NO_REPORTS,
                        clock,
                        queueDirectory,
                        false,
                        Duration.ofMinutes(5),
                        20_000));
        try {
            check(sim.run());
        } finally {
            close(sim.room);
        }
    }

    @Test
    @Timeout(900)
    void aLaunchOf200000PeopleSellsTheBudgetExactlyAndTellsEveryoneOnTheRedisStore() throws Exception {
        String prefix = "dangol:sim:" + UUID.randomUUID() + ":";
        LaunchSimulation sim = new LaunchSimulation(
                PEOPLE,
                2022,
                (programs, clock) -> WaitingRooms.redis(
                        programs,
                        GatewayHealth.NO_REPORTS,
                        clock,
                        "redis://127.0.0.1:6379",
                        prefix,
                        "sim:" + "s".repeat(40),
                        Duration.ofMinutes(5),
                        20_000));
        try {
            check(sim.run());
        } finally {
            close(sim.room);
            TestRedisKeys.delete(prefix);
        }
    }

    static void check(LaunchSimulation.Report report) {
        LOG.info("simulated launch: {}", report);
        assertThat(report.audit.violations())
                .as("accounts breaking their flags")
                .isEmpty();
        assertThat(report.audit.balanced()).as("every ledger sums to zero").isTrue();
        assertThat(report.budget.held()).as("nothing left held").isEqualTo(Money.ZERO);
        assertThat(report.budget.remaining().krw())
                .as("face value sold equals the budget, or what remains is below one unit")
                .isLessThan(LaunchSimulation.UNIT);
        assertThat(report.postedFaceKrw)
                .as("paid checkouts are what the round sold")
                .isEqualTo(report.budget.sold().krw());
        assertThat(report.captures.capturedKrw())
                .as("gateway captures equal posted purchases")
                .isEqualTo(report.postedPaidKrw);
        assertThat(report.captures.capturedCount()).isEqualTo(report.paidCheckouts);
        assertThat(report.overCap).as("people over the cap").isEmpty();
        assertThat(report.chargedTwice)
                .as("people charged other than once per purchase")
                .isEmpty();
        assertThat(report.neitherBoughtNorToldSoldOut)
                .as("people neither served nor told")
                .isEmpty();
        assertThat(report.metSoldOutAtPayment)
                .as("admitted people who met sold out at payment")
                .isEmpty();
        assertThat(report.lostPlace)
                .as("people who lost their place by logging in again")
                .isEmpty();
        assertThat(report.toldLate)
                .as("waiters told of the sell-out later than their next poll")
                .isEmpty();
    }

    static void close(WaitingRoom room) throws Exception {
        if (room instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }
}
