package dev.dangol.loadgen;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The replay's report as one self-contained HTML page: tables and inline SVG charts, no script, no font, no image
 * from anywhere else, so that it opens from a CI artefact or a mail attachment as it is.
 */
final class HtmlReport {

    static final int WIDTH = 640;
    static final int HEIGHT = 220;
    static final int LEFT = 64;
    static final int RIGHT = 16;
    static final int TOP = 16;
    static final int BOTTOM = 32;
    static final String[] COLOURS = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e"};

    private HtmlReport() {}

    record Series(String label, ToDoubleFunction<Sample> value) {}

    static String render(ReplayReport report) {
        StringBuilder html = new StringBuilder();
        html.append("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<title>Launch replay: ")
                .append(escape(String.valueOf(report.scenario().get("name"))))
                .append("</title><style>")
                .append("body{font-family:sans-serif;margin:24px;color:#222;max-width:1400px}")
                .append("h1{font-size:1.5em}h2{font-size:1.15em;margin-top:1.6em}")
                .append("table{border-collapse:collapse;margin:8px 0}td,th{border:1px solid #ccc;padding:4px 8px;")
                .append("text-align:left;font-size:.9em}td.n{text-align:right;font-variant-numeric:tabular-nums}")
                .append(".pass{color:#0a6b0a;font-weight:bold}.fail{color:#b00020;font-weight:bold}")
                .append(".charts{display:flex;flex-wrap:wrap;gap:16px}figure{margin:0}")
                .append("figcaption{font-size:.9em;font-weight:bold;margin:4px 0}")
                .append("svg{background:#fafafa;border:1px solid #ddd}")
                .append("</style></head><body>\n");
        boolean passed = report.passed();
        html.append("<h1>Launch replay: ")
                .append(escape(String.valueOf(report.scenario().get("name"))))
                .append(" <span id=\"verdict\" class=\"")
                .append(passed ? "pass\">every check passed" : "fail\">a check failed")
                .append("</span></h1>\n<p>")
                .append(escape(String.valueOf(report.scenario().get("description"))))
                .append("</p>\n");

        html.append("<h2>Checks (database and gateway)</h2>\n<table id=\"checks\"><tr><th>check</th><th>result</th>")
                .append("<th>what was found</th></tr>\n");
        for (Checks.Check check : report.checks()) {
            html.append("<tr><td>")
                    .append(escape(check.name()))
                    .append("</td><td class=\"")
                    .append(check.passed() ? "pass\">PASS" : "fail\">FAIL")
                    .append("</td><td>")
                    .append(escape(check.detail()))
                    .append("</td></tr>\n");
        }
        html.append("</table>\n");

        html.append("<h2>Figures</h2>\n<table id=\"figures\">");
        for (Map.Entry<String, Object> figure : report.figures().entrySet()) {
            html.append("<tr><th>")
                    .append(escape(figure.getKey()))
                    .append("</th><td class=\"n\">")
                    .append(escape(format(figure.getValue())))
                    .append("</td></tr>");
        }
        html.append("</table>\n");

        List<Sample> samples = report.samples();
        html.append("<h2>Over time (seconds from the opening)</h2>\n<div class=\"charts\">\n");
        html.append(chart(
                "people",
                "People waiting, admitted and in checkout",
                samples,
                List.of(
                        new Series("waiting", Sample::waiting),
                        new Series("admitted", Sample::admitted),
                        new Series("in checkout", Sample::inCheckout))));
        html.append(chart(
                "budget",
                "Face value sold and remaining (KRW)",
                samples,
                List.of(new Series("sold", Sample::sold), new Series("remaining", Sample::remaining))));
        html.append(chart(
                "admissions",
                "Admissions per second",
                samples,
                List.of(new Series("admissions/s", Sample::admissionsPerSecond))));
        html.append(chart(
                "gateway-latency",
                "Gateway latency, mean per second (ms)",
                samples,
                List.of(new Series("latency ms", Sample::gatewayLatencyMs))));
        html.append(chart(
                "gateway-errors",
                "Gateway errors per second (timeouts, 5xx, outage)",
                samples,
                List.of(new Series("errors/s", Sample::gatewayErrorsPerSecond))));
        html.append(chart(
                "requests",
                "Requests per second from the crowd",
                samples,
                List.of(new Series("requests/s", Sample::requestsPerSecond))));
        html.append(
                chart("cpu", "Server CPU (% of one core)", samples, List.of(new Series("cpu %", Sample::cpuPercent))));
        html.append(chart(
                "memory",
                "Server memory (MiB)",
                samples,
                List.of(new Series("heap used", Sample::heapMiB), new Series("resident", Sample::rssMiB))));
        html.append(scatter(report.estimates()));
        html.append("</div>\n");

        html.append(estimateMeasures(report));
        html.append(
                        "<h2>Wait estimates by when they were shown</h2>\n<p>Error = |real - shown| / real, shown being the")
                .append(
                        " middle of the first range a waiter saw; signed: positive when the wait shown was longer than the")
                .append(" real one.</p>\n<table id=\"estimates\"><tr><th>shown from second</th><th>waiters</th>")
                .append("<th>median error %</th><th>p90 error %</th><th>median signed error %</th></tr>\n");
        for (Map<String, Object> row : report.estimatesByPeriod()) {
            html.append("<tr><td class=\"n\">")
                    .append(format(row.get("shownFromSecond")))
                    .append("</td><td class=\"n\">")
                    .append(format(row.get("count")))
                    .append("</td><td class=\"n\">")
                    .append(format(row.get("medianErrorPercent")))
                    .append("</td><td class=\"n\">")
                    .append(format(row.get("p90ErrorPercent")))
                    .append("</td><td class=\"n\">")
                    .append(format(row.get("medianSignedErrorPercent")))
                    .append("</td></tr>\n");
        }
        html.append("</table>\n");
        html.append("<h2>Request latencies by endpoint</h2>\n<table id=\"endpoints\"><tr><th>endpoint</th>")
                .append("<th>requests</th><th>p50 ms</th><th>p99 ms</th></tr>\n");
        for (Map<String, Object> row : report.endpoints()) {
            html.append("<tr><td>")
                    .append(escape(String.valueOf(row.get("endpoint"))))
                    .append("</td><td class=\"n\">")
                    .append(format(row.get("count")))
                    .append("</td><td class=\"n\">")
                    .append(format(row.get("p50Ms")))
                    .append("</td><td class=\"n\">")
                    .append(format(row.get("p99Ms")))
                    .append("</td></tr>\n");
        }
        html.append("</table>\n<h2>Scenario</h2>\n<table id=\"scenario\">");
        for (Map.Entry<String, Object> entry : report.scenario().entrySet()) {
            html.append("<tr><th>")
                    .append(escape(entry.getKey()))
                    .append("</th><td>")
                    .append(escape(String.valueOf(entry.getValue())))
                    .append("</td></tr>");
        }
        html.append("</table>\n");
        if (!report.problems().isEmpty()) {
            html.append("<h2>What some people met</h2>\n<ul>");
            for (String problem : report.problems()) {
                html.append("<li>").append(escape(problem)).append("</li>");
            }
            html.append("</ul>\n");
        }
        html.append("</body></html>\n");
        return html.toString();
    }

