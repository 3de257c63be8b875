package dev.dangol.loadgen;

/**
 * One second of the timeline, from the operator's overview and the nodes' Prometheus pages.
 *
 * @param second seconds since the opening (negative before)
 * @param admissionsPerSecond admissions counted by the nodes since the last sample, per second
 * @param gatewayLatencyMs mean latency of the gateway calls since the last sample (NaN when there were none)
 * @param gatewayErrorsPerSecond gateway errors (timeouts, 5xx, outage, connection) since the last sample, per second
 * @param cpuPercent the server processes' CPU use, percent of one core, summed over nodes
 * @param heapMiB the server processes' used heap, summed over nodes
 * @param rssMiB resident memory of the server processes when their pids are known (/proc), else NaN
 * @param requestsPerSecond the replay's requests since the last sample, per second
 */
public record Sample(
        double second,
        long waiting,
        long admitted,
        long inCheckout,
        long sold,
        long remaining,
        long pool,
        boolean soldOut,
        double admissionsPerSecond,
        double gatewayLatencyMs,
        double gatewayErrorsPerSecond,
        double cpuPercent,
        double heapMiB,
        double rssMiB,
        double requestsPerSecond) {}
