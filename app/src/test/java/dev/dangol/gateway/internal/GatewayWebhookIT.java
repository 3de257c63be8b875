package dev.dangol.gateway.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dangol.gateway.CaptureTotals;
import dev.dangol.gateway.ChargeRequest;
import dev.dangol.gateway.GatewayCaptures;
import dev.dangol.gateway.GatewayHealth;
import dev.dangol.gateway.PaymentGateway;
import dev.dangol.gateway.PaymentNotified;
import dev.dangol.gateway.PaymentResult;
import dev.dangol.gateway.PaymentStatus;
import dev.dangol.program.FundingMethod;
import dev.dangol.sandbox.Behaviour;
import dev.dangol.sandbox.LatencyProfile;
import dev.dangol.sandbox.SandboxOptions;
import dev.dangol.sandbox.SandboxServer;
import dev.dangol.sandbox.TimeoutAnswer;
import dev.dangol.sandbox.WebhookSigner;
import dev.dangol.shared.Money;
import dev.dangol.shared.PersonId;
import dev.dangol.testing.FreshDatabase;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Dangol in http mode against the sandbox server on 127.0.0.1 in this JVM: the sandbox's signed webhooks reach the
 * webhook endpoint and come out as {@link PaymentNotified} events; forged, malformed and repeated ones do not.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "dangol.gateway.mode=http",
            "dangol.gateway.webhook-secret=" + GatewayWebhookIT.SECRET,
            "dangol.gateway.request-timeout=1s",
            "dangol.demo.enabled=false"
        })
