package dev.dangol.loadgen;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a replay found: the checks, the figures (time to sell out, time to tell every waiter, wait-estimate error,
 * latencies, rates, CPU and memory), the timeline and the estimate pairs; written as JSON for machines and as one
 * self-contained HTML page for people ({@link HtmlReport}).
 *
 * @param figures named figures, in the order a person reads them
 * @param endpoints per endpoint: count, p50 and p99 in milliseconds
 * @param estimates (estimated wait, real wait, range low, range high, second shown after opening), one per admitted
 *     waiter shown an estimate: the first range they were shown
 * @param midWaitEstimates the same for the same people, for the range shown nearest the middle of their wait (from the
 *     first range shown to the admission)
 * @param afterOutageEstimates the same for the first range each admitted waiter was shown after the scenario's gateway
 *     outage window ended; empty if the scenario has no outage
 */
public record ReplayReport(
        Map<String, Object> scenario,
        List<Checks.Check> checks,
        Map<String, Object> figures,
        List<Map<String, Object>> endpoints,
        List<Sample> samples,
        List<double[]> estimates,
        List<double[]> midWaitEstimates,
        List<double[]> afterOutageEstimates,
        List<String> problems) {

    /** At most this many people's problems are listed in the report. */
    static final int PROBLEMS_LISTED_MAX = 20;

    /** How much later than the poll it promised a waiter may hear of the sell-out: the sampler's resolution and more. */
    static final long TOLD_SLACK_MILLIS = 3_000;

    public ReplayReport {
        scenario = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(scenario));
        checks = List.copyOf(checks);
        figures = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(figures));
        endpoints = List.copyOf(endpoints);
        samples = List.copyOf(samples);
        estimates = List.copyOf(estimates);
        midWaitEstimates = List.copyOf(midWaitEstimates);
        afterOutageEstimates = List.copyOf(afterOutageEstimates);
        problems = List.copyOf(problems);
    }

    public boolean passed() {
        return Checks.allPassed(checks);
    }

    static ReplayReport of(
            Replay replay,
            List<Citizen> crowd,
            List<Sample> samples,
            Books books,
            GatewayBook gateway,
            Map<String, Double> server) {
        Scenario s = replay.scenario();
        long opens = replay.opensAtMillis();
        // The sell-out lies between the last sample that did not show it and the first that did: take the earlier,
        // so that the time to tell everyone is never flattered.
        double soldOutSecond = Double.NaN;
        for (int i = 0; i < samples.size(); i++) {
            if (samples.get(i).soldOut()) {
                soldOutSecond = i == 0
                        ? samples.get(i).second() - 1
                        : samples.get(i - 1).second();
                break;
            }
        }
        long soldOutMillis = Double.isNaN(soldOutSecond) ? Long.MAX_VALUE : opens + (long) (soldOutSecond * 1_000);

        List<Checks.Told> told = new ArrayList<>();
        List<double[]> estimates = new ArrayList<>();
        List<double[]> midWaitEstimates = new ArrayList<>();
        List<double[]> afterOutageEstimates = new ArrayList<>();
        // The last (the only) gateway outage window's end: estimates shown after it could know of it.
        long outageEndMillis = s.gateway().outageStartSeconds() < 0
                ? Long.MAX_VALUE
                : opens + (s.gateway().outageStartSeconds() + (long) s.gateway().outageLastsSeconds()) * 1_000;
        List<String> problems = new ArrayList<>();
        long lastToldMillis = 0;
        int bought = 0;
        int toldSoldOut = 0;
        int withProblems = 0;
        int reLogins = 0;
        int steppedAway = 0;
        int retriedAfterFailure = 0;
        for (Citizen c : crowd) {
            long late = 0;
            boolean waitingAtSellOut = c.toldSoldOutAtMillis >= 0
                    && c.joinedAtMillis >= 0
                    && c.joinedAtMillis < soldOutMillis
                    && List.of("WAITING", "PRE_QUEUE", "EXPIRED", "CLOSED").contains(c.stateBeforeSoldOut);
            if (waitingAtSellOut) {
                long after = c.toldSoldOutAtMillis - soldOutMillis;
                lastToldMillis = Math.max(lastToldMillis, after);
                late = Math.max(0, after - c.lastSleepMillis - TOLD_SLACK_MILLIS);
            } else if (soldOutMillis != Long.MAX_VALUE
                    && c.toldSoldOutAtMillis < 0
                    && c.joinedAtMillis >= 0
                    && List.of("WAITING", "PRE_QUEUE", "EXPIRED", "CLOSED").contains(c.lastState)) {
                // Still waiting when the run ended: never told during the run, however the final look went.
                late = Math.max(1, c.lastStatusAtMillis + c.lastSleepMillis - soldOutMillis);
                lastToldMillis = Long.MAX_VALUE;
            }
            told.add(new Checks.Told(
                    c.personId == null ? "person-" + c.index : c.personId,
                    c.finalState,
                    c.metSoldOutAtPayment,
                    c.lostPlace,
                    c.sameKeyAnsweredOtherCheckout,
                    late));
            if (c.finalState.equals("BOUGHT")) {
                bought++;
            } else if (c.finalState.equals("SOLD_OUT")) {
                toldSoldOut++;
            }
            if (!c.problems.isEmpty()) {
                withProblems++;
                if (problems.size() < PROBLEMS_LISTED_MAX) {
                    problems.add("person " + c.index + ": " + String.join("; ", c.problems));
                }
            }
            reLogins += c.reLogins;
            retriedAfterFailure += c.retriedAfterFailure;
            steppedAway += c.steppedAwayBeforeAdmission ? 1 : 0;
            if (c.estimateShownAtMillis >= 0
                    && c.admittedSeenAtMillis >= 0
                    && c.lastWaitingAtMillis >= c.estimateShownAtMillis
                    && !c.steppedAwayBeforeAdmission) {
                // Admitted between the last poll that said WAITING and the one that said ADMITTED: take the middle.
                double admittedAt = (c.lastWaitingAtMillis + c.admittedSeenAtMillis) / 2.0;
                double actual = (admittedAt - c.estimateShownAtMillis) / 1e3;
                double estimated = (c.estimateLowSeconds + c.estimateHighSeconds) / 2.0;
                if (actual >= 1) {
                    estimates.add(new double[] {
                        estimated,
                        actual,
                        c.estimateLowSeconds,
                        c.estimateHighSeconds,
                        (c.estimateShownAtMillis - opens) / 1e3
                    });
                    int middle =
                            nearestRange(c.rangesShown, c.rangesShownCount, (c.estimateShownAtMillis + admittedAt) / 2);
                    if (middle >= 0) {
                        midWaitEstimates.add(scored(c.rangesShown, middle, admittedAt, opens));
                    }
                }
                int after = firstRangeFrom(c.rangesShown, c.rangesShownCount, outageEndMillis);
                if (after >= 0) {
                    afterOutageEstimates.add(scored(c.rangesShown, after, admittedAt, opens));
                }
            }
        }
        List<Checks.Check> checks = Checks.run(s.budgetKrw(), s.perPersonCapKrw(), books, gateway, told);

        double[] errors = errorsPercent(estimates);
        double[] midWaitErrors = errorsPercent(midWaitEstimates);
        double[] afterOutageErrors = errorsPercent(afterOutageEstimates);
        long inRange =
                estimates.stream().filter(e -> e[1] >= e[2] && e[1] <= e[3]).count();

        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("round", replay.roundId());
        figures.put("opensAt", Instant.ofEpochMilli(opens).toString());
        figures.put("people", crowd.size());
        figures.put("bought", bought);
        figures.put("toldSoldOut", toldSoldOut);
        figures.put("soldKrw", books.soldKrw());
        figures.put("budgetKrw", s.budgetKrw());
        figures.put("meanPurchaseKrw", bought == 0 ? null : books.soldKrw() / Math.max(1, paidCount(books)));
        figures.put("timeToSellOutSeconds", finite(soldOutSecond));
        figures.put(
                "sellOutUntilEveryWaiterToldSeconds",
                Double.isNaN(soldOutSecond) || lastToldMillis == Long.MAX_VALUE ? null : lastToldMillis / 1e3);
        figures.put("waitEstimateSamples", errors.length);
        figures.put("waitEstimateErrorMedianPercent", finite(quantile(errors, 0.5)));
        figures.put("waitEstimateErrorP90Percent", finite(quantile(errors, 0.9)));
        figures.put(
                "waitEstimateRealWaitInsideRangeShare",
                estimates.isEmpty() ? null : (double) inRange / estimates.size());
        figures.put("waitEstimateMidWaitSamples", midWaitErrors.length);
        figures.put("waitEstimateMidWaitErrorMedianPercent", finite(quantile(midWaitErrors, 0.5)));
        figures.put("waitEstimateMidWaitErrorP90Percent", finite(quantile(midWaitErrors, 0.9)));
        boolean outage = outageEndMillis != Long.MAX_VALUE;
        figures.put("waitEstimateAfterOutageFromSecond", outage ? (outageEndMillis - opens) / 1e3 : null);
        figures.put("waitEstimateAfterOutageSamples", outage ? afterOutageErrors.length : null);
        figures.put("waitEstimateAfterOutageErrorMedianPercent", finite(quantile(afterOutageErrors, 0.5)));
        figures.put("waitEstimateAfterOutageErrorP90Percent", finite(quantile(afterOutageErrors, 0.9)));
        figures.put(
                "serverWaitEstimateErrorMeanPercent",
                finite(server.getOrDefault("waitEstimateErrorMeanPercent", Double.NaN)));
        // The summary's published percentiles and max decay over a short window and read little or nothing by the end
        // of a run: its count and mean are what the server's metric says about the whole run.
        figures.put("serverWaitEstimateErrorCount", finite(server.getOrDefault("waitEstimateErrorCount", Double.NaN)));
        figures.put("serverAdmittedMetSoldOut", finite(server.getOrDefault("admittedMetSoldOut", Double.NaN)));
        double duration = samples.isEmpty()
                ? 0
                : samples.getLast().second() - samples.getFirst().second() + 1;
        figures.put("requests", replay.http().requests());
        figures.put("connectionFailures", replay.http().failures());
        figures.put("requestsPerSecondMean", duration > 0 ? replay.http().requests() / duration : null);
        figures.put(
                "requestsPerSecondPeak",
                samples.stream().mapToDouble(Sample::requestsPerSecond).max().orElse(0));
        figures.put(
                "serverCpuPercentMean",
                samples.stream().mapToDouble(Sample::cpuPercent).average().orElse(0));
        figures.put(
                "serverCpuPercentPeak",
                samples.stream().mapToDouble(Sample::cpuPercent).max().orElse(0));
        figures.put(
                "serverHeapMiBPeak",
                samples.stream().mapToDouble(Sample::heapMiB).max().orElse(0));
        figures.put(
                "serverRssMiBPeak",
                finite(samples.stream()
                        .mapToDouble(Sample::rssMiB)
                        .filter(d -> !Double.isNaN(d))
                        .max()
                        .orElse(Double.NaN)));
        figures.put("gatewayCapturedCount", gateway.capturedCount());
        figures.put("gatewayCapturedKrw", gateway.capturedKrw());
        figures.put("reLogins", reLogins);
        figures.put("steppedAway", steppedAway);
        figures.put("callsTriedAgainAfterAServerFailure", retriedAfterFailure);
        figures.put("peopleWithProblems", withProblems);

        List<Map<String, Object>> endpoints = new ArrayList<>();
        new TreeMap<>(replay.http().latencies()).forEach((endpoint, histogram) -> {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("endpoint", endpoint);
            row.put("count", histogram.count());
            row.put("p50Ms", histogram.quantileMillis(0.5));
            row.put("p99Ms", histogram.quantileMillis(0.99));
            endpoints.add(row);
        });

        Map<String, Object> scenario = new LinkedHashMap<>();
        scenario.put("name", s.name());
        scenario.put("description", s.description());
        scenario.put("scale", s.scale());
        scenario.put("compression", s.compression());
        scenario.put("people", s.people());
        scenario.put("budgetKrw", s.budgetKrw());
        scenario.put("perPersonCapKrw", s.perPersonCapKrw());
        scenario.put("discountBasisPoints", s.discountBasisPoints());
        scenario.put("admissionsPerSecondCap", s.admissionsPerSecond());
        scenario.put("gateway", s.gateway().settings());
        scenario.put(
                "outage",
                s.gateway().outageStartSeconds() < 0
                        ? "none"
                        : s.gateway().outageLastsSeconds() + " s from "
                                + s.gateway().outageStartSeconds() + " s after opening");
        scenario.put("server", s.serverProperties());
        scenario.put(
                "nodes", replay.http().nodes().stream().map(Object::toString).toList());
        return new ReplayReport(
                scenario,
                checks,
                figures,
                endpoints,
                samples,
                estimates,
                midWaitEstimates,
                afterOutageEstimates,
                problems);
    }

    /**
     * The kept range shown nearest a moment, the earlier of two as near; -1 if none was kept.
     *
     * @param ranges when shown (milliseconds), low and high seconds, three longs a range, in the order shown
     */
    static int nearestRange(long[] ranges, int count, double atMillis) {
        int best = -1;
        double bestDistance = Double.POSITIVE_INFINITY;
        for (int i = 0; i < count; i++) {
            double distance = Math.abs(ranges[3 * i] - atMillis);
            if (distance < bestDistance) {
                best = i;
                bestDistance = distance;
            }
        }
        return best;
    }

    /** The first kept range shown at or after a moment; -1 if none was. */
    static int firstRangeFrom(long[] ranges, int count, long fromMillis) {
        for (int i = 0; i < count; i++) {
            if (ranges[3 * i] >= fromMillis) {
                return i;
            }
        }
        return -1;
    }

    /**
     * One kept range against the real wait from when it was shown: (estimated, real, low, high, second shown after
     * opening), as {@link #estimates}. A real wait under a second counts as one second, as in the in-process
     * measurement (WaitEstimateAccuracyIT), so that nobody shown a range just before their turn is left out.
     */
    static double[] scored(long[] ranges, int i, double admittedAtMillis, long opensMillis) {
        long at = ranges[3 * i];
        long low = ranges[3 * i + 1];
        long high = ranges[3 * i + 2];
        return new double[] {
            (low + high) / 2.0, Math.max(1.0, (admittedAtMillis - at) / 1e3), low, high, (at - opensMillis) / 1e3
        };
    }

    /** |real - estimated| / real of each (estimated, real, ...) row, in percent, sorted. */
    static double[] errorsPercent(List<double[]> rows) {
        return rows.stream()
                .mapToDouble(e -> Math.abs(e[1] - e[0]) / e[1] * 100)
                .sorted()
                .toArray();
    }

    /** The wait-estimate figures in one line, for the console. */
    String estimatesSummary() {
        return String.format(
                java.util.Locale.ROOT,
                "wait-estimate error (the middle of the range against the real wait), median / p90: first range %s / %s"
                        + " (%s people), range nearest mid-wait %s / %s (%s), first range after the outage ended %s / %s"
                        + " (%s)",
                percent(figures.get("waitEstimateErrorMedianPercent")),
                percent(figures.get("waitEstimateErrorP90Percent")),
                figures.get("waitEstimateSamples"),
                percent(figures.get("waitEstimateMidWaitErrorMedianPercent")),
                percent(figures.get("waitEstimateMidWaitErrorP90Percent")),
                figures.get("waitEstimateMidWaitSamples"),
                percent(figures.get("waitEstimateAfterOutageErrorMedianPercent")),
                percent(figures.get("waitEstimateAfterOutageErrorP90Percent")),
                figures.get("waitEstimateAfterOutageSamples") == null
                        ? "no outage"
                        : figures.get("waitEstimateAfterOutageSamples"));
    }

    private static String percent(Object value) {
        return value instanceof Number n ? String.format(java.util.Locale.ROOT, "%.1f %%", n.doubleValue()) : "n/a";
    }

    /** Seconds of one row of the wait-estimate table: estimates grouped by when they were shown. */
    static final int ESTIMATE_PERIOD_SECONDS = 5;

    /**
     * The wait estimates grouped by when they were shown: for each period, how many, the median error and the median
     * signed error (positive: the wait shown was longer than the real one).
     */
    public List<Map<String, Object>> estimatesByPeriod() {
        Map<Long, List<double[]>> periods = new TreeMap<>();
        for (double[] e : estimates) {
            if (e.length > 4) {
                periods.computeIfAbsent((long) Math.floor(e[4] / ESTIMATE_PERIOD_SECONDS), k -> new ArrayList<>())
                        .add(e);
            }
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        periods.forEach((period, list) -> {
            double[] errors = list.stream()
                    .mapToDouble(e -> Math.abs(e[1] - e[0]) / e[1] * 100)
                    .sorted()
                    .toArray();
            double[] signed = list.stream()
                    .mapToDouble(e -> (e[0] - e[1]) / e[1] * 100)
                    .sorted()
                    .toArray();
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("shownFromSecond", period * ESTIMATE_PERIOD_SECONDS);
            row.put("count", list.size());
            row.put("medianErrorPercent", quantile(errors, 0.5));
            row.put("p90ErrorPercent", quantile(errors, 0.9));
            row.put("medianSignedErrorPercent", quantile(signed, 0.5));
            rows.add(row);
        });
        return rows;
    }

    private static long paidCount(Books books) {
        return books.checkouts().stream().filter(c -> c.postedFaceKrw() > 0).count();
    }

    static double quantile(double[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static Double finite(double value) {
        return Double.isNaN(value) || Double.isInfinite(value) ? null : value;
    }

    /** The report as one JSON document. */
    public Map<String, Object> toJson() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("passed", passed());
        json.put("scenario", scenario);
        json.put("checks", checks);
        json.put("figures", figures);
        json.put("endpoints", endpoints);
        List<Map<String, Object>> timeline = new ArrayList<>();
        for (Sample s : samples) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("second", s.second());
            row.put("waiting", s.waiting());
            row.put("admitted", s.admitted());
            row.put("inCheckout", s.inCheckout());
            row.put("sold", s.sold());
            row.put("remaining", s.remaining());
            row.put("pool", s.pool());
            row.put("soldOut", s.soldOut());
            row.put("admissionsPerSecond", s.admissionsPerSecond());
            row.put("gatewayLatencyMs", finite(s.gatewayLatencyMs()));
            row.put("gatewayErrorsPerSecond", s.gatewayErrorsPerSecond());
            row.put("cpuPercent", s.cpuPercent());
            row.put("heapMiB", s.heapMiB());
            row.put("rssMiB", finite(s.rssMiB()));
            row.put("requestsPerSecond", s.requestsPerSecond());
            timeline.add(row);
        }
        json.put("timeline", timeline);
        json.put("waitEstimatesByPeriod", estimatesByPeriod());
        json.put(
                "waitEstimates",
                estimates.stream().map(e -> Arrays.stream(e).boxed().toList()).toList());
        json.put(
                "waitEstimatesMidWait",
                midWaitEstimates.stream()
                        .map(e -> Arrays.stream(e).boxed().toList())
                        .toList());
        json.put(
                "waitEstimatesAfterOutage",
                afterOutageEstimates.stream()
                        .map(e -> Arrays.stream(e).boxed().toList())
                        .toList());
        json.put("problems", problems);
        return json;
    }

    public void writeJson(Path file) throws IOException {
        Files.writeString(
                file,
                DangolHttp.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(toJson()),
                StandardCharsets.UTF_8);
    }

    public void writeHtml(Path file) throws IOException {
        Files.writeString(file, HtmlReport.render(this), StandardCharsets.UTF_8);
    }
}