    /** A line chart over the samples' seconds, with the axes' ranges written on them. */
    static String chart(String id, String title, List<Sample> samples, List<Series> series) {
        double minX = samples.isEmpty() ? 0 : samples.getFirst().second();
        double maxX =
                samples.isEmpty() ? 1 : Math.max(minX + 1, samples.getLast().second());
        double maxY = 0;
        for (Series s : series) {
            for (Sample sample : samples) {
                double v = s.value().applyAsDouble(sample);
                if (!Double.isNaN(v)) {
                    maxY = Math.max(maxY, v);
                }
            }
        }
        maxY = maxY <= 0 ? 1 : maxY * 1.05;
        StringBuilder svg = new StringBuilder();
        svg.append("<figure><figcaption>")
                .append(escape(title))
                .append("</figcaption><svg class=\"chart\" id=\"chart-")
                .append(id)
                .append("\" xmlns=\"http://www.w3.org/2000/svg\" width=\"")
                .append(WIDTH)
                .append("\" height=\"")
                .append(HEIGHT)
                .append("\" viewBox=\"0 0 ")
                .append(WIDTH)
                .append(' ')
                .append(HEIGHT)
                .append("\" role=\"img\" aria-label=\"")
                .append(escape(title))
                .append("\">");
        axes(svg, minX, maxX, maxY, "s");
        if (minX < 0 && maxX > 0) {
            double x0 = x(0, minX, maxX);
            svg.append(String.format(
                    Locale.ROOT,
                    "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#999\" stroke-dasharray=\"4 3\"/>"
                            + "<text x=\"%.1f\" y=\"%d\" font-size=\"10\" fill=\"#666\">opening</text>",
                    x0,
                    TOP,
                    x0,
                    HEIGHT - BOTTOM,
                    x0 + 3,
                    HEIGHT - BOTTOM - 4));
        }
        for (int i = 0; i < series.size(); i++) {
            Series s = series.get(i);
            List<String> points = new ArrayList<>();
            for (Sample sample : samples) {
                double v = s.value().applyAsDouble(sample);
                if (!Double.isNaN(v)) {
                    points.add(String.format(Locale.ROOT, "%.1f,%.1f", x(sample.second(), minX, maxX), y(v, maxY)));
                }
            }
            String colour = COLOURS[i % COLOURS.length];
            if (!points.isEmpty()) {
                svg.append("<polyline class=\"series\" fill=\"none\" stroke-width=\"1.8\" stroke=\"")
                        .append(colour)
                        .append("\" points=\"")
                        .append(String.join(" ", points))
                        .append("\"/>");
            }
            svg.append(String.format(
                    Locale.ROOT,
                    "<rect x=\"%d\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/><text x=\"%d\" y=\"%d\""
                            + " font-size=\"11\">%s</text>",
                    LEFT + 10 + i * 120,
                    TOP + 2,
                    colour,
                    LEFT + 24 + i * 120,
                    TOP + 11,
                    escape(s.label())));
        }
        svg.append("</svg></figure>\n");
        return svg.toString();
    }