@FreshDatabase(FreshDatabase.Engine.H2)
@Import(NotifiedPayments.class)
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GatewayWebhookIT {

    static final String SECRET = "webhook-secret-of-this-test";
    private static final Duration WAIT = Duration.ofSeconds(10);
    private static final Behaviour BASE = Behaviour.INSTANT.withLatency(LatencyProfile.fixed(Duration.ofMillis(5)));
    private static final SandboxServer SANDBOX = start();

    private static SandboxServer start() {
        try {
            return SandboxServer.start(
                    new SandboxOptions("127.0.0.1", 0, 23, SECRET, 10_000, 100, BASE), Clock.systemUTC());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @DynamicPropertySource
    static void gatewayUrl(DynamicPropertyRegistry properties) {
        properties.add("dangol.gateway.url", () -> SANDBOX.uri().toString());
    }

    @AfterAll
    static void stopSandbox() {
        SANDBOX.close();
    }

    @LocalServerPort
    int port;

    @Autowired
    PaymentGateway gateway;

    @Autowired
    GatewayHealth health;

    @Autowired
    GatewayCaptures captures;

    @Autowired
    MeterRegistry meters;

    @Autowired
    NotifiedPayments notified;

    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void webhooksComeHere() {
        SANDBOX.gateway().configure(BASE.withWebhookUrl(hooks().toString()));
    }

    private URI hooks() {
        return URI.create("http://127.0.0.1:" + port + "/api/v1/gateway/webhooks");
    }

    private static ChargeRequest charge(String key, String token) {
        return new ChargeRequest(
                key, PersonId.of("person-1"), FundingMethod.CARD, token, Money.krw(45_000), "purchase " + key);
    }

    private static String key() {
        return "dg-" + UUID.randomUUID();
    }

    @Test
    void anApprovedChargeIsNotifiedByASignedWebhookAndPublishedAsAnEvent() throws Exception {
        String key = key();

        PaymentResult answer = gateway.charge(charge(key, "tok"));
        List<PaymentNotified> events = notified.await(key, 1, WAIT);

        assertThat(answer.status()).isEqualTo(PaymentStatus.APPROVED);
        assertThat(events).singleElement().satisfies(event -> {
            assertThat(event.result().status()).isEqualTo(PaymentStatus.APPROVED);
            assertThat(event.result().amount()).isEqualTo(Money.krw(45_000));
            assertThat(event.result().reference()).isEqualTo(answer.reference());
        });
        assertThat(health.recentCalls()).isPositive();
        assertThat(meters.get("dangol.gateway.requests")
                        .tag("operation", "charge")
                        .tag("outcome", "approved")
                        .timer()
                        .count())
                .isPositive();
        CaptureTotals totals = captures.totals();
        assertThat(totals.approvedCount()).isPositive();
    }

    @Test
    void aTimedOutChargeIsSettledByItsWebhookWhileTheCallerHearsNothing() throws Exception {
        SANDBOX.gateway()
                .configure(SANDBOX.gateway()
                        .behaviour()
                        .withTimeoutBasisPoints(10_000)
                        .withTimeout(Duration.ofSeconds(5), TimeoutAnswer.LATE));
        String key = key();

        PaymentResult answer = gateway.charge(charge(key, "tok"));
        List<PaymentNotified> events = notified.await(key, 1, WAIT);

        assertThat(answer.status()).isEqualTo(PaymentStatus.UNKNOWN);
        assertThat(events)
                .singleElement()
                .satisfies(event -> assertThat(event.result().status()).isEqualTo(PaymentStatus.APPROVED));
        assertThat(meters.get("dangol.gateway.errors")
                        .tag("operation", "charge")
                        .tag("cause", "timeout")
                        .counter()
                        .count())
                .isPositive();
        assertThat(health.errorRateBasisPoints()).isPositive();
    }

    @Test
    void aDuplicatedWebhookReachesTheListenersOnce() throws Exception {
        SANDBOX.gateway().configure(SANDBOX.gateway().behaviour().withDuplicateWebhookBasisPoints(10_000));
        long repeatedBefore = repeated();
        String key = key();

        gateway.charge(charge(key, "tok-decline"));
        notified.await(key, 1, WAIT);
        // Only this test sends duplicates, so the repeat counter moving on means the second copy came and went.
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (repeated() <= repeatedBefore && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }

        assertThat(repeated()).isGreaterThan(repeatedBefore);
        assertThat(notified.of(key))
                .singleElement()
                .satisfies(event -> assertThat(event.result().status()).isEqualTo(PaymentStatus.DECLINED));
    }

    private long repeated() {
        return (long) meters.get("dangol.gateway.webhooks")
                .tag("result", "repeated")
                .counter()
                .count();
    }

    @Test
    void aForgedOrMalformedWebhookIsRefusedAndPublishesNothing() throws Exception {
        String key = key();
        byte[] body = ("{\"eventId\":\"evt-forged-" + key + "\",\"type\":\"payment.approved\",\"payment\":"
                        + "{\"idempotencyKey\":\"" + key + "\",\"status\":\"APPROVED\",\"amount\":45000}}")
                .getBytes(StandardCharsets.UTF_8);
        long now = Clock.systemUTC().instant().getEpochSecond();

        HttpResponse<String> forged = post(body, new WebhookSigner("not-the-shared-secret").sign(now, body));
        HttpResponse<String> unsigned = post(body, null);
        HttpResponse<String> garbled = post(body, "t=yesterday,v1=cafe");
        HttpResponse<String> stale = post(body, new WebhookSigner(SECRET).sign(now - 3_600, body));
        byte[] notJson = "approved!".getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> unreadable = post(notJson, new WebhookSigner(SECRET).sign(now, notJson));
        byte[] notFinal = new String(body, StandardCharsets.UTF_8)
                .replace("APPROVED", "UNKNOWN")
                .getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> unknownStatus = post(notFinal, new WebhookSigner(SECRET).sign(now, notFinal));

        assertProblem(forged, 401, "WEBHOOK_SIGNATURE_INVALID");
        assertProblem(unsigned, 401, "WEBHOOK_SIGNATURE_MISSING");
        assertProblem(garbled, 400, "WEBHOOK_SIGNATURE_MALFORMED");
        assertProblem(stale, 401, "WEBHOOK_SIGNATURE_EXPIRED");
        assertProblem(unreadable, 400, "WEBHOOK_MALFORMED");
        assertProblem(unknownStatus, 400, "WEBHOOK_MALFORMED");
        assertThat(notified.of(key)).isEmpty();

        HttpResponse<String> genuine = post(body, new WebhookSigner(SECRET).sign(now, body));
        assertThat(genuine.statusCode()).isEqualTo(204);
        assertThat(notified.of(key)).hasSize(1);
    }

    private HttpResponse<String> post(byte[] body, String signature) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(hooks())
                .timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (signature != null) {
            request.header(WebhookSigner.HEADER, signature);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertProblem(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.body()).contains("\"code\":\"" + code + "\"");
    }
}
