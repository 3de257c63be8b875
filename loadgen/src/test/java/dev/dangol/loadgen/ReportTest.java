package dev.dangol.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

class ReportTest {

    @TempDir
    Path dir;

    static ReplayReport report(List<Checks.Check> checks) {
        List<Sample> samples = new ArrayList<>();
        for (int s = -5; s <= 30; s++) {
            boolean soldOut = s >= 20;
            samples.add(new Sample(
                    s,
                    Math.max(0, 100 - 4L * s),
                    5,
                    2,
                    soldOut ? 800_000 : s * 40_000L,
                    soldOut ? 0 : 800_000 - s * 40_000L,
                    0,
                    soldOut,
                    2,
                    s < 0 ? Double.NaN : 40 + s,
                    0,
                    50,
                    120,
                    Double.NaN,
                    30));
        }
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("timeToSellOutSeconds", 19.5);
        figures.put("waitEstimateErrorMedianPercent", null);
        figures.put("bought", 2);
        Map<String, Object> endpoint = new LinkedHashMap<>();
        endpoint.put("endpoint", "GET queue/status");
        endpoint.put("count", 10L);
        endpoint.put("p50Ms", 1.5);
        endpoint.put("p99Ms", 9.0);
        return new ReplayReport(
                Map.of("name", "test", "description", "<a test & more>"),
                checks,
                figures,
                List.of(endpoint),
                samples,
                List.of(new double[] {10, 12, 5, 15, 3}, new double[] {20, 18, 12, 28, 40}),
                List.<double[]>of(new double[] {6, 6, 3, 9, 8}),
                List.<double[]>of(),
                List.of("person 3: was told state 'NOT_IN_QUEUE'"));
    }

    @Test
    void writesJsonWithTheVerdictFiguresTimelineAndNoNaN() throws Exception {
        ReplayReport report = report(List.of(new Checks.Check("ledger balanced", true, "fine")));
        report.writeJson(dir.resolve("report.json"));
        String text = Files.readString(dir.resolve("report.json"));
        assertThat(text).doesNotContain("NaN");
        JsonNode json = DangolHttp.JSON.readTree(text);
        assertThat(json.path("passed").asBoolean()).isTrue();
        assertThat(json.path("checks").get(0).path("name").asString()).isEqualTo("ledger balanced");
        assertThat(json.path("figures").path("timeToSellOutSeconds").asDouble()).isEqualTo(19.5);
        assertThat(json.path("timeline")).hasSize(36);
        assertThat(json.path("timeline").get(0).path("gatewayLatencyMs").isNull())
                .isTrue();
        assertThat(json.path("waitEstimates")).hasSize(2);
        assertThat(json.path("waitEstimatesMidWait")).hasSize(1);
        assertThat(json.path("waitEstimatesAfterOutage")).isEmpty();
        // One shown in the first 5 s (10 against 12: 16.7 % short), one at 40 s (20 against 18: 11.1 % long).
        JsonNode periods = json.path("waitEstimatesByPeriod");
        assertThat(periods).hasSize(2);
        assertThat(periods.get(0).path("medianSignedErrorPercent").asDouble()).isCloseTo(-16.67, within(0.01));
        assertThat(periods.get(1).path("shownFromSecond").asLong()).isEqualTo(40);
        assertThat(periods.get(1).path("medianErrorPercent").asDouble()).isCloseTo(11.11, within(0.01));
    }

    @Test
    void eachWaiterIsScoredOnTheRangeNearestTheMiddleOfTheWaitAndOnTheFirstAfterTheOutage() {
        // Ranges shown at 0, 10, 25 and 40 s (milliseconds): low and high seconds of each.
        long[] ranges = {0, 40, 60, 10_000, 35, 45, 25_000, 20, 30, 40_000, 8, 12, 0, 0, 0};
        int count = 4;
        // Admitted at 50 s: the middle of the wait from the first range (0 s) is 25 s.
        assertThat(ReplayReport.nearestRange(ranges, count, 25_000)).isEqualTo(2);
        assertThat(ReplayReport.nearestRange(ranges, count, 17_500))
                .as("the earlier of two as near")
                .isEqualTo(1);
        assertThat(ReplayReport.nearestRange(ranges, 0, 0)).isEqualTo(-1);
        assertThat(ReplayReport.firstRangeFrom(ranges, count, 30_000)).isEqualTo(3);
        assertThat(ReplayReport.firstRangeFrom(ranges, count, 40_001)).isEqualTo(-1);

        double[] mid = ReplayReport.scored(ranges, 2, 50_000, -5_000);
        assertThat(mid).containsExactly(25, 25, 20, 30, 30);
        double[] late = ReplayReport.scored(ranges, 3, 40_400, -5_000);
        assertThat(late[1]).as("a real wait under a second counts as one").isEqualTo(1);
        assertThat(ReplayReport.errorsPercent(List.of(late, mid))).containsExactly(0, 900);
    }

