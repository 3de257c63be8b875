package dev.dangol.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The sandbox over real HTTP on 127.0.0.1: the payment API, its refusals, the admin API that changes its behaviour at
 * run time, and signed webhooks to a receiver that is itself a small HTTP server.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SandboxServerIT {

    private static final String SECRET = "a-secret-only-the-test-knows";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private final AtomicInteger receiverFailuresLeft = new AtomicInteger();
    private SandboxServer sandbox;
    private HttpServer receiver;

    private record Received(String signature, byte[] body) {}

    @BeforeEach
    void start() throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
        receiver.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        receiver.createContext("/hooks", exchange -> {
            byte[] body = exchange.getRequestBody().readAllBytes();
            received.add(new Received(exchange.getRequestHeaders().getFirst(WebhookSigner.HEADER), body));
            int status = receiverFailuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? 500 : 204;
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        receiver.start();
        SandboxOptions options = new SandboxOptions(
                "127.0.0.1",
                0,
                11,
                SECRET,
                1_000,
                100,
                Behaviour.INSTANT.withLatency(LatencyProfile.fixed(Duration.ofMillis(5))));
        sandbox = SandboxServer.start(options, Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        sandbox.close();
        receiver.stop(0);
        http.close();
    }

    @Test
    void aChargeIsApprovedAnsweredToInquiriesAndCancelled() throws Exception {
        String key = key();

        HttpResponse<String> charge = charge(key, "tok-ok", 45_000);
        HttpResponse<String> inquiry = get("/v1/charges/" + key);
        HttpResponse<String> cancel = post("/v1/charges/" + key + "/cancel", "{\"reason\":\"changed my mind\"}");

        assertThat(charge.statusCode()).isEqualTo(200);
        assertThat(field(charge, "status")).isEqualTo("APPROVED");
        assertThat(field(charge, "amount")).isEqualTo("45000");
        assertThat(field(inquiry, "reference")).isEqualTo(field(charge, "reference"));
        assertThat(cancel.statusCode()).isEqualTo(200);
        assertThat(field(cancel, "status")).isEqualTo("CANCELLED");
        assertThat(field(cancel, "reason")).isEqualTo("changed my mind");
    }

    @Test
    void aRetryGetsTheFirstAnswerAndAnotherChargeUnderTheSameKeyIsAConflict() throws Exception {
        String key = key();
        HttpResponse<String> first = charge(key, "tok-ok", 45_000);

        HttpResponse<String> retry = charge(key, "tok-ok", 45_000);
        HttpResponse<String> other = charge(key, "tok-ok", 90_000);

        assertThat(retry.body()).isEqualTo(first.body());
        assertThat(other.statusCode()).isEqualTo(409);
        assertThat(field(other, "code")).isEqualTo("IDEMPOTENCY_KEY_REUSED");
        assertThat(other.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(sandbox.gateway().captures().capturedKrw()).isEqualTo(45_000);
    }

    @Test
    void aDeclineIsA402WithThePayment() throws Exception {
        HttpResponse<String> declined = charge(key(), "tok-decline", 10_000);

        assertThat(declined.statusCode()).isEqualTo(402);
        assertThat(field(declined, "status")).isEqualTo("DECLINED");
        assertThat(field(declined, "reason")).isEqualTo("CARD_DECLINED");
    }

    @Test
    void badRequestsGetAClear4xxAndChangeNothing() throws Exception {
        HttpResponse<String> noKey = http.send(
                request("/v1/charges")
                        .POST(HttpRequest.BodyPublishers.ofString(chargeBody("tok", 1_000)))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> malformed = post("/v1/charges", "{not json", key());
        HttpResponse<String> negative = post("/v1/charges", chargeBody("tok", -5), key());
        HttpResponse<String> badMethod =
                post("/v1/charges", chargeBody("tok", 1_000).replace("BANK_ACCOUNT", "CASH"), key());
        HttpResponse<String> tooLarge = post("/v1/charges", "x".repeat(SandboxServer.BODY_MAX_BYTES + 10), key());
        HttpResponse<String> unknownKey = get("/v1/charges/" + key());
        HttpResponse<String> nowhere = get("/v2/nowhere");
        HttpResponse<String> wrongVerb = get("/v1/charges");

        assertThat(noKey.statusCode()).isEqualTo(400);
        assertThat(field(noKey, "code")).isEqualTo("IDEMPOTENCY_KEY_MISSING");
        assertThat(field(malformed, "code")).isEqualTo("MALFORMED_REQUEST");
        assertThat(negative.statusCode()).isEqualTo(400);
        assertThat(field(negative, "detail")).contains("amount");
        assertThat(field(badMethod, "detail")).contains("BANK_ACCOUNT or CARD");
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(field(unknownKey, "code")).isEqualTo("PAYMENT_NOT_FOUND");
        assertThat(nowhere.statusCode()).isEqualTo(404);
        assertThat(wrongVerb.statusCode()).isEqualTo(405);
        assertThat(sandbox.gateway().captures().keys()).isZero();
    }

    @Test
    void theAdminApiChangesTheBehaviourAtRunTime() throws Exception {
        HttpResponse<String> changed = put("/admin/settings", "{\"errorBp\":10000,\"latencyMs\":[1,2,3,4,5]}");
        HttpResponse<String> failed = charge(key(), "tok-ok", 1_000);
        HttpResponse<String> unknown = put("/admin/settings", "{\"speed\":1}");
        HttpResponse<String> outOfRange = put("/admin/settings", "{\"errorBp\":10001}");
        put("/admin/settings", "{\"errorBp\":0}");
        HttpResponse<String> healthy = charge(key(), "tok-ok", 1_000);

        assertThat(changed.statusCode()).isEqualTo(200);
        assertThat(field(changed, "latencyMs")).isEqualTo("1,2,3,4,5");
        assertThat(failed.statusCode()).isEqualTo(500);
        assertThat(field(failed, "code")).isEqualTo("GATEWAY_ERROR");
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(field(unknown, "detail")).contains("no setting 'speed'");
        assertThat(outOfRange.statusCode()).isEqualTo(400);
        assertThat(healthy.statusCode()).isEqualTo(200);
        assertThat(sandbox.gateway().captures().keys()).isEqualTo(1);
    }

    @Test
    void duringAnOutageCallsGet503WithRetryAfterOrARefusedConnection() throws Exception {
        post("/admin/outages", "{\"startsInMs\":0,\"lastsMs\":60000}");
        HttpResponse<String> down = charge(key(), "tok-ok", 1_000);
        delete("/admin/outages");
        post("/admin/outages", "{\"lastsMs\":60000,\"refuseConnections\":true}");
        String refusedKey = key();
        assertThatThrownBy(() -> charge(refusedKey, "tok-ok", 1_000)).isInstanceOf(IOException.class);
        delete("/admin/outages");
        HttpResponse<String> back = charge(key(), "tok-ok", 1_000);

        assertThat(down.statusCode()).isEqualTo(503);
        assertThat(down.headers().firstValue("Retry-After")).isPresent();
        assertThat(field(down, "code")).isEqualTo("GATEWAY_UNAVAILABLE");
        assertThat(back.statusCode()).isEqualTo(200);
        assertThat(sandbox.gateway().captures().keys()).isEqualTo(1);
    }

    @Test
    void aTimedOutChargeIsAppliedAndAnInquiryAfterwardsFindsIt() throws Exception {
        put("/admin/settings", "{\"timeoutBp\":10000,\"timeoutDelayMs\":3000}");
        String key = key();
        HttpRequest impatient = request("/v1/charges")
                .header("Idempotency-Key", key)
                .timeout(Duration.ofMillis(300))
                .POST(HttpRequest.BodyPublishers.ofString(chargeBody("tok-ok", 7_000)))
                .build();

        assertThatThrownBy(() -> http.send(impatient, HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(HttpTimeoutException.class);
        put("/admin/settings", "{\"timeoutBp\":0}");
        assertThat(field(get("/v1/charges/" + key), "status")).isEqualTo("APPROVED");
    }

    @Test
    void aTimedOutCallThatNeverAnswersDropsTheConnection() throws Exception {
        put("/admin/settings", "{\"timeoutBp\":10000,\"timeoutDelayMs\":200,\"timeoutAnswer\":\"NEVER\"}");

        assertThatThrownBy(() -> charge(key(), "tok-ok", 7_000))
                .isInstanceOf(IOException.class)
                .isNotInstanceOf(HttpTimeoutException.class);
        assertThat(sandbox.gateway().captures().approvedCount()).isEqualTo(1);
    }

    @Test
    void theAdminApiShowsCapturesAndEveryPaymentByPage() throws Exception {
        charge(key(), "tok-ok", 10_000);
        charge(key(), "tok-ok", 20_000);
        charge(key(), "tok-decline", 30_000);

        JsonNode captures = JSON.readTree(get("/admin/captures").body());
        JsonNode firstPage =
                JSON.readTree(get("/admin/payments?after=0&limit=2").body());
        JsonNode secondPage = JSON.readTree(
                get("/admin/payments?after=" + firstPage.get("next").asLong() + "&limit=2")
                        .body());

        assertThat(captures.at("/captures/approvedCount").asLong()).isEqualTo(2);
        assertThat(captures.at("/captures/capturedKrw").asLong()).isEqualTo(30_000);
        assertThat(captures.at("/captures/declinedCount").asLong()).isEqualTo(1);
        assertThat(captures.at("/activity/calls").asLong()).isEqualTo(3);
        assertThat(firstPage.get("payments")).hasSize(2);
        assertThat(secondPage.get("payments")).hasSize(1);
        assertThat(secondPage.at("/payments/0/status").asString()).isEqualTo("DECLINED");
    }

    @Test
    void webhooksAreSignedWithTheSharedSecretAndSentTwiceWhenTold() throws Exception {
        put("/admin/settings", "{\"webhookUrl\":\"" + hookUrl() + "\",\"duplicateWebhookBp\":10000}");
        String key = key();

        charge(key, "tok-ok", 12_000);
        Received first = received.poll(10, TimeUnit.SECONDS);
        Received second = received.poll(10, TimeUnit.SECONDS);

        assertThat(first).isNotNull();
        assertThat(second).isNotNull();
        assertThat(second.body()).isEqualTo(first.body());
        long sentAt =
                Long.parseLong(first.signature().substring(2, first.signature().indexOf(',')));
        assertThat(first.signature()).isEqualTo(new WebhookSigner(SECRET).sign(sentAt, first.body()));
        assertThat(first.signature())
                .isNotEqualTo(new WebhookSigner("another-secret-of-16+").sign(sentAt, first.body()));
        JsonNode event = JSON.readTree(first.body());
        assertThat(event.get("type").asString()).isEqualTo("payment.approved");
        assertThat(event.at("/payment/idempotencyKey").asString()).isEqualTo(key);
        assertThat(event.at("/payment/amount").asLong()).isEqualTo(12_000);
    }

    @Test
    void aWebhookTheReceiverRefusesIsSentAgain() throws Exception {
        receiverFailuresLeft.set(1);
        String key = key();

        post("/v1/charges", chargeBody("tok-ok", 3_000, hookUrl()), key);
        Received refused = received.poll(10, TimeUnit.SECONDS);
        Received retried = received.poll(10, TimeUnit.SECONDS);

        assertThat(refused).isNotNull();
        assertThat(retried).isNotNull();
        assertThat(retried.body()).isEqualTo(refused.body());
        assertThat(sandbox.webhookDeliveries().retried()).isEqualTo(1);
        waitUntil(() -> sandbox.webhookDeliveries().delivered() == 1);
    }

    private static void waitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 100 && !condition.getAsBoolean(); i++) {
            Thread.sleep(50);
        }
        assertThat(condition.getAsBoolean()).isTrue();
    }

    private String hookUrl() {
        return "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hooks";
    }

    private static String key() {
        return UUID.randomUUID().toString();
    }

    private static String chargeBody(String token, long amount) {
        return chargeBody(token, amount, null);
    }

    private static String chargeBody(String token, long amount, String webhookUrl) {
        return "{\"payer\":\"person-1\",\"method\":\"BANK_ACCOUNT\",\"sourceToken\":\"" + token + "\",\"amount\":"
                + amount + ",\"description\":\"purchase\""
                + (webhookUrl == null ? "" : ",\"webhookUrl\":\"" + webhookUrl + "\"") + "}";
    }

    private HttpResponse<String> charge(String key, String token, long amount) throws Exception {
        return post("/v1/charges", chargeBody(token, amount), key);
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(sandbox.uri() + path)).timeout(Duration.ofSeconds(10));
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(request(path).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> delete(String path) throws Exception {
        return http.send(request(path).DELETE().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> put(String path, String body) throws Exception {
        return http.send(
                request(path)
                        .PUT(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(
                request(path).POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String body, String key) throws Exception {
        return http.send(
                request(path)
                        .header("Idempotency-Key", key)
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String field(HttpResponse<String> response, String name) {
        JsonNode node = JSON.readTree(response.body()).get(name);
        assertThat(node).as("field " + name + " of " + response.body()).isNotNull();
        return node.asString();
    }
}
