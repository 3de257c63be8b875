package dev.dangol.scenarios;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * How well the wait ranges shown to people foretold their real wait: for each person admitted after being shown a
 * range, the first range shown and the one shown nearest the middle of their wait, each against the wait that was
 * left from the moment it was shown until the waiting room admitted them. The estimate's error is that of the
 * range's middle, relative to the real wait: {@code |middle - real| / real}, where a wait (estimated or real) under a
 * second counts as one second, as in the waiting room's own metric: whole seconds are what a waiter is shown, so
 * "0-1 s" for a wait of 0.3 s is no error.
 *
 * @param admitted people the waiting room admitted
 * @param shownAny admitted people who had been shown a range before their admission
 * @param first the error of the first range shown
 * @param middle the error of the range shown nearest the middle of the wait
 * @param firstInside the share of first ranges (in percent) whose 10th-90th percentile held the real wait
 */
record WaitAccuracy(int admitted, int shownAny, Errors first, Errors middle, int firstInside) {

    /** Relative errors in percent: their median and 90th percentile. */
    record Errors(int count, double medianPercent, double p90Percent) {
        static Errors of(double[] percents) {
            if (percents.length == 0) {
                return new Errors(0, Double.NaN, Double.NaN);
            }
            double[] sorted = percents.clone();
            Arrays.sort(sorted);
            return new Errors(sorted.length, percentile(sorted, 50), percentile(sorted, 90));
        }

        private static double percentile(double[] sorted, int percent) {
            int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
            return sorted[Math.clamp(rank - 1, 0, sorted.length - 1)];
        }

        @Override
        public String toString() {
            return String.format("median %.1f %%, p90 %.1f %% (%d people)", medianPercent, p90Percent, count);
        }
    }

    /** Writes each admitted person's kept ranges as CSV, for a closer look at where the estimates go wrong. */
    static void dump(List<LaunchSimulation.Person> crowd, long openedAtMillis, Path file) throws IOException {
        StringBuilder csv = new StringBuilder("person,admitted_s,shown_s,low_s,high_s\n");
        for (LaunchSimulation.Person p : crowd) {
            if (p.admittedAtMillis == 0) {
                continue;
            }
            Shown s = p.shown;
            for (int i = 0; i < s.size && s.at[i] <= p.admittedAtMillis; i++) {
                csv.append(p.index)
                        .append(',')
                        .append((p.admittedAtMillis - openedAtMillis) / 1_000.0)
                        .append(',')
                        .append((s.at[i] - openedAtMillis) / 1_000.0)
                        .append(',')
                        .append(s.low[i])
                        .append(',')
                        .append(s.high[i])
                        .append('\n');
            }
            if (s.size == 0) {
                csv.append(p.index)
                        .append(',')
                        .append((p.admittedAtMillis - openedAtMillis) / 1_000.0)
                        .append(",,,\n");
            }
        }
        Files.writeString(file, csv);
    }

    static WaitAccuracy of(List<LaunchSimulation.Person> crowd) {
        int admitted = 0;
        int shown = 0;
        int inside = 0;
        double[] first = new double[crowd.size()];
        double[] middle = new double[crowd.size()];
        for (LaunchSimulation.Person p : crowd) {
            if (p.admittedAtMillis == 0) {
                continue;
            }
            admitted++;
            Shown s = p.shown;
            int firstIndex = s.firstBefore(p.admittedAtMillis);
            if (firstIndex < 0) {
                continue;
            }
            long realFirstMillis = p.admittedAtMillis - s.atMillis(firstIndex);
            if (s.lowSeconds(firstIndex) * 1_000 <= realFirstMillis
                    && realFirstMillis <= s.highSeconds(firstIndex) * 1_000) {
                inside++;
            }
            first[shown] = s.errorPercent(firstIndex, p.admittedAtMillis);
            int mid = s.nearest((s.atMillis(firstIndex) + p.admittedAtMillis) / 2, p.admittedAtMillis);
            middle[shown] = s.errorPercent(mid, p.admittedAtMillis);
            shown++;
        }
        return new WaitAccuracy(
                admitted,
                shown,
                Errors.of(Arrays.copyOf(first, shown)),
                Errors.of(Arrays.copyOf(middle, shown)),
                shown == 0 ? 0 : inside * 100 / shown);
    }

    @Override
    public String toString() {
        return "wait estimates: " + shownAny + " of " + admitted + " admitted people were shown a range; first range "
                + first + ", " + firstInside + " % held the real wait; mid-wait range " + middle;
    }

    /**
     * The ranges one person was shown, kept at log-spaced moments (the first, then each one at least twice as long
     * after the first as the last kept one), so that a long wait keeps a bounded handful.
     */
    static final class Shown {
        static final int MAX = 24;
        private final long[] at = new long[MAX];
        private final long[] low = new long[MAX];
        private final long[] high = new long[MAX];
        private int size;

        synchronized void add(long atMillis, long lowSeconds, long highSeconds) {
            if (size == MAX) {
                return;
            }
            if (size > 0 && atMillis - at[0] < 2 * (at[size - 1] - at[0]) + 1_000) {
                return;
            }
            at[size] = atMillis;
            low[size] = lowSeconds;
            high[size] = highSeconds;
            size++;
        }

        int firstBefore(long millis) {
            return size > 0 && at[0] <= millis ? 0 : -1;
        }

        /** The kept range shown nearest {@code millis}, among those shown before {@code beforeMillis}. */
        int nearest(long millis, long beforeMillis) {
            int best = 0;
            for (int i = 1; i < size && at[i] <= beforeMillis; i++) {
                if (Math.abs(at[i] - millis) < Math.abs(at[best] - millis)) {
                    best = i;
                }
            }
            return best;
        }

        long atMillis(int i) {
            return at[i];
        }

        long lowSeconds(int i) {
            return low[i];
        }

        long highSeconds(int i) {
            return high[i];
        }

        double errorPercent(int i, long admittedAtMillis) {
            double real = Math.max(1.0, (admittedAtMillis - at[i]) / 1_000.0);
            double middle = Math.max(1.0, (low[i] + high[i]) / 2.0);
            return Math.abs(middle - real) / real * 100;
        }
    }
}
