package dev.dangol.loadgen;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.MissingNode;

/**
 * Dangol's JSON API as the replay's people call it: one JDK {@link HttpClient} (HTTP/1.1, its own pool of
 * connections) over one or several nodes, at most {@code inFlightMax} requests at once (a semaphore), each call
 * timed under its endpoint's name. A 503 with {@code Retry-After} is waited out and retried, at most {@link
 * #BUSY_RETRIES_MAX} times, as a phone would.
 */
public final class DangolHttp {

    static final JsonMapper JSON = JsonMapper.builder().build();
    static final int BUSY_RETRIES_MAX = 5;
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    /** An answer: status, JSON body (missing when empty or not JSON) and the Location header. */
    public record Answer(int status, JsonNode body, String location) {

        public String code() {
            return body.path("code").asString("");
        }

        public String text(String field) {
            return body.path(field).asString("");
        }
    }

    private final List<URI> nodes;
    private final boolean sticky;
    private final HttpClient http;
    private final Semaphore inFlight;
    private final AtomicInteger next = new AtomicInteger();
    private final Map<String, LatencyHistogram> latencies = new ConcurrentHashMap<>();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();

    /**
     * @param sticky each person always calls the same node (by index); otherwise requests go round-robin, except a
     *     sign-in's two steps, which must reach the node holding the pending verification
     */
    public DangolHttp(List<URI> nodes, boolean sticky, int inFlightMax) {
        Scenario.require(!nodes.isEmpty(), "at least one node");
        Scenario.require(inFlightMax >= 1 && inFlightMax <= 10_000, "inFlightMax is 1 to 10000");
        this.nodes = List.copyOf(nodes);
        this.sticky = sticky;
        this.inFlight = new Semaphore(inFlightMax);
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .executor(Executors.newVirtualThreadPerTaskExecutor())
                .build();
    }

    public List<URI> nodes() {
        return nodes;
    }

    /** The node a person's request goes to; {@code pinned} forces the person's own node. */
    public URI node(int person, boolean pinned) {
        if (sticky || pinned || nodes.size() == 1) {
            return nodes.get(Math.floorMod(person, nodes.size()));
        }
        return nodes.get(Math.floorMod(next.getAndIncrement(), nodes.size()));
    }

    public Map<String, LatencyHistogram> latencies() {
        return latencies;
    }

    public long requests() {
        return requests.get();
    }

    public long failures() {
        return failures.get();
    }

    /**
     * Sends one request and times it under {@code endpoint}.
     *
     * @param headers name, value, name, value...
     */
    public Answer call(
            URI node, String endpoint, String method, String path, String token, String body, String... headers)
            throws InterruptedException {
        for (int attempt = 0; ; attempt++) {
            Answer answer = once(node, endpoint, method, path, token, body, headers);
            if (answer.status() != 503 || attempt >= BUSY_RETRIES_MAX) {
                return answer;
            }
            Thread.sleep(Math.min(5_000, 250L << attempt));
        }
    }

    private Answer once(
            URI node, String endpoint, String method, String path, String token, String body, String... headers)
            throws InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(node.resolve(path))
                .timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/json")
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        for (int i = 0; i + 1 < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        inFlight.acquire();
        long start = System.nanoTime();
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            latencies.computeIfAbsent(endpoint, e -> new LatencyHistogram()).record(System.nanoTime() - start);
            requests.incrementAndGet();
            return new Answer(
                    response.statusCode(),
                    parse(response.body()),
                    response.headers().firstValue("Location").orElse(""));
        } catch (IOException e) {
            // A connection refused, reset or timed out: what a phone sees as "cannot connect to the network".
            failures.incrementAndGet();
            requests.incrementAndGet();
            latencies.computeIfAbsent(endpoint, x -> new LatencyHistogram()).record(System.nanoTime() - start);
            return new Answer(599, MissingNode.getInstance(), "");
        } finally {
            inFlight.release();
        }
    }

    /** A plain GET of text (the Prometheus page), not timed among the people's endpoints. */
    public String text(URI uri) throws InterruptedException {
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? response.body() : "";
        } catch (IOException e) {
            return "";
        }
    }

    static JsonNode parse(String text) {
        if (text == null || text.isBlank()) {
            return MissingNode.getInstance();
        }
        try {
            return JSON.readTree(text);
        } catch (RuntimeException e) {
            return MissingNode.getInstance();
        }
    }

    static String json(Object value) {
        return JSON.writeValueAsString(value);
    }
}
