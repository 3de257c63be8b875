package dev.dangol.gateway.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dangol.testing.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The gateway's health over its sliding window: error rate, p90 latency, calls, and forgetting old calls. */
class RecentCallsTest {

    private final MutableClock clock = new MutableClock();

    @Test
    void withNoCallsTheGatewayLooksHealthy() {
        RecentCalls recent = new RecentCalls(clock, Duration.ofSeconds(30), 100);

        assertThat(recent.errorRateBasisPoints()).isZero();
        assertThat(recent.latencyP90()).isEqualTo(Duration.ZERO);
        assertThat(recent.recentCalls()).isZero();
    }

    @Test
    void theErrorRateIsTheShareOfUnknownOutcomesInBasisPoints() {
        RecentCalls recent = new RecentCalls(clock, Duration.ofSeconds(30), 100);
        for (int i = 0; i < 8; i++) {
            recent.record(clock.instant(), Duration.ofMillis(10), i < 2);
        }

        assertThat(recent.errorRateBasisPoints()).isEqualTo(2_500);
        assertThat(recent.recentCalls()).isEqualTo(8);
    }

    @Test
    void theP90IsTheLatencyNineInTenCallsDidNotExceed() {
        RecentCalls recent = new RecentCalls(clock, Duration.ofSeconds(30), 100);
        for (int ms = 1; ms <= 20; ms++) {
            recent.record(clock.instant(), Duration.ofMillis(ms), false);
        }

        assertThat(recent.latencyP90()).isEqualTo(Duration.ofMillis(18));
    }

    @Test
    void callsOlderThanTheWindowAreForgotten() {
        RecentCalls recent = new RecentCalls(clock, Duration.ofSeconds(30), 100);
        recent.record(clock.instant(), Duration.ofSeconds(2), true);
        clock.advanceSeconds(31);
        recent.record(clock.instant(), Duration.ofMillis(50), false);

        assertThat(recent.recentCalls()).isEqualTo(1);
        assertThat(recent.errorRateBasisPoints()).isZero();
        assertThat(recent.latencyP90()).isEqualTo(Duration.ofMillis(50));
    }

    @Test
    void theRingKeepsOnlyTheLastCallsMax() {
        RecentCalls recent = new RecentCalls(clock, Duration.ofSeconds(30), 4);
        for (int i = 0; i < 4; i++) {
            recent.record(clock.instant(), Duration.ofMillis(10), true);
        }
        for (int i = 0; i < 4; i++) {
            recent.record(clock.instant(), Duration.ofMillis(10), false);
        }

        assertThat(recent.recentCalls()).isEqualTo(4);
        assertThat(recent.errorRateBasisPoints()).isZero();
    }

    @Test
    void aGatewayThatWasDownAndAnswersAgainIsJudgedOnlyOnItsCallsSinceItCameBack() {
        RecentCalls recent = new RecentCalls(clock, Duration.ofSeconds(30), 1_000, 10);
        for (int i = 0; i < 40; i++) {
            recent.record(clock.instant(), Duration.ofSeconds(2), true);
        }
        for (int i = 0; i < 9; i++) {
            recent.record(clock.instant(), Duration.ofMillis(40), false);
        }
        assertThat(recent.errorRateBasisPoints())
                .as("nine successes are not yet a recovery")
                .isEqualTo(8_163);
        assertThat(recent.recoveries()).isZero();

        recent.record(clock.instant(), Duration.ofMillis(40), false);

        assertThat(recent.recoveries()).isEqualTo(1);
        assertThat(recent.recentCalls()).isEqualTo(10);
        assertThat(recent.errorRateBasisPoints()).isZero();
        assertThat(recent.latencyP90()).isEqualTo(Duration.ofMillis(40));
        recent.record(clock.instant(), Duration.ofMillis(40), true);
        assertThat(recent.errorRateBasisPoints())
                .as("calls after the recovery count as before")
                .isEqualTo(909);
    }

    @Test
    void aFlakyGatewayIsNotForgiven() {
        RecentCalls recent = new RecentCalls(clock, Duration.ofSeconds(30), 1_000, 10);
        // Nine failures in a row, then long runs of successes, over and over: never ten failures in a row.
        for (int round = 0; round < 20; round++) {
            for (int i = 0; i < 9; i++) {
                recent.record(clock.instant(), Duration.ofMillis(40), true);
            }
            for (int i = 0; i < 30; i++) {
                recent.record(clock.instant(), Duration.ofMillis(40), false);
            }
        }

        assertThat(recent.recoveries()).isZero();
        assertThat(recent.recentCalls()).isEqualTo(780);
        assertThat(recent.errorRateBasisPoints()).isEqualTo(2_307);
    }

    @Test
    void withRecoveryOffTheOutageStaysInTheWindowUntilItLeaves() {
        RecentCalls recent = new RecentCalls(clock, Duration.ofSeconds(30), 1_000, 0);
        for (int i = 0; i < 40; i++) {
            recent.record(clock.instant(), Duration.ofSeconds(2), true);
        }
        for (int i = 0; i < 40; i++) {
            recent.record(clock.instant(), Duration.ofMillis(40), false);
        }

        assertThat(recent.errorRateBasisPoints()).isEqualTo(5_000);
        assertThat(recent.recoveries()).isZero();
        clock.advanceSeconds(31);
        assertThat(recent.recentCalls()).isZero();
    }

    @Test
    void recoveryNeedsAtMostTheCallsKept() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new RecentCalls(clock, Duration.ofSeconds(30), 5, 6))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("recover-calls");
    }
}
