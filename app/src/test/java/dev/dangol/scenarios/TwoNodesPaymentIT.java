package dev.dangol.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.dangol.program.FundingMethod;
import dev.dangol.shared.Money;
import dev.dangol.shared.PersonId;
import dev.dangol.shared.RoundId;
import dev.dangol.testing.JsonApi;
import dev.dangol.testing.ServerNodes;
import dev.dangol.testing.TestSessions;
import dev.dangol.wallet.IdempotencyKey;
import dev.dangol.wallet.PurchaseOrder;
import dev.dangol.wallet.Wallets;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two Dangol server nodes behind no sticky sessions, sharing one PostgreSQL schema and one Redis: a citizen's
 * one-time code issued through node A is charged through node B and refused as used on node A, and the shop's live
 * feed open on either node shows the payments made on both, each once.
 */
@Timeout(180)
class TwoNodesPaymentIT {

    private static final String SHOP = "demo-shop-1";
    private static final String SHOP_OWNER_PHONE = "010-1000-0005";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static final List<ConfigurableApplicationContext> NODES = new ArrayList<>();
    private static final List<InputStream> STREAMS = new ArrayList<>();
    private static ServerNodes nodes;
    private static int portA;
    private static int portB;

    @BeforeAll
    static void startTwoNodes() throws Exception {
        nodes = new ServerNodes("it2p");
        portA = start(true);
        portB = start(false);
    }

    private static int start(boolean demo) {
        ConfigurableApplicationContext node = nodes.start(
                "--spring.datasource.hikari.maximum-pool-size=8",
                "--dangol.demo.enabled=" + demo,
                "--dangol.queue.store=redis",
                "--dangol.queue.redis.prefix=" + nodes.redisPrefix(),
                "--dangol.queue.ticket-keys=k1:" + "t".repeat(40));
        NODES.add(node);
        return ServerNodes.port(node);
    }

    @AfterAll
    static void stopBoth() throws Exception {
        for (InputStream stream : STREAMS) {
            stream.close();
        }
        nodes.close();
    }

    @Test
    void aCodeFromOneNodePaysOnceOnTheOtherAndBothFeedsShowEveryPaymentOnce() throws Exception {
        // Both nodes follow the feed channel in Redis (the default follows dangol.queue.store=redis).
        for (ConfigurableApplicationContext node : NODES) {
            MeterRegistry meters = node.getBean(MeterRegistry.class);
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> meters.find("dangol.payment.feed.relay.connected")
                                    .gauge()
                                    .value()
                            == 1);
        }
        TestSessions.SignedIn citizen = new TestSessions(portA).signIn("김두곳", TestSessions.newPhone());
        TestSessions.SignedIn owner = new TestSessions(portB).signIn("한가게", SHOP_OWNER_PHONE);
        PersonId person = PersonId.of(citizen.personId());
        Wallets wallets = NODES.getFirst().getBean(Wallets.class);
        var purchase = wallets.reserve(new PurchaseOrder(
                person,
                RoundId.of("onnuri-2026-11"),
                Money.krw(100_000),
                FundingMethod.BANK_ACCOUNT,
                new IdempotencyKey(UUID.randomUUID().toString())));
        wallets.confirm(person, purchase.id());

        // The owner's screen is open on both nodes.
        ConcurrentLinkedQueue<String> feedA = feed(portA, owner);
        ConcurrentLinkedQueue<String> feedB = feed(portB, owner);
        await().atMost(Duration.ofSeconds(10))
                .until(() -> feedA.stream().anyMatch(e -> e.startsWith("hello "))
                        && feedB.stream().anyMatch(e -> e.startsWith("hello ")));

