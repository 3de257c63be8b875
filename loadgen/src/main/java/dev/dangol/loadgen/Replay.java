package dev.dangol.loadgen;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;

/**
 * One replay of a scenario against running Dangol nodes: the operator sets the round up, the gateway is told how to
 * behave, the crowd arrives, a sampler records the timeline every second, and at the end the checks read the
 * database and the gateway. Dangol's clock is real; the scenario compresses time by shortening what people wait.
 */
public final class Replay {

    /** Where things are and who the operator is. */
    public record Target(
            List<URI> nodes,
            boolean sticky,
            URI gatewayAdmin,
            String jdbcUrl,
            String jdbcUser,
            String jdbcPassword,
            List<Long> serverPids,
            String operatorName,
            String operatorPhone,
            int inFlightMax) {

        public Target {
            nodes = List.copyOf(nodes);
            serverPids = List.copyOf(serverPids);
        }
    }

    /** Seconds before opening the round is scheduled, on top of the pre-queue's lead, for the set-up. */
    static final int SET_UP_SECONDS = 3;

    /** How long to wait after the crowd is done for checkouts still paying to settle. */
    static final Duration SETTLE_MAX = Duration.ofSeconds(90);

    private final Scenario scenario;
    private final Target target;
    private final DangolHttp http;
    private final String runId;
    private final String roundId;
    private final List<Sample> samples = new ArrayList<>();
    private volatile long deadlineMillis = Long.MAX_VALUE;
    private long opensAtMillis;
    private String operatorToken;

    public Replay(Scenario scenario, Target target) {
        this.scenario = scenario;
        this.target = target;
        this.http = new DangolHttp(target.nodes(), target.sticky(), target.inFlightMax());
        long now = System.currentTimeMillis();
        this.runId = "r" + Long.toString(now % 60_466_176L, 36);
        this.roundId = scenario.name() + "-" + runId;
    }

    Scenario scenario() {
        return scenario;
    }

    DangolHttp http() {
        return http;
    }

    String runId() {
        return runId;
    }

    String roundId() {
        return roundId;
    }

    /** The replay's clock: the same machine's wall clock the server uses (the server's clock is real). */
    long nowMillis() {
        return System.currentTimeMillis();
    }

    long toLocalMillis(Instant instant) {
        return instant.toEpochMilli();
    }

    boolean pastDeadline() {
        return nowMillis() > deadlineMillis;
    }

    /** Runs the whole replay and writes {@code report.json} and {@code report.html} into {@code out}. */
    public ReplayReport run(Path out) throws Exception {
        Files.createDirectories(out);
        long start = nowMillis();
        log(
                "replay %s of %s: %,d people, budget %,d KRW, cap %,d, rate cap %d/s, on %s",
                runId,
                scenario.name(),
                scenario.people(),
                scenario.budgetKrw(),
                scenario.perPersonCapKrw(),
                scenario.admissionsPerSecond(),
                target.nodes());
        operatorToken = signInOperator();
        opensAtMillis = ((start / 1_000) + SET_UP_SECONDS + scenario.preQueueLeadSeconds() + 1) * 1_000;
        deadlineMillis = opensAtMillis + scenario.limitSeconds() * 1_000L;
        setUpRound();
        setUpGateway();

        List<Citizen> crowd = new ArrayList<>(scenario.people());
        SplittableRandom seeds = new SplittableRandom(scenario.seed());
        int nonce = crowdNonce(start / 1_000, target.operatorPhone(), scenario.people());
        for (int i = 0; i < scenario.people(); i++) {
            String phone = String.format(Locale.ROOT, "010%02d%06d", nonce, i);
            Citizen citizen = new Citizen(i, phone, name(i), scenario, opensAtMillis, seeds.split());
            citizen.attach(this);
            crowd.add(citizen);
        }
        Thread sampler = Thread.ofVirtual().name("sampler").start(this::sampleEverySecond);
        try (ExecutorService people = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> running = new ArrayList<>();
            for (Citizen c : crowd) {
                running.add(people.submit(c));
            }
            for (Future<?> f : running) {
                f.get(Math.max(1, deadlineMillis + 60_000 - nowMillis()), TimeUnit.MILLISECONDS);
            }
        }
        long crowdDoneMillis = nowMillis();
        log("crowd done %.0f s after opening; settling checkouts", (crowdDoneMillis - opensAtMillis) / 1e3);
        settle();
        sampler.interrupt();
        sampler.join(5_000);

        for (Citizen c : crowd) {
            c.finalState = finalState(c);
        }
        GatewayBook gateway = GatewayBook.read(target.gatewayAdmin());
        Books books;
        try (Connection connection =
                DriverManager.getConnection(target.jdbcUrl(), target.jdbcUser(), target.jdbcPassword())) {
            books = Books.read(connection, roundId);
        }
        ReplayReport report = ReplayReport.of(this, crowd, List.copyOf(samples), books, gateway, serverSummary());
        report.writeJson(out.resolve("report.json"));
        report.writeHtml(out.resolve("report.html"));
        for (Checks.Check check : report.checks()) {
            log("%s %s: %s", check.passed() ? "PASS" : "FAIL", check.name(), check.detail());
        }
        log("%s", report.estimatesSummary());
        log("report: %s", out.resolve("report.html").toAbsolutePath());
        return report;
    }

