package dev.dangol.gateway.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.dangol.gateway.CaptureTotals;
import dev.dangol.gateway.ChargeRequest;
import dev.dangol.gateway.PaymentResult;
import dev.dangol.gateway.PaymentStatus;
import dev.dangol.program.FundingMethod;
import dev.dangol.sandbox.Behaviour;
import dev.dangol.sandbox.LatencyProfile;
import dev.dangol.sandbox.Outage;
import dev.dangol.sandbox.SandboxGateway;
import dev.dangol.sandbox.SandboxOptions;
import dev.dangol.sandbox.SandboxServer;
import dev.dangol.sandbox.TimeoutAnswer;
import dev.dangol.shared.Money;
import dev.dangol.shared.PersonId;
import dev.dangol.shared.Rejection;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.json.JsonMapper;

/**
 * The HTTP adapter against the sandbox server on 127.0.0.1 in this JVM: every way a gateway fails over the network
 * becomes an unknown outcome that an inquiry with the same key resolves, and a decline stays a decline.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HttpPaymentGatewayIT {

    private static final Duration REQUEST_TIMEOUT = Duration.ofMillis(500);
    private static final String HOOKS = "http://127.0.0.1:9/api/v1/gateway/webhooks";

    private final JsonMapper json = JsonMapper.builder().build();
    private final HttpClient http = HttpPaymentGateway.client(Duration.ofSeconds(1));
    private SandboxServer server;
    private SandboxGateway sandbox;
    private HttpPaymentGateway gateway;

    @BeforeEach
    void start() throws IOException {
        server = SandboxServer.start(
                new SandboxOptions(
                        "127.0.0.1",
                        0,
                        17,
                        SandboxOptions.DEVELOPMENT_SECRET,
                        10_000,
                        100,
                        Behaviour.INSTANT.withLatency(LatencyProfile.fixed(Duration.ofMillis(5)))),
                Clock.systemUTC());
        sandbox = server.gateway();
        gateway = adapterFor(server.uri());
    }

    private HttpPaymentGateway adapterFor(URI base) {
        return new HttpPaymentGateway(base, http, json, Duration.ofSeconds(1), REQUEST_TIMEOUT, HOOKS);
    }

    @AfterEach
    void stop() {
        server.close();
        http.close();
    }

    private static ChargeRequest charge(String key, String token, long amount) {
        return new ChargeRequest(
                key, PersonId.of("person-1"), FundingMethod.BANK_ACCOUNT, token, Money.krw(amount), "purchase");
    }

    private static String key() {
        return "dg-" + UUID.randomUUID();
    }

    @Test
    void anApprovedChargeIsAnsweredTheSameToARetryAndAReusedKeyIsRefused() {
        String key = key();

        PaymentResult approved = gateway.charge(charge(key, "tok", 45_000));
        PaymentResult retried = gateway.charge(charge(key, "tok", 45_000));

        assertThat(approved.status()).isEqualTo(PaymentStatus.APPROVED);
        assertThat(approved.amount()).isEqualTo(Money.krw(45_000));
        assertThat(retried).isEqualTo(approved);
        assertThatThrownBy(() -> gateway.charge(charge(key, "tok", 90_000)))
                .isInstanceOfSatisfying(
                        Rejection.class, r -> assertThat(r.code()).isEqualTo("PAYMENT_KEY_REUSED"));
        assertThat(sandbox.payment(key).orElseThrow().order().webhookUrl())
                .as("the adapter tells the gateway where to send webhooks")
                .isEqualTo(HOOKS);
    }

    @Test
    void aDeclineIsFinal() {
        PaymentResult declined = gateway.charge(charge(key(), "tok-insufficient", 45_000));

        assertThat(declined.status()).isEqualTo(PaymentStatus.DECLINED);
        assertThat(declined.reason()).isEqualTo("INSUFFICIENT_FUNDS");
    }

    @Test
    void aTimedOutChargeIsUnknownAndAnInquiryAfterwardsFindsItApproved() {
        sandbox.configure(sandbox.behaviour()
                .withTimeoutBasisPoints(10_000)
                .withTimeout(Duration.ofSeconds(5), TimeoutAnswer.LATE));
        String key = key();

        PaymentResult unknown = gateway.charge(charge(key, "tok", 45_000));
        sandbox.configure(sandbox.behaviour().withTimeoutBasisPoints(0));
        PaymentResult resolved = gateway.inquire(key);

        assertThat(unknown.status()).isEqualTo(PaymentStatus.UNKNOWN);
        assertThat(GatewayFailure.of(unknown)).contains(GatewayFailure.TIMEOUT);
        assertThat(resolved.status()).isEqualTo(PaymentStatus.APPROVED);
        assertThat(resolved.amount()).isEqualTo(Money.krw(45_000));
    }

    @Test
    void aDroppedConnectionIsUnknownAndTheChargeStands() {
        sandbox.configure(sandbox.behaviour()
                .withTimeoutBasisPoints(10_000)
                .withTimeout(Duration.ofMillis(100), TimeoutAnswer.NEVER));
        String key = key();

        PaymentResult unknown = gateway.charge(charge(key, "tok", 45_000));

        assertThat(GatewayFailure.of(unknown)).contains(GatewayFailure.CONNECTION);
        assertThat(sandbox.payment(key).orElseThrow().amountKrw()).isEqualTo(45_000);
    }

    @Test
    void anOutageIsUnknownWhetherTheGatewayAnswers503OrRefusesTheConnection() {
        Instant now = Instant.now(Clock.systemUTC());
        sandbox.addOutage(new Outage(now.minusSeconds(1), now.plusSeconds(60), false));
        PaymentResult unavailable = gateway.charge(charge(key(), "tok", 45_000));
        sandbox.configure(sandbox.behaviour().withOutages(List.of(new Outage(now, now.plusSeconds(60), true))));
        PaymentResult refused = gateway.charge(charge(key(), "tok", 45_000));
        sandbox.configure(sandbox.behaviour().withOutages(List.of()));

        assertThat(GatewayFailure.of(unavailable)).contains(GatewayFailure.OUTAGE);
        assertThat(GatewayFailure.of(refused)).contains(GatewayFailure.CONNECTION);
        assertThat(sandbox.captures().keys()).as("nothing was charged").isZero();
    }

    @Test
    void aServerErrorIsUnknownAndAnInquiryFindsNothing() {
        String key = key();

        PaymentResult failed = gateway.charge(charge(key, "tok-error", 45_000));
        PaymentResult inquiry = gateway.inquire(key);

        assertThat(GatewayFailure.of(failed)).contains(GatewayFailure.SERVER_ERROR);
        assertThat(inquiry.status()).isEqualTo(PaymentStatus.NOT_FOUND);
    }

    @Test
    void aGatewayThatIsNotThereIsUnknown() {
        URI gone = server.uri();
        server.close();

        PaymentResult result = adapterFor(gone).charge(charge(key(), "tok", 45_000));

        assertThat(GatewayFailure.of(result)).contains(GatewayFailure.CONNECTION);
    }

    @Test
    void aCancelledPaymentStaysCancelledAndAnUnknownKeyIsNotFound() {
        String key = key();
        gateway.charge(charge(key, "tok", 45_000));

        PaymentResult cancelled = gateway.cancel(key, "could not honour a late approval");
        PaymentResult again = gateway.cancel(key, "could not honour a late approval");
        PaymentResult unknown = gateway.cancel(key(), "nothing to cancel");

        assertThat(cancelled.status()).isEqualTo(PaymentStatus.CANCELLED);
        assertThat(cancelled.reason()).isEqualTo("could not honour a late approval");
        assertThat(again).isEqualTo(cancelled);
        assertThat(unknown.status()).isEqualTo(PaymentStatus.NOT_FOUND);
    }

    @Test
    void theSandboxsCapturesAreReadBackOverItsAdminApi() {
        gateway.charge(charge(key(), "tok", 10_000));
        String cancelled = key();
        gateway.charge(charge(cancelled, "tok", 20_000));
        gateway.cancel(cancelled, "refund");
        gateway.charge(charge(key(), "tok-decline", 30_000));
        HttpSandboxCaptures captures = new HttpSandboxCaptures(server.uri(), http, json, Duration.ofSeconds(5));

        CaptureTotals totals = captures.totals();

        assertThat(totals.keys()).isEqualTo(3);
        assertThat(totals.approvedCount()).isEqualTo(2);
        assertThat(totals.captured()).isEqualTo(Money.krw(10_000));
        assertThat(totals.cancelled()).isEqualTo(Money.krw(20_000));
        assertThat(totals.declinedCount()).isEqualTo(1);
        assertThat(captures.payments(0, 2)).hasSize(2);
        assertThat(captures.payments(2, 2))
                .singleElement()
                .satisfies(p -> assertThat(p.result().status()).isEqualTo(PaymentStatus.DECLINED));
    }

    @Test
    void anAnswerThatIsNotAPaymentOrSaysSlowDownIsUnknownAndARefusedChargeIsADecline() throws IOException {
        HttpServer odd = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
        odd.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            exchange.getRequestBody().readAllBytes();
            int status = path.endsWith("garbage") || path.endsWith("other") ? 200 : path.endsWith("busy") ? 429 : 400;
            String body = path.endsWith("garbage")
                    ? "<html>hello</html>"
                    : path.endsWith("other")
                            ? "{\"idempotencyKey\":\"someone-else\",\"status\":\"APPROVED\",\"amount\":1}"
                            : "{\"code\":\"INVALID_REQUEST\"}";
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        odd.start();
        try {
            HttpPaymentGateway oddGateway =
                    adapterFor(URI.create("http://127.0.0.1:" + odd.getAddress().getPort()));

            PaymentResult garbage = oddGateway.inquire("garbage");
            PaymentResult other = oddGateway.inquire("other");
            PaymentResult refused = oddGateway.charge(charge(key(), "tok", 1_000));
            PaymentResult shedding = oddGateway.inquire("busy");

            assertThat(GatewayFailure.of(garbage)).contains(GatewayFailure.BAD_ANSWER);
            assertThat(GatewayFailure.of(other)).contains(GatewayFailure.BAD_ANSWER);
            assertThat(refused.status()).isEqualTo(PaymentStatus.DECLINED);
            assertThat(refused.reason()).isEqualTo("INVALID_REQUEST");
            assertThat(GatewayFailure.of(shedding)).contains(GatewayFailure.OUTAGE);
        } finally {
            odd.stop(0);
        }
    }

    @Test
    void aMalformedKeyIsTheCallersMistake() {
        assertThatThrownBy(() -> gateway.inquire("has/slash")).isInstanceOf(IllegalArgumentException.class);
    }
}