    @Test
    void writesOneSelfContainedPageWithAChartPerMeasureAndTheFailedCheckShown() throws Exception {
        ReplayReport report = report(List.of(
                new Checks.Check("ledger balanced", true, "fine"),
                new Checks.Check("no double charge", false, "p1 charged 2 times for 1 posted purchases")));
        report.writeHtml(dir.resolve("report.html"));
        String html = Files.readString(dir.resolve("report.html"));
        assertThat(html)
                .startsWith("<!doctype html>")
                .contains("a check failed")
                .contains("class=\"fail\">FAIL");
        assertThat(html).doesNotContain("<script").doesNotContain("src=\"http").doesNotContain("href=\"http");
        for (String chart : List.of(
                "people",
                "budget",
                "admissions",
                "gateway-latency",
                "gateway-errors",
                "requests",
                "cpu",
                "memory",
                "estimates")) {
            assertThat(html).contains("id=\"chart-" + chart + "\"");
        }
        assertThat(html.split("<polyline class=\"series\"", -1)).hasSizeGreaterThan(9);
        assertThat(html.split("<circle class=\"dot\"", -1)).hasSize(3);
        assertThat(html).contains("&lt;a test &amp; more&gt;").doesNotContain("<a test");
        assertThat(html).contains("n/a"); // a figure the run could not measure says so
        assertThat(html).contains("id=\"estimate-measures\"").contains("nearest the middle");
    }

    @Test
    void percentilesAndHistogramsAgreeWithWhatWasRecorded() {
        LatencyHistogram histogram = new LatencyHistogram();
        for (int ms = 1; ms <= 100; ms++) {
            histogram.record(ms * 1_000_000L);
        }
        assertThat(histogram.count()).isEqualTo(100);
        assertThat(histogram.quantileMillis(0.5)).isBetween(50.0, 51.0 * 1.02);
        assertThat(histogram.quantileMillis(0.99)).isBetween(99.0, 99.0 * 1.02);
        assertThat(ReplayReport.quantile(new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10}, 0.9))
                .isEqualTo(9);
        assertThat(Double.isNaN(ReplayReport.quantile(new double[0], 0.5))).isTrue();
    }

    @Test
    void readsSumsOutOfAPrometheusPage() {
        String page = """
                # HELP dangol_queue_admissions_total People admitted
                # TYPE dangol_queue_admissions_total counter
                dangol_queue_admissions_total{application="dangol",round="a"} 12.0
                dangol_queue_admissions_total{application="dangol",round="b"} 5.0
                dangol_queue_admissions_totally_else 99
                process_cpu_usage 0.25
                """;
        assertThat(Prometheus.sum(page, "dangol_queue_admissions_total", Map.of("round", "a")))
                .isEqualTo(12.0);
        assertThat(Prometheus.sum(page, "dangol_queue_admissions_total", Map.of()))
                .isEqualTo(17.0);
        assertThat(Prometheus.sum(page, "process_cpu_usage", Map.of())).isEqualTo(0.25);
        assertThat(Prometheus.sum(page, "missing", Map.of())).isNaN();
    }

    @Test
    void thePlaceIdIsTheThirdWordOfTheTicketsPayload() {
        String payload = java.util.Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(
                        "round-1 person-1 PLACEabc 1790000000".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(Citizen.placeIdOf("v1.k1." + payload + ".sig")).isEqualTo("PLACEabc");
        assertThat(Citizen.placeIdOf("garbage")).isEmpty();
    }
}
