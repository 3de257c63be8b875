package dev.dangol.sandbox;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The sandbox gateway on HTTP, as its own process ({@link #main}) or inside a test's JVM ({@link #start}). Built on
 * the JDK's HTTP server with a virtual thread per request, so a late answer holds no platform thread.
 *
 * <p>The payment API: {@code POST /v1/charges} (with an {@code Idempotency-Key} header), {@code GET
 * /v1/charges/{key}}, {@code POST /v1/charges/{key}/cancel}. The admin API: {@code GET/PUT /admin/settings}, {@code
 * POST/DELETE /admin/outages}, {@code GET /admin/captures}, {@code GET /admin/payments}; and {@code GET /health}.
 * docs/sandbox-gateway.md describes each.
 *
 * <p>Bounded: request bodies of at most {@value #BODY_MAX_BYTES} bytes, at most {@link SandboxOptions#inFlightMax()}
 * requests at once (more get 503 at once), and the core's own bounds.
 */
public final class SandboxServer implements AutoCloseable {

    public static final int BODY_MAX_BYTES = 16 * 1024;

    private final JsonMapper json = JsonMapper.builder().build();
    private final HttpServer server;
    private final ExecutorService requests;
    private final RealTimeScheduler scheduler;
    private final HttpClient webhookClient;
    private final HttpWebhookSender webhooks;
    private final SandboxGateway gateway;
    private final SandboxOptions options;
    private final Semaphore inFlight;
    private final Clock clock;
    private final Sleeper sleeper;
    private final AtomicBoolean open = new AtomicBoolean(true);

    private SandboxServer(SandboxOptions options, Clock clock) throws IOException {
        this.options = options;
        this.clock = clock;
        this.sleeper = Sleeper.REAL;
        this.inFlight = new Semaphore(options.inFlightMax());
        this.scheduler = new RealTimeScheduler();
        this.webhookClient = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2))
                .executor(Executors.newVirtualThreadPerTaskExecutor())
                .build();
        this.webhooks = new HttpWebhookSender(
                webhookClient, json, new WebhookSigner(options.webhookSecret()), clock, scheduler);
        this.gateway = new SandboxGateway(
                clock,
                new SplittableRandom(options.seed()),
                scheduler,
                webhooks,
                new SandboxGateway.Limits(options.keysMax(), SandboxGateway.Limits.DEFAULT.pendingWebhooksMax()),
                options.behaviour());
        this.requests = Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("sandbox-http-", 0).factory());
        this.server = HttpServer.create(new InetSocketAddress(options.bind(), options.port()), 1_024);
        server.setExecutor(requests);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Starts a sandbox server; {@code --port 0} (port 0) takes any free port, which {@link #port()} tells. */
    public static SandboxServer start(SandboxOptions options, Clock clock) throws IOException {
        return new SandboxServer(options, clock);
    }

    public static void main(String[] args) throws IOException {
        if (List.of(args).contains("--help")) {
            System.out.print(SandboxOptions.usage());
            return;
        }
        SandboxOptions options;
        try {
            options = SandboxOptions.parse(
                    List.of(args), System.getenv(), Clock.systemUTC().instant());
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.print(SandboxOptions.usage());
            System.exit(2);
            return;
        }
        SandboxServer server = start(options, Clock.systemUTC());
        Runtime.getRuntime().addShutdownHook(new Thread(server::close, "sandbox-shutdown"));
        System.out.println("Sandbox gateway listening on " + server.uri() + " (seed " + options.seed() + "; "
                + (SandboxOptions.DEVELOPMENT_SECRET.equals(options.webhookSecret())
                        ? "webhooks signed with the development secret"
                        : "webhooks signed with the given secret")
                + ")");
        System.out.flush();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public URI uri() {
        return URI.create("http://" + options.bind() + ":" + port());
    }

    /** The sandbox behind the server, to read or change in process. */
    public SandboxGateway gateway() {
        return gateway;
    }

    public HttpWebhookSender.Deliveries webhookDeliveries() {
        return webhooks.deliveries();
    }

    /** Stops at once: calls under way are cut off and webhooks not yet sent are lost, as in a crash. */
    @Override
    public void close() {
        if (!open.compareAndSet(true, false)) {
            return;
        }
        server.stop(0);
        scheduler.close();
        requests.shutdownNow();
        webhookClient.close();
    }

    private enum Call {
        CHARGE,
        INQUIRE,
        CANCEL
    }

    private void handle(HttpExchange exchange) {
        try {
            if (!inFlight.tryAcquire()) {
                problem(exchange, 503, "SANDBOX_BUSY", "The sandbox is handling as many requests as it may. Retry.");
                return;
            }
            try {
                route(exchange);
            } finally {
                inFlight.release();
            }
        } catch (TooLarge e) {
            problem(exchange, 413, "BODY_TOO_LARGE", "A request body may be at most " + BODY_MAX_BYTES + " bytes.");
        } catch (JacksonException e) {
            problem(exchange, 400, "MALFORMED_REQUEST", "The body is not the JSON this call expects.");
        } catch (IllegalArgumentException e) {
            problem(exchange, 400, "INVALID_REQUEST", e.getMessage());
        } catch (IOException e) {
            // The client went away; there is nobody to answer.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            e.printStackTrace();
            problem(exchange, 500, "INTERNAL_ERROR", "The sandbox itself failed (not a made-up failure).");
        } finally {
            exchange.close();
        }
    }

    private void route(HttpExchange exchange) throws IOException, InterruptedException {
        String path = exchange.getRequestURI().getRawPath();
        String method = exchange.getRequestMethod();
        String charges = "/v1/charges";
        if (path.equals(charges)) {
            if (expect(exchange, "POST")) {
                charge(exchange);
            }
        } else if (path.startsWith(charges + "/") && path.endsWith("/cancel")) {
            if (expect(exchange, "POST")) {
                String key = path.substring(charges.length() + 1, path.length() - "/cancel".length());
                JsonNode body = body(exchange);
                String reason = body.path("reason").asString("cancelled by the merchant");
                deliver(exchange, Call.CANCEL, gateway.cancel(key, reason));
            }
        } else if (path.startsWith(charges + "/") && path.indexOf('/', charges.length() + 1) < 0) {
            if (expect(exchange, "GET")) {
                deliver(exchange, Call.INQUIRE, gateway.inquire(path.substring(charges.length() + 1)));
            }
        } else if (path.equals("/admin/settings")) {
            if (method.equals("PUT") || method.equals("PATCH")) {
                changeSettings(exchange);
            } else if (expect(exchange, "GET")) {
                send(exchange, 200, settings());
            }
        } else if (path.equals("/admin/outages")) {
            if (method.equals("DELETE")) {
                gateway.configure(gateway.behaviour().withOutages(List.of()));
                send(exchange, 200, settings());
            } else if (expect(exchange, "POST")) {
                addOutage(exchange);
            }
        } else if (path.equals("/admin/captures")) {
            if (expect(exchange, "GET")) {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("captures", gateway.captures());
                body.put("activity", gateway.activity());
                body.put("webhooksPending", gateway.webhooksPending());
                body.put("webhookDeliveries", webhooks.deliveries());
                send(exchange, 200, body);
            }
        } else if (path.equals("/admin/payments")) {
            if (expect(exchange, "GET")) {
                payments(exchange);
            }
        } else if (path.equals("/health")) {
            if (expect(exchange, "GET")) {
                send(exchange, 200, Map.of("status", "UP"));
            }
        } else {
            problem(exchange, 404, "NO_SUCH_PATH", "The sandbox has no " + path + "; see docs/sandbox-gateway.md.");
        }
    }

    private boolean expect(HttpExchange exchange, String method) throws IOException {
        if (exchange.getRequestMethod().equals(method)) {
            return true;
        }
        exchange.getResponseHeaders().set("Allow", method);
        problem(exchange, 405, "METHOD_NOT_ALLOWED", "Use " + method + " here.");
        return false;
    }

    /** The request of {@code POST /v1/charges}; the idempotency key comes in its own header. */
    record ChargeJson(
            String payer, String method, String sourceToken, Long amount, String description, String webhookUrl) {}

    private void charge(HttpExchange exchange) throws IOException, InterruptedException {
        String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
        if (key == null) {
            problem(exchange, 400, "IDEMPOTENCY_KEY_MISSING", "Send the charge's key in an Idempotency-Key header.");
            return;
        }
        ChargeJson body = json.readValue(read(exchange), ChargeJson.class);
        if (body.amount() == null || body.method() == null) {
            throw new IllegalArgumentException("amount and method are required");
        }
        SourceKind source;
        try {
            source = SourceKind.valueOf(body.method());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("method is BANK_ACCOUNT or CARD, was '" + body.method() + "'");
        }
        ChargeOrder order = new ChargeOrder(
                key,
                body.payer(),
                source,
                body.sourceToken(),
                body.amount(),
                body.description() == null ? "" : body.description(),
                body.webhookUrl() == null || body.webhookUrl().isBlank() ? null : body.webhookUrl());
        deliver(exchange, Call.CHARGE, gateway.charge(order));
    }

    /** Waits out the reply's delay, then answers, or drops the connection for a refused or silent call. */
    private void deliver(HttpExchange exchange, Call call, Reply reply) throws IOException, InterruptedException {
        sleeper.sleep(reply.delay());
        switch (reply) {
            case Reply.Answered answered -> {
                boolean declinedCharge =
                        call == Call.CHARGE && answered.payment().state() == PaymentState.DECLINED;
                send(exchange, declinedCharge ? 402 : 200, PaymentView.of(answered.payment()));
            }
            case Reply.NotFound notFound ->
                problem(
                        exchange,
                        404,
                        "PAYMENT_NOT_FOUND",
                        "The gateway has never seen the key " + notFound.idempotencyKey() + ".");
            case Reply.Conflict conflict -> problem(exchange, 409, "IDEMPOTENCY_KEY_REUSED", conflict.detail());
            case Reply.Failed failed -> problem(exchange, 500, failed.code(), failed.detail());
            case Reply.Unavailable unavailable -> {
                if (!unavailable.refuseConnection()) {
                    long seconds = Math.max(
                            1,
                            Duration.between(clock.instant(), unavailable.until())
                                    .toSeconds());
                    exchange.getResponseHeaders().set("Retry-After", Long.toString(seconds));
                    problem(
                            exchange,
                            503,
                            "GATEWAY_UNAVAILABLE",
                            "The gateway is down until " + unavailable.until() + "; nothing was done.");
                }
                // A refused connection gets no answer: closing the exchange unanswered drops it.
            }
            case Reply.Silent silent -> {
                // No answer, ever: the exchange is closed unanswered, which drops the connection.
            }
        }
    }

    private Map<String, Object> settings() {
        Map<String, Object> settings = new LinkedHashMap<>(SandboxOptions.settingsOf(gateway.behaviour()));
        settings.put("seed", options.seed());
        settings.put("keysMax", options.keysMax());
        settings.put("inFlightMax", options.inFlightMax());
        settings.put("now", clock.instant().toString());
        return settings;
    }

    private void changeSettings(HttpExchange exchange) throws IOException {
        JsonNode body = body(exchange);
        if (!body.isObject()) {
            throw new IllegalArgumentException("send a JSON object of settings, such as {\"declineBp\":250}");
        }
        Behaviour next = gateway.behaviour();
        for (Map.Entry<String, JsonNode> field : body.properties()) {
            JsonNode value = field.getValue();
            String text;
            if (value.isNull()) {
                text = "";
            } else if (value.isArray()) {
                List<String> parts = new ArrayList<>();
                value.forEach(part -> parts.add(part.asString()));
                text = String.join(",", parts);
            } else {
                text = value.asString();
            }
            next = SandboxOptions.apply(next, field.getKey(), text);
        }
        gateway.configure(next);
        send(exchange, 200, settings());
    }

    private void addOutage(HttpExchange exchange) throws IOException {
        JsonNode body = body(exchange);
        long startsInMs = body.path("startsInMs").asLong(0);
        long lastsMs = body.path("lastsMs").asLong(0);
        if (startsInMs < 0 || lastsMs <= 0) {
            throw new IllegalArgumentException("an outage needs lastsMs > 0 and startsInMs >= 0");
        }
        Instant start = clock.instant().plusMillis(startsInMs);
        gateway.addOutage(new Outage(
                start, start.plusMillis(lastsMs), body.path("refuseConnections").asBoolean(false)));
        send(exchange, 200, settings());
    }

    private void payments(HttpExchange exchange) throws IOException {
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        long after;
        int limit;
        try {
            after = Long.parseLong(query.getOrDefault("after", "0"));
            limit = Integer.parseInt(query.getOrDefault("limit", "100"));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("after and limit are whole numbers");
        }
        List<PaymentView> page = new ArrayList<>();
        for (Payment payment : gateway.payments(after, limit)) {
            page.add(PaymentView.of(payment));
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("payments", page);
        body.put("next", page.isEmpty() ? null : page.getLast().sequence());
        send(exchange, 200, body);
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> query = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return query;
        }
        for (String pair : raw.split("&")) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                query.put(pair.substring(0, equals), pair.substring(equals + 1));
            }
        }
        return query;
    }

    private JsonNode body(HttpExchange exchange) throws IOException {
        byte[] bytes = read(exchange);
        return bytes.length == 0 ? json.createObjectNode() : json.readTree(bytes);
    }

    /** Thrown when a body is larger than the sandbox reads. */
    private static final class TooLarge extends IOException {
        private TooLarge() {
            super("request body too large");
        }
    }

    private static byte[] read(HttpExchange exchange) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] bytes = in.readNBytes(BODY_MAX_BYTES + 1);
            if (bytes.length > BODY_MAX_BYTES) {
                throw new TooLarge();
            }
            return bytes;
        }
    }

    private void problem(HttpExchange exchange, int status, String code, String detail) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", "urn:dangol:sandbox:" + code.toLowerCase(Locale.ROOT).replace('_', '-'));
        body.put("status", status);
        body.put("code", code);
        body.put("detail", detail);
        try {
            write(exchange, status, "application/problem+json", json.writeValueAsBytes(body));
        } catch (IOException e) {
            // The client went away; there is nobody to answer.
        }
    }

    private void send(HttpExchange exchange, int status, Object body) throws IOException {
        write(exchange, status, "application/json", json.writeValueAsBytes(body));
    }

    private static void write(HttpExchange exchange, int status, String type, byte[] bytes) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type + "; charset=" + StandardCharsets.UTF_8.name());
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        exchange.getResponseBody().write(bytes);
    }
}
