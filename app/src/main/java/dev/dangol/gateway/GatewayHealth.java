package dev.dangol.gateway;

import java.time.Duration;

/**
 * How the gateway has been behaving lately, over a sliding window of recent calls: what admission to the waiting
 * room slows down for.
 */
public interface GatewayHealth {

    /** Share of recent calls that failed or went unanswered, in basis points (0 to 10,000). */
    int errorRateBasisPoints();

    /** The 90th-percentile latency of recent calls, or zero if there were none. */
    Duration latencyP90();

    /** Calls made in the window. */
    long recentCalls();

    /** Health with no calls reported: never a reason to slow down. For a node without a gateway, and simulations. */
    GatewayHealth NO_REPORTS = new GatewayHealth() {
        @Override
        public int errorRateBasisPoints() {
            return 0;
        }

        @Override
        public Duration latencyP90() {
            return Duration.ZERO;
        }

        @Override
        public long recentCalls() {
            return 0;
        }
    };
}