    /** The three wait-estimate error measures side by side, each with what it measures. */
    static String estimateMeasures(ReplayReport report) {
        Map<String, Object> f = report.figures();
        StringBuilder html = new StringBuilder();
        html.append("<h2>Wait-estimate error</h2>\n<p>Error = |real - shown| / real, shown being the middle of a range")
                .append(" and real the time from when it was shown to the admission (the middle between the last poll")
                .append(" that said waiting and the first that said admitted). Only admitted waiters who polled")
                .append(" through their wait (did not step away) are scored.</p>\n")
                .append("<table id=\"estimate-measures\"><tr><th>which range</th><th>waiters</th>")
                .append("<th>median error %</th><th>p90 error %</th></tr>\n");
        measureRow(
                html,
                "the first range each waiter was shown (a real wait under 1 s: not scored)",
                f.get("waitEstimateSamples"),
                f.get("waitEstimateErrorMedianPercent"),
                f.get("waitEstimateErrorP90Percent"));
        measureRow(
                html,
                "for the same waiters, the range shown nearest the middle of the time from their first range to"
                        + " their admission (a real wait under 1 s counts as 1 s)",
                f.get("waitEstimateMidWaitSamples"),
                f.get("waitEstimateMidWaitErrorMedianPercent"),
                f.get("waitEstimateMidWaitErrorP90Percent"));
        measureRow(
                html,
                f.get("waitEstimateAfterOutageFromSecond") == null
                        ? "the first range shown after the gateway outage ended (the scenario has none)"
                        : "the first range each waiter was shown after the gateway outage window ended ("
                                + format(f.get("waitEstimateAfterOutageFromSecond"))
                                + " s after opening; a real wait under 1 s counts as 1 s)",
                f.get("waitEstimateAfterOutageSamples"),
                f.get("waitEstimateAfterOutageErrorMedianPercent"),
                f.get("waitEstimateAfterOutageErrorP90Percent"));
        html.append("</table>\n");
        return html.toString();
    }

    private static void measureRow(StringBuilder html, String which, Object count, Object median, Object p90) {
        html.append("<tr><td>")
                .append(escape(which))
                .append("</td><td class=\"n\">")
                .append(escape(format(count)))
                .append("</td><td class=\"n\">")
                .append(escape(format(median)))
                .append("</td><td class=\"n\">")
                .append(escape(format(p90)))
                .append("</td></tr>\n");
    }

