package dev.dangol.loadgen;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * When people arrive after opening: a density over time given as points {@code second:weight} joined by straight
 * lines ({@code 0:100,20:60,60:20,180:0}), so that a file can shape a surge at opening and its tail. The weights are
 * relative; {@link #sampleMillis} draws an arrival time with exactly that density (inverse of the cumulative area).
 *
 * @param seconds the points' times, strictly increasing from 0
 * @param weights the density at each point, not negative, not all zero
 */
public record ArrivalCurve(double[] seconds, double[] weights) {

    public static final int POINTS_MAX = 64;

    public ArrivalCurve {
        Scenario.require(seconds.length >= 2 && seconds.length == weights.length, "a curve has 2 or more points");
        Scenario.require(seconds.length <= POINTS_MAX, "a curve has at most " + POINTS_MAX + " points");
        Scenario.require(seconds[0] == 0, "a curve starts at second 0 (the opening)");
        double area = 0;
        for (int i = 0; i < seconds.length; i++) {
            Scenario.require(weights[i] >= 0, "weights are not negative");
            if (i > 0) {
                Scenario.require(seconds[i] > seconds[i - 1], "a curve's seconds increase");
                area += (weights[i] + weights[i - 1]) / 2 * (seconds[i] - seconds[i - 1]);
            }
        }
        Scenario.require(area > 0, "a curve has some weight");
        seconds = seconds.clone();
        weights = weights.clone();
    }

    /** Parses {@code second:weight,second:weight,...}. */
    public static ArrivalCurve parse(String text) {
        List<double[]> points = new ArrayList<>();
        for (String part : text.split(",")) {
            String[] pair = part.trim().split(":");
            if (pair.length != 2) {
                throw new IllegalArgumentException("a curve point is second:weight, was '" + part.trim() + "'");
            }
            try {
                points.add(new double[] {Double.parseDouble(pair[0].trim()), Double.parseDouble(pair[1].trim())});
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("a curve point is two numbers, was '" + part.trim() + "'", e);
            }
        }
        double[] seconds = new double[points.size()];
        double[] weights = new double[points.size()];
        for (int i = 0; i < points.size(); i++) {
            seconds[i] = points.get(i)[0];
            weights[i] = points.get(i)[1];
        }
        return new ArrivalCurve(seconds, weights);
    }

    /** The last second anyone arrives. */
    public double spanSeconds() {
        return seconds[seconds.length - 1];
    }

    /** The share of arrivals between opening and {@code second}. */
    public double cumulativeShare(double second) {
        return areaUntil(second) / areaUntil(spanSeconds());
    }

    /** One arrival time, in milliseconds after opening. */
    public long sampleMillis(RandomGenerator random) {
        double target = random.nextDouble() * areaUntil(spanSeconds());
        for (int i = 1; i < seconds.length; i++) {
            double width = seconds[i] - seconds[i - 1];
            double a = weights[i - 1];
            double b = weights[i];
            double segment = (a + b) / 2 * width;
            if (target <= segment || i == seconds.length - 1) {
                double x;
                double slope = (b - a) / width;
                if (Math.abs(slope) < 1e-12) {
                    x = a == 0 ? 0 : target / a;
                } else {
                    // The area under a + slope * x from 0 to x is a x + slope x^2 / 2: solve for the target.
                    x = (-a + Math.sqrt(Math.max(0, a * a + 2 * slope * target))) / slope;
                }
                return Math.round((seconds[i - 1] + Math.min(width, Math.max(0, x))) * 1_000);
            }
            target -= segment;
        }
        throw new IllegalStateException("unreachable");
    }

    private double areaUntil(double second) {
        double area = 0;
        for (int i = 1; i < seconds.length; i++) {
            if (second <= seconds[i - 1]) {
                break;
            }
            double end = Math.min(second, seconds[i]);
            double width = end - seconds[i - 1];
            double slope = (weights[i] - weights[i - 1]) / (seconds[i] - seconds[i - 1]);
            double endWeight = weights[i - 1] + slope * width;
            area += (weights[i - 1] + endWeight) / 2 * width;
        }
        return area;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ArrivalCurve c
                && java.util.Arrays.equals(seconds, c.seconds)
                && java.util.Arrays.equals(weights, c.weights);
    }

    @Override
    public int hashCode() {
        return 31 * java.util.Arrays.hashCode(seconds) + java.util.Arrays.hashCode(weights);
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < seconds.length; i++) {
            text.append(i == 0 ? "" : ",").append(seconds[i]).append(':').append(weights[i]);
        }
        return text.toString();
    }
}