    long opensAtMillis() {
        return opensAtMillis;
    }

    /**
     * The two digits after {@code 010} in this run's phone numbers ({@code 010} + nonce + the person's index in six
     * digits), so that a replay against a database kept from an earlier run meets new people: taken from the start
     * second, and moved on when one of the crowd's numbers would be the operator's own (a person signing in on the
     * operator's number is not a citizen of the crowd, and CI once failed on exactly that).
     */
    static int crowdNonce(long startSecond, String operatorPhone, int people) {
        String operator = operatorPhone.replaceAll("[^0-9]", "");
        int nonce = 10 + (int) (startSecond % 90);
        for (int tried = 0; tried < 90; tried++, nonce = 10 + (nonce - 10 + 1) % 90) {
            String prefix = "010" + nonce;
            boolean clashes = operator.length() == 11
                    && operator.startsWith(prefix)
                    && Integer.parseInt(operator.substring(5)) < people;
            if (!clashes) {
                return nonce;
            }
        }
        throw new IllegalStateException("no phone prefix leaves the operator's number out of the crowd");
    }

    private String signInOperator() throws InterruptedException {
        URI node = target.nodes().getFirst();
        DangolHttp.Answer started = http.call(
                node,
                "operator",
                "POST",
                "/api/v1/identity/verifications",
                null,
                DangolHttp.json(Map.of("name", target.operatorName(), "phone", target.operatorPhone())));
        DangolHttp.Answer done = http.call(
                node,
                "operator",
                "POST",
                "/api/v1/identity/verifications/" + started.text("verificationId") + "/complete",
                null,
                DangolHttp.json(Map.of("code", started.text("devCode"))));
        if (done.status() != 200 || !done.body().path("roles").toString().contains("OPERATOR")) {
            throw new IllegalStateException("the operator " + target.operatorPhone() + " could not sign in as an"
                    + " operator (" + started.status() + "/" + done.status() + " " + done.code() + "): start the"
                    + " server with --dangol.identity.operators=" + target.operatorPhone()
                    + " and dangol.identity.dev-codes=true");
        }
        return done.text("token");
    }

    private void setUpRound() throws InterruptedException {
        URI node = target.nodes().getFirst();
        StringBuilder program = new StringBuilder("{\"name\":\"Replay " + scenario.name() + "\",\"kind\":\""
                + scenario.programKind() + "\","
                + (scenario.townCode().isEmpty() ? "" : "\"townCode\":\"" + scenario.townCode() + "\",")
                + "\"discountBasisPoints\":" + scenario.discountBasisPoints() + ",\"purchaseUnit\":"
                + scenario.unitKrw());
        if (scenario.monthlyLimitKrw() > 0) {
            program.append(",\"monthlyPurchaseLimit\":").append(scenario.monthlyLimitKrw());
            program.append(",\"holdingCap\":").append(Math.max(scenario.monthlyLimitKrw(), scenario.perPersonCapKrw()));
        }
        program.append('}');
        expect(
                http.call(
                        node,
                        "operator",
                        "PUT",
                        "/api/v1/programs/" + scenario.programId(),
                        operatorToken,
                        program.toString()),
                "define the program");
        String round = "{\"programId\":\"" + scenario.programId() + "\",\"name\":\"Replay " + scenario.name() + " "
                + runId + "\",\"budget\":" + scenario.budgetKrw() + ",\"opensAt\":\""
                + Instant.ofEpochMilli(opensAtMillis) + "\",\"perPersonCap\":" + scenario.perPersonCapKrw()
                + ",\"discountBasisPoints\":" + scenario.discountBasisPoints() + "}";
        expect(
                http.call(node, "operator", "PUT", "/api/v1/rounds/" + roundId, operatorToken, round),
                "schedule the round");
        if (scenario.admissionsPerSecond() > 0) {
            expect(
                    http.call(
                            node,
                            "operator",
                            "PUT",
                            "/api/v1/operator/rounds/" + roundId + "/queue/rate-cap",
                            operatorToken,
                            "{\"admissionsPerSecond\":" + scenario.admissionsPerSecond() + "}"),
                    "cap the admission rate");
        }
    }