    /** Estimated against real waits, one dot a person, with the line where they would be equal. */
    static String scatter(List<double[]> estimates) {
        double max = 1;
        for (double[] e : estimates) {
            max = Math.max(max, Math.max(e[0], e[1]));
        }
        max *= 1.05;
        StringBuilder svg = new StringBuilder();
        svg.append("<figure><figcaption>Wait shown (middle of the range) against the real wait, seconds")
                .append("</figcaption><svg class=\"chart\" id=\"chart-estimates\" xmlns=\"http://www.w3.org/2000/svg\"")
                .append(" width=\"")
                .append(WIDTH)
                .append("\" height=\"")
                .append(HEIGHT)
                .append("\" role=\"img\" aria-label=\"wait estimates\">");
        axes(svg, 0, max, max, "real s");
        svg.append(String.format(
                Locale.ROOT,
                "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#999\" stroke-dasharray=\"4 3\"/>",
                x(0, 0, max),
                y(0, max),
                x(max, 0, max),
                y(max, max)));
        int step = Math.max(1, estimates.size() / 2_000);
        for (int i = 0; i < estimates.size(); i += step) {
            double[] e = estimates.get(i);
            svg.append(String.format(
                    Locale.ROOT,
                    "<circle class=\"dot\" cx=\"%.1f\" cy=\"%.1f\" r=\"2\" fill=\"#1f77b4\" fill-opacity=\".6\"/>",
                    x(e[1], 0, max),
                    y(e[0], max)));
        }
        svg.append("<text x=\"")
                .append(LEFT + 10)
                .append("\" y=\"")
                .append(TOP + 11)
                .append("\" font-size=\"11\">shown (y) against real (x); on the dashed line they agree</text>");
        svg.append("</svg></figure>\n");
        return svg.toString();
    }

    private static void axes(StringBuilder svg, double minX, double maxX, double maxY, String unitX) {
        int bottom = HEIGHT - BOTTOM;
        svg.append(String.format(
                Locale.ROOT,
                "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#444\"/>"
                        + "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#444\"/>",
                LEFT,
                TOP,
                LEFT,
                bottom,
                LEFT,
                bottom,
                WIDTH - RIGHT,
                bottom));
        for (int i = 0; i <= 4; i++) {
            double v = maxY * i / 4;
            double yy = y(v, maxY);
            svg.append(String.format(
                    Locale.ROOT,
                    "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#e4e4e4\"/>"
                            + "<text x=\"%d\" y=\"%.1f\" font-size=\"10\" text-anchor=\"end\">%s</text>",
                    LEFT,
                    yy,
                    WIDTH - RIGHT,
                    yy,
                    LEFT - 4,
                    yy + 3,
                    shortNumber(v)));
            double xv = minX + (maxX - minX) * i / 4;
            svg.append(String.format(
                    Locale.ROOT,
                    "<text x=\"%.1f\" y=\"%d\" font-size=\"10\" text-anchor=\"middle\">%s</text>",
                    x(xv, minX, maxX),
                    bottom + 14,
                    shortNumber(xv)));
        }
        svg.append(String.format(
                Locale.ROOT,
                "<text x=\"%d\" y=\"%d\" font-size=\"10\" text-anchor=\"end\">%s</text>",
                WIDTH - RIGHT,
                HEIGHT - 4,
                unitX));
    }

    private static double x(double value, double min, double max) {
        return LEFT + (value - min) / (max - min) * (WIDTH - LEFT - RIGHT);
    }

    private static double y(double value, double max) {
        return HEIGHT - BOTTOM - value / max * (HEIGHT - TOP - BOTTOM - 14);
    }

    static String shortNumber(double v) {
        double a = Math.abs(v);
        if (a >= 1e9) {
            return String.format(Locale.ROOT, "%.1fG", v / 1e9);
        }
        if (a >= 1e6) {
            return String.format(Locale.ROOT, "%.1fM", v / 1e6);
        }
        if (a >= 1e4) {
            return String.format(Locale.ROOT, "%.0fk", v / 1e3);
        }
        return a >= 10 || v == Math.rint(v)
                ? String.format(Locale.ROOT, "%.0f", v)
                : String.format(Locale.ROOT, "%.1f", v);
    }

    static String format(Object value) {
        if (value == null) {
            return "n/a";
        }
        if (value instanceof Double d) {
            return String.format(Locale.ROOT, Math.abs(d) >= 100 ? "%,.0f" : "%,.2f", d);
        }
        if (value instanceof Long || value instanceof Integer) {
            return String.format(Locale.ROOT, "%,d", ((Number) value).longValue());
        }
        return String.valueOf(value);
    }

    static String escape(String text) {
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }
}
