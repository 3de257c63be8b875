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
}
