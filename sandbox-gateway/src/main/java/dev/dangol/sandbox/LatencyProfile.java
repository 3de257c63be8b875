package dev.dangol.sandbox;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How long the gateway takes to answer, as a distribution given by five points: the fastest answer, the median, the
 * 90th and 99th percentiles and the slowest. A sample falls between two neighbouring points, linearly, so that the
 * configured percentiles hold exactly (to the basis point) and a seeded random source replays the same latencies.
 * Real gateways' latencies have this shape: most answers near the median and a long tail.
 */
public record LatencyProfile(Duration min, Duration p50, Duration p90, Duration p99, Duration max) {

    /** The slowest answer the sandbox will be told to give; a timeout is a separate setting. */
    public static final Duration MAX = Duration.ofSeconds(60);

    /** Answers at once: for simulations and tests that are not about time. */
    public static final LatencyProfile NONE = fixed(Duration.ZERO);

    /** The percentile, in basis points, of each of the five points. */
    private static final int[] AT_BASIS_POINTS = {0, 5_000, 9_000, 9_900, 10_000};

    public LatencyProfile {
        List<Duration> points = List.of(
                Objects.requireNonNull(min, "min"),
                Objects.requireNonNull(p50, "p50"),
                Objects.requireNonNull(p90, "p90"),
                Objects.requireNonNull(p99, "p99"),
                Objects.requireNonNull(max, "max"));
        if (min.isNegative()) {
            throw new IllegalArgumentException("a latency cannot be negative");
        }
        for (int i = 1; i < points.size(); i++) {
            if (points.get(i).compareTo(points.get(i - 1)) < 0) {
                throw new IllegalArgumentException(
                        "latency points must not decrease (min, p50, p90, p99, max), were " + points);
            }
        }
        if (max.compareTo(MAX) > 0) {
            throw new IllegalArgumentException("the slowest latency may be at most " + MAX.toSeconds() + " s");
        }
    }

    public static LatencyProfile fixed(Duration latency) {
        return new LatencyProfile(latency, latency, latency, latency, latency);
    }

    /** From five points in milliseconds: min, p50, p90, p99, max. */
    public static LatencyProfile ofMillis(long min, long p50, long p90, long p99, long max) {
        return new LatencyProfile(
                Duration.ofMillis(min),
                Duration.ofMillis(p50),
                Duration.ofMillis(p90),
                Duration.ofMillis(p99),
                Duration.ofMillis(max));
    }

    /** From text such as {@code 20,35,60,75,80} (milliseconds), or a single number for a fixed latency. */
    public static LatencyProfile parseMillis(String text) {
        String[] parts = text.trim().split("\\s*,\\s*");
        try {
            if (parts.length == 1) {
                return fixed(Duration.ofMillis(Long.parseLong(parts[0])));
            }
            if (parts.length != 5) {
                throw new IllegalArgumentException(
                        "a latency is one number or five (min, p50, p90, p99, max in milliseconds), was '" + text
                                + "'");
            }
            long[] ms = new long[5];
            for (int i = 0; i < 5; i++) {
                ms[i] = Long.parseLong(parts[i]);
            }
            return ofMillis(ms[0], ms[1], ms[2], ms[3], ms[4]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("a latency is made of whole milliseconds, was '" + text + "'");
        }
    }

    /** The latency at a percentile given in basis points (0 to 9,999), interpolated between the two points around it. */
    public Duration at(int basisPoint) {
        if (basisPoint < 0 || basisPoint >= 10_000) {
            throw new IllegalArgumentException("a draw is within 0..9999, was " + basisPoint);
        }
        List<Duration> points = points();
        int segment = 0;
        while (basisPoint >= AT_BASIS_POINTS[segment + 1]) {
            segment++;
        }
        long from = points.get(segment).toNanos();
        long to = points.get(segment + 1).toNanos();
        long span = AT_BASIS_POINTS[segment + 1] - AT_BASIS_POINTS[segment];
        return Duration.ofNanos(from + (to - from) * (basisPoint - AT_BASIS_POINTS[segment]) / span);
    }

    public List<Duration> points() {
        return List.of(min, p50, p90, p99, max);
    }

    /** The five points in milliseconds, as {@link #parseMillis} reads them. */
    public String toMillisText() {
        StringBuilder text = new StringBuilder();
        for (Duration point : points()) {
            text.append(text.isEmpty() ? "" : ",").append(point.toMillis());
        }
        return text.toString();
    }
}