        // The citizen asks node A for a code; the shop charges it through node B.
        String code = call(portA, "POST", "/api/v1/consumer-codes", citizen, "{\"programId\":\"onnuri\"}", 201, null)
                .get("code")
                .asString();
        String charge = "{\"merchantId\":\"" + SHOP + "\",\"code\":\"" + code + "\",\"amount\":8000}";
        String byCode = call(portB, "POST", "/api/v1/merchant-payments", owner, charge, 201, "two-nodes-code-1")
                .get("id")
                .asString();
        // A second charge on node A is refused as used; the first one's retry on node A is answered with it.
        JsonNode again = call(portA, "POST", "/api/v1/merchant-payments", owner, charge, 422, "two-nodes-code-2");
        assertThat(again.get("code").asString()).isEqualTo("CODE_USED");
        assertThat(call(portA, "POST", "/api/v1/merchant-payments", owner, charge, 201, "two-nodes-code-1")
                        .get("id")
                        .asString())
                .isEqualTo(byCode);

        // The citizen pays through node A; the shop cancels it through node B.
        String paid = call(
                        portA,
                        "POST",
                        "/api/v1/payments",
                        citizen,
                        "{\"merchantId\":\"" + SHOP + "\",\"programId\":\"onnuri\",\"amount\":3000}",
                        201,
                        "two-nodes-pay-1")
                .get("id")
                .asString();
        call(portB, "POST", "/api/v1/merchants/" + SHOP + "/payments/" + paid + "/cancel", owner, null, 200, null);

        List<String> expected = List.of("payment " + byCode, "payment " + paid, "cancellation " + paid);
        for (ConcurrentLinkedQueue<String> feed : List.of(feedA, feedB)) {
            await().atMost(Duration.ofSeconds(15))
                    .untilAsserted(() -> assertThat(ids(feed)).containsAll(expected));
        }
        // Nothing arrives twice.
        Thread.sleep(1_000);
        assertThat(ids(feedA)).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(ids(feedB)).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(call(portA, "GET", "/api/v1/payments/" + byCode, citizen, null, 200, null)
                        .get("amount")
                        .asLong())
                .isEqualTo(8_000);
    }

    /** The events of the feed other than {@code hello}, as "name paymentId". */
    private static List<String> ids(ConcurrentLinkedQueue<String> feed) {
        return feed.stream()
                .filter(e -> !e.startsWith("hello "))
                .map(e -> e.substring(0, e.indexOf(' ') + 1)
                        + JSON.readTree(e.substring(e.indexOf(' ') + 1))
                                .get("id")
                                .asString())
                .toList();
    }

    /** Opens the shop's live feed on a node; its events arrive in the queue as "name data". */
    private static ConcurrentLinkedQueue<String> feed(int port, TestSessions.SignedIn owner) throws Exception {
        HttpResponse<InputStream> stream = HTTP.send(
                HttpRequest.newBuilder(URI.create(
                                "http://127.0.0.1:" + port + "/api/v1/merchants/" + SHOP + "/payments/stream"))
                        .header("Authorization", owner.authorization())
                        .header("Accept", "text/event-stream")
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(stream.statusCode()).isEqualTo(200);
        STREAMS.add(stream.body());
        ConcurrentLinkedQueue<String> events = new ConcurrentLinkedQueue<>();
        Thread.startVirtualThread(() -> {
            try (BufferedReader lines =
                    new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8))) {
                String name = "message";
                String line;
                while ((line = lines.readLine()) != null) {
                    if (line.startsWith("event:")) {
                        name = line.substring("event:".length()).strip();
                    } else if (line.startsWith("data:")) {
                        events.add(name + " " + line.substring("data:".length()).strip());
                    } else if (line.isEmpty()) {
                        name = "message";
                    }
                }
            } catch (IOException closed) {
                // The test or the node ended the stream.
            }
        });
        return events;
    }

    private static JsonNode call(
            int port,
            String method,
            String path,
            TestSessions.SignedIn who,
            String body,
            int expected,
            String idempotencyKey)
            throws Exception {
        List<String> headers = new ArrayList<>();
        if (idempotencyKey != null) {
            headers.addAll(List.of("Idempotency-Key", idempotencyKey));
        }
        JsonApi.Answer answer = new JsonApi(port)
                .send(method, path, who == null ? null : who.authorization(), body, headers.toArray(String[]::new));
        assertThat(answer.status()).as(answer.toString()).isEqualTo(expected);
        return answer.body().isEmpty() ? JSON.createObjectNode() : answer.json();
    }
}