    private void setUpGateway() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        URI admin = target.gatewayAdmin();
        send(
                client,
                "PUT",
                admin.resolve("/admin/settings"),
                DangolHttp.json(scenario.gateway().settings()));
        send(client, "DELETE", admin.resolve("/admin/outages"), null);
        Scenario.Gateway g = scenario.gateway();
        if (g.outageStartSeconds() >= 0) {
            long startsInMs = opensAtMillis + g.outageStartSeconds() * 1_000L - nowMillis();
            send(
                    client,
                    "POST",
                    admin.resolve("/admin/outages"),
                    "{\"startsInMs\":" + Math.max(0, startsInMs) + ",\"lastsMs\":" + g.outageLastsSeconds() * 1_000L
                            + ",\"refuseConnections\":false}");
        }
    }

    private static void send(HttpClient client, String method, URI uri, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(10))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException(
                    method + " " + uri + " answered " + response.statusCode() + ": " + response.body());
        }
    }

    private static void expect(DangolHttp.Answer answer, String what) {
        if (answer.status() / 100 != 2) {
            throw new IllegalStateException("could not " + what + ": " + answer.status() + " " + answer.body());
        }
    }

    /** Waits until no checkout is in flight and no hold is outstanding in the overview, at most {@link #SETTLE_MAX}. */
    private void settle() throws InterruptedException {
        long until = nowMillis() + SETTLE_MAX.toMillis();
        while (nowMillis() < until) {
            JsonNode overview = overview();
            if (overview != null
                    && overview.path("inCheckout").asLong(1) == 0
                    && overview.path("admitted").asLong(1) == 0) {
                break;
            }
            Thread.sleep(1_000);
        }
        // Late webhooks and the saga's inquiries of unknown outcomes run on their own clocks: leave them a moment.
        Thread.sleep(Math.min(10_000, 1_000L + scenario.gateway().lateWebhookDelayMs()));
    }

    private JsonNode overview() throws InterruptedException {
        DangolHttp.Answer answer = http.call(
                target.nodes().getFirst(),
                "operator",
                "GET",
                "/api/v1/operator/rounds/" + roundId + "/queue/overview",
                operatorToken,
                null);
        return answer.status() == 200 ? answer.body() : null;
    }

    private String finalState(Citizen c) throws InterruptedException {
        if (c.personId == null || c.placeId == null) {
            return c.lastState;
        }
        String answer = c.askFinalState();
        // A newcomer after the sell-out is answered a SOLD_OUT place and nothing is stored for them.
        return answer.equals("NOT_IN_QUEUE") && c.lastState.equals("SOLD_OUT") ? "SOLD_OUT" : answer;
    }

    private void sampleEverySecond() {
        Map<String, String> round = Map.of("round", roundId);
        double lastAdmissions = 0;
        double lastGatewayCount = 0;
        double lastGatewaySum = 0;
        double lastGatewayErrors = 0;
        long lastRequests = 0;
        long lastCpuTicks = -1;
        long lastAt = nowMillis();
        try {
            while (!Thread.currentThread().isInterrupted()) {
                Thread.sleep(1_000);
                long at = nowMillis();
                double seconds = (at - lastAt) / 1e3;
                JsonNode overview = overview();
                double admissions = 0;
                double gatewayCount = 0;
                double gatewaySum = 0;
                double gatewayErrors = 0;
                double cpu = 0;
                double heap = 0;
                for (URI node : target.nodes()) {
                    String page = http.text(node.resolve("/actuator/prometheus"));
                    admissions += zero(Prometheus.sum(page, "dangol_queue_admissions_total", round));
                    gatewayCount += zero(Prometheus.sum(page, "dangol_gateway_requests_seconds_count", Map.of()));
                    gatewaySum += zero(Prometheus.sum(page, "dangol_gateway_requests_seconds_sum", Map.of()));
                    gatewayErrors += zero(Prometheus.sum(page, "dangol_gateway_errors_total", Map.of()));
                    double cores = Prometheus.sum(page, "system_cpu_count", Map.of());
                    cpu += zero(Prometheus.sum(page, "process_cpu_usage", Map.of()))
                            * (Double.isNaN(cores) ? 1 : cores)
                            * 100;
                    heap += zero(Prometheus.sum(page, "jvm_memory_used_bytes", Map.of("area", "heap"))) / 1_048_576;
                }
                long cpuTicks = ProcStat.cpuTicks(target.serverPids());
                if (cpuTicks >= 0 && lastCpuTicks >= 0) {
                    cpu = (cpuTicks - lastCpuTicks) * 100.0 / ProcStat.TICKS_PER_SECOND / seconds;
                }
                lastCpuTicks = cpuTicks;
                long requests = http.requests();
                double gatewayCalls = gatewayCount - lastGatewayCount;
                if (overview != null) {
                    long sold = overview.path("sold").asLong();
                    samples.add(new Sample(
                            (at - opensAtMillis) / 1e3,
                            overview.path("waiting").asLong(),
                            overview.path("admitted").asLong(),
                            overview.path("inCheckout").asLong(),
                            sold,
                            scenario.budgetKrw() - sold,
                            overview.path("pool").asLong(),
                            overview.path("soldOut").asBoolean(false),
                            Math.max(0, admissions - lastAdmissions) / seconds,
                            gatewayCalls > 0 ? (gatewaySum - lastGatewaySum) / gatewayCalls * 1_000 : Double.NaN,
                            Math.max(0, gatewayErrors - lastGatewayErrors) / seconds,
                            cpu,
                            heap,
                            ProcStat.rssMiB(target.serverPids()),
                            (requests - lastRequests) / seconds));
                }
                lastAdmissions = admissions;
                lastGatewayCount = gatewayCount;
                lastGatewaySum = gatewaySum;
                lastGatewayErrors = gatewayErrors;
                lastRequests = requests;
                lastAt = at;
                if (samples.size() % 15 == 0 && !samples.isEmpty()) {
                    Sample s = samples.getLast();
                    log(
                            "t=%+.0fs waiting %,d admitted %,d in checkout %,d sold %,d remaining %,d %s, %.0f req/s",
                            s.second(),
                            s.waiting(),
                            s.admitted(),
                            s.inCheckout(),
                            s.sold(),
                            s.remaining(),
                            s.soldOut() ? "SOLD OUT" : "",
                            s.requestsPerSecond());
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The server's own wait-estimate error summary (percent) over every node: count, mean, max, and the median and
     * 90th percentile each node publishes (over its recent window; the largest node's figure is kept).
     */
    private Map<String, Double> serverSummary() throws InterruptedException {
        double count = 0;
        double sum = 0;
        double max = 0;
        double median = Double.NaN;
        double p90 = Double.NaN;
        double metSoldOut = 0;
        Map<String, String> round = Map.of("round", roundId);
        for (URI node : target.nodes()) {
            String page = http.text(node.resolve("/actuator/prometheus"));
            String name = "dangol_queue_wait_estimate_error_percent";
            count += zero(Prometheus.sum(page, name + "_count", round));
            sum += zero(Prometheus.sum(page, name + "_sum", round));
            max = Math.max(max, zero(Prometheus.sum(page, name + "_max", round)));
            median = larger(median, Prometheus.sum(page, name, Map.of("round", roundId, "quantile", "0.5")));
            p90 = larger(p90, Prometheus.sum(page, name, Map.of("round", roundId, "quantile", "0.9")));
            metSoldOut += zero(Prometheus.sum(page, "dangol_sale_admitted_met_sold_out_total", Map.of()));
        }
        Map<String, Double> summary = new java.util.HashMap<>();
        summary.put("waitEstimateErrorCount", count);
        summary.put("waitEstimateErrorMeanPercent", count == 0 ? Double.NaN : sum / count);
        summary.put("waitEstimateErrorMaxPercent", max);
        summary.put("waitEstimateErrorMedianPercent", median);
        summary.put("waitEstimateErrorP90Percent", p90);
        summary.put("admittedMetSoldOut", metSoldOut);
        return summary;
    }

    private static double larger(double a, double b) {
        return Double.isNaN(a) ? b : Double.isNaN(b) ? a : Math.max(a, b);
    }

    private static double zero(double value) {
        return Double.isNaN(value) ? 0 : value;
    }

    /** A name of Hangul letters only, as verification wants: the index's digits as Korean numerals. */
    static String name(int i) {
        StringBuilder name = new StringBuilder("시민");
        for (char digit : Integer.toString(i).toCharArray()) {
            name.append("영일이삼사오육칠팔구".charAt(digit - '0'));
        }
        return name.toString();
    }

    static void log(String format, Object... args) {
        System.out.printf(
                Locale.ROOT,
                "%s " + format + "%n",
                prepend(Instant.now().toString().substring(11, 19), args));
    }

    private static Object[] prepend(Object first, Object[] rest) {
        Object[] all = new Object[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }
}
