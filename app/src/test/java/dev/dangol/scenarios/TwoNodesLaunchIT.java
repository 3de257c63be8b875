package dev.dangol.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.dangol.testing.JsonApi;
import dev.dangol.testing.ServerNodes;
import dev.dangol.testing.TestSessions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two Dangol server nodes in one test, sharing one PostgreSQL schema and one waiting room in Redis, as they would
 * behind a load balancer: a person joins on one node and polls, rejoins and pays on the other; both nodes run
 * admission at once; the round sells out once and both nodes tell latecomers so.
 */
@Timeout(180)
class TwoNodesLaunchIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static ServerNodes nodes;
    private static int portA;
    private static int portB;

    @BeforeAll
    static void startTwoNodes() throws Exception {
        nodes = new ServerNodes("it2");
        portA = start(true);
        portB = start(false);
    }

    private static int start(boolean demo) {
        return ServerNodes.port(nodes.start(
                "--dangol.demo.enabled=" + demo,
                "--dangol.queue.store=redis",
                "--dangol.queue.redis.prefix=" + nodes.redisPrefix(),
                "--dangol.queue.ticket-keys=k1:" + "t".repeat(40),
                "--dangol.queue.hold-time=30s"));
    }

    @AfterAll
    static void stopBoth() throws Exception {
        nodes.close();
    }

    @Test
    void twoNodesShareOnePlacePerPersonOneAdmissionAndOneSellOut() throws Exception {
        TestSessions onA = new TestSessions(portA);
        TestSessions onB = new TestSessions(portB);
        TestSessions.SignedIn operator = onA.demoOperator();
        String round = "two-nodes-" + UUID.randomUUID().toString().substring(0, 8);
        // Open already, so that places go first come, first served and the test knows who is admitted.
        Instant opens = Instant.now().minusSeconds(1);
        call(
                portB,
                "PUT",
                "/api/v1/rounds/" + round,
                operator,
                null,
                "{\"programId\":\"seoul-love\",\"name\":\"Two nodes\",\"budget\":800000,\"opensAt\":\"" + opens
                        + "\",\"perPersonCap\":400000}",
                200);

        TestSessions.SignedIn ara = onA.signIn("김아라", TestSessions.newPhone());
        TestSessions.SignedIn bora = onB.signIn("이보라", TestSessions.newPhone());
        TestSessions.SignedIn chan = onB.signIn("박찬", TestSessions.newPhone());

        // Ara joins on node A and again on node B: one place. Bora and Chan join on node B.
        JsonNode araPlace = call(portA, "POST", "/api/v1/rounds/" + round + "/queue", ara, null, "{}", 201);
        JsonNode araAgain = call(portB, "POST", "/api/v1/rounds/" + round + "/queue", ara, null, "{}", 200);
        assertThat(araAgain.get("rejoined").asBoolean()).isTrue();
        call(portB, "POST", "/api/v1/rounds/" + round + "/queue", bora, null, "{}", 201);
        String chanTicket = call(portB, "POST", "/api/v1/rounds/" + round + "/queue", chan, null, "{}", 201)
                .get("ticket")
                .asString();
        // The same place: its ticket names the same place id, whichever node signed it.
        assertThat(placeId(araAgain.get("ticket").asString()))
                .isEqualTo(placeId(araPlace.get("ticket").asString()));

        // A ticket from node B is good on node A: the key ring and the queue are shared.
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> {
                    for (TestSessions.SignedIn person : List.of(ara, bora, chan)) {
                        call(portA, "GET", "/api/v1/rounds/" + round + "/queue/me", person, null, null, 200);
                    }
                    JsonNode overview = call(
                            portA,
                            "GET",
                            "/api/v1/operator/rounds/" + round + "/queue/overview",
                            operator,
                            null,
                            null,
                            200);
                    assertThat(overview.get("admitted").asLong()).isEqualTo(2);
                });
        JsonNode chanStatus =
                call(portA, "GET", "/api/v1/rounds/" + round + "/queue/status", chan, chanTicket, null, 200);
        assertThat(chanStatus.get("state").asString()).isEqualTo("WAITING");
        assertThat(chanStatus.get("position").asLong()).isEqualTo(1);

        // Both nodes agree, and nobody holds two places.
        JsonNode overviewA =
                call(portA, "GET", "/api/v1/operator/rounds/" + round + "/queue/overview", operator, null, null, 200);
        JsonNode overviewB =
                call(portB, "GET", "/api/v1/operator/rounds/" + round + "/queue/overview", operator, null, null, 200);
        assertThat(overviewA).isEqualTo(overviewB);
        assertThat(overviewA.get("waiting").asLong() + overviewA.get("admitted").asLong())
                .isEqualTo(3);

        // Ara links a card on A and pays on B; Bora gives her turn up on A, so Chan is admitted by either node.
        String araCard = card(portA, ara);
        JsonNode paid = call(
                portB,
                "POST",
                "/api/v1/rounds/" + round + "/checkouts",
                ara,
                null,
                "{\"faceValue\":400000,\"fundingSourceId\":\"" + araCard + "\"}",
                201,
                "two-nodes-ara-1");
        assertThat(paid.get("status").asString()).isEqualTo("PAID");
        call(portA, "DELETE", "/api/v1/rounds/" + round + "/queue/admission", bora, null, null, 204);
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> assertThat(call(
                                        portB,
                                        "GET",
                                        "/api/v1/rounds/" + round + "/queue/status",
                                        chan,
                                        chanTicket,
                                        null,
                                        200)
                                .get("state")
                                .asString())
                        .isEqualTo("ADMITTED"));
        String chanCard = card(portB, chan);
        assertThat(call(
                                portA,
                                "POST",
                                "/api/v1/rounds/" + round + "/checkouts",
                                chan,
                                null,
                                "{\"faceValue\":400000,\"fundingSourceId\":\"" + chanCard + "\"}",
                                201,
                                "two-nodes-chan-1")
                        .get("status")
                        .asString())
                .isEqualTo("PAID");

        // Sold out once; a latecomer is told at once on either node, and the ledger sold exactly the budget.
        await().atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> assertThat(call(
                                        portB,
                                        "GET",
                                        "/api/v1/operator/rounds/" + round + "/queue/overview",
                                        operator,
                                        null,
                                        null,
                                        200)
                                .get("soldOut")
                                .asBoolean())
                        .isTrue());
        TestSessions.SignedIn late = onA.signIn("최늦음", TestSessions.newPhone());
        JsonNode latePlace = call(portB, "POST", "/api/v1/rounds/" + round + "/queue", late, null, "{}", 201);
        assertThat(latePlace.get("status").get("state").asString()).isEqualTo("SOLD_OUT");
        JsonNode budget = call(portA, "GET", "/api/v1/rounds/" + round, null, null, null, 200)
                .get("budget");
        assertThat(budget.get("sold").asLong()).isEqualTo(800_000);
        assertThat(budget.get("held").asLong()).isZero();
    }

    /** The place id a ticket names (its payload is "round person placeId issuedAt"). */
    private static String placeId(String ticket) {
        String payload = new String(
                java.util.Base64.getUrlDecoder().decode(ticket.split("\\.")[2]),
                java.nio.charset.StandardCharsets.UTF_8);
        return payload.split(" ")[2];
    }

    private static String card(int port, TestSessions.SignedIn person) throws Exception {
        return call(
                        port,
                        "POST",
                        "/api/v1/me/funding-sources",
                        person,
                        null,
                        "{\"method\":\"CARD\",\"cardNumber\":\"4111111111111111\"}",
                        201)
                .get("id")
                .asString();
    }

    private static JsonNode call(
            int port, String method, String path, TestSessions.SignedIn who, String ticket, String body, int expected)
            throws Exception {
        return call(port, method, path, who, ticket, body, expected, null);
    }

    private static JsonNode call(
            int port,
            String method,
            String path,
            TestSessions.SignedIn who,
            String ticket,
            String body,
            int expected,
            String idempotencyKey)
            throws Exception {
        List<String> headers = new ArrayList<>();
        if (ticket != null) {
            headers.addAll(List.of("Dangol-Ticket", ticket));
        }
        if (idempotencyKey != null) {
            headers.addAll(List.of("Idempotency-Key", idempotencyKey));
        }
        JsonApi.Answer answer = new JsonApi(port)
                .send(method, path, who == null ? null : who.authorization(), body, headers.toArray(String[]::new));
        assertThat(answer.status()).as(answer.toString()).isEqualTo(expected);
        return answer.body().isEmpty() ? JSON.createObjectNode() : answer.json();
    }
}
