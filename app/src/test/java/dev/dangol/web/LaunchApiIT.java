package dev.dangol.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.dangol.testing.FreshDatabase;
import dev.dangol.testing.JsonApi;
import dev.dangol.testing.JsonApi.Answer;
import dev.dangol.testing.LaunchDay;
import dev.dangol.testing.LaunchDay.Citizen;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Launch day over real HTTP, as phones and the launch page call it: an operator schedules a small round opening a few
 * seconds ahead; citizens sign in, link a card or an account, join, poll with their ticket until the admission job lets
 * them in, pay through the in-process sandbox gateway and find the vouchers in their wallet; the round sells out to the
 * last won and a latecomer is told at once. Every bad request is a problem+json 4xx with a code and changes nothing,
 * and a new login finds the same place.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"dangol.demo.enabled=true", "server.address=127.0.0.1"})
@FreshDatabase(FreshDatabase.Engine.H2)
class LaunchApiIT {

    /** Passes the Luhn check and does not end in 0002, so the sandbox gateway approves it. */
    private static final String CARD = "4111111111111111";

    private static final String PROBLEM_JSON = "application/problem+json";

    @Autowired
    Environment environment;

    private LaunchDay day;
    private JsonApi api;

    @BeforeEach
    void launchDayOverHttp() {
        day = new LaunchDay(environment.getRequiredProperty("local.server.port", Integer.class));
        api = day.api();
    }

    @Test
    void citizensQueueAreAdmittedPayAndTheRoundSellsOutWhileALatecomerIsToldSoldOut() {
        Citizen ara = day.newCitizen("김아라");
        Citizen bora = day.newCitizen("이보라");
        String araCard = day.linkCard(ara, CARD);
        String boraAccount = day.linkBankAccount(bora, "110-222-333444");
        String round =
                day.scheduleRound("launch", 400_000, 200_000, Instant.now().plusSeconds(4));

        // Before opening: a place in the pre-queue, no position yet, and the draw's commitment is public.
        JsonNode araPlace = day.joined(ara, round, null);
        JsonNode boraPlace = day.joined(bora, round, 200_000L);
        assertThat(araPlace.get("rejoined").asBoolean()).isFalse();
        assertThat(araPlace.at("/status/state").asString()).isEqualTo("PRE_QUEUE");
        assertThat(araPlace.at("/status/position").asLong()).isZero();
        assertThat(araPlace.at("/status/waitLowSeconds").asLong()).isEqualTo(-1);
        assertThat(araPlace.at("/status/opensAt").asString()).isNotBlank();
        JsonNode draw = LaunchDay.require(api.get("/api/v1/rounds/" + round + "/draw", null), 200);
        assertThat(draw.get("seedCommitment").asString()).hasSize(64);
        assertThat(draw.path("seed").isMissingNode() || draw.get("seed").isNull())
                .isTrue();

        // At opening the admission job lets both in: the budget covers both their caps.
        String araTicket = araPlace.get("ticket").asString();
        String boraTicket = boraPlace.get("ticket").asString();
        JsonNode araAdmitted = day.awaitState(ara, round, araTicket, "ADMITTED");
        JsonNode boraAdmitted = day.awaitState(bora, round, boraTicket, "ADMITTED");
        assertThat(araAdmitted.get("hold").asLong()).isEqualTo(200_000);
        assertThat(Instant.parse(araAdmitted.get("holdExpiresAt").asString())).isAfter(Instant.now());
        assertThat(boraAdmitted.get("hold").asLong()).isEqualTo(200_000);
        JsonNode drawn = LaunchDay.require(api.get("/api/v1/rounds/" + round + "/draw", null), 200);
        assertThat(drawn.get("seed").asString()).hasSize(64);
        assertThat(drawn.get("participants")).hasSize(2);

        // Chan comes after opening: first come, first served, behind two holds that leave nothing in the pool.
        Citizen chan = day.newCitizen("박찬");
        JsonNode chanPlace = day.joined(chan, round, null);
        String chanTicket = chanPlace.get("ticket").asString();
        assertThat(chanPlace.at("/status/state").asString()).isEqualTo("WAITING");
        assertThat(chanPlace.at("/status/position").asLong()).isEqualTo(1);
        assertThat(chanPlace.at("/status/chance").asString()).isEqualTo("UNCERTAIN");
        assertThat(chanPlace.at("/status/pollAfterSeconds").asInt()).isBetween(1, 30);
        Answer chanPolls = day.status(chan, round, chanTicket);
        assertThat(chanPolls.headers().firstValue("Cache-Control")).hasValue("no-store");
        JsonNode chanWaits = LaunchDay.require(chanPolls, 200);
        assertThat(chanWaits.get("state").asString()).isEqualTo("WAITING");
        long low = chanWaits.get("waitLowSeconds").asLong();
        long high = chanWaits.get("waitHighSeconds").asLong();
        assertThat(low <= high).as("wait range %d..%d", low, high).isTrue();

        // Both pay: Ara by card, Bora from her bank account; the vouchers are in their wallets at face value.
        JsonNode araPaid = day.pay(ara, round, 200_000, araCard);
        assertThat(araPaid.get("status").asString()).isEqualTo("PAID");
        assertThat(araPaid.get("message").asString()).startsWith("Paid.");
        assertThat(day.awaitState(ara, round, araTicket, "BOUGHT").get("state").asString())
                .isEqualTo("BOUGHT");
        assertThat(day.wallet(ara).get("balance").asLong()).isEqualTo(200_000);
        assertThat(day.wallet(ara).get("lots").get(0).get("funding").asString()).isEqualTo("CARD");
        JsonNode boraPaid = day.pay(bora, round, 200_000, boraAccount);
        assertThat(boraPaid.get("status").asString()).isEqualTo("PAID");
        assertThat(day.wallet(bora).get("balance").asLong()).isEqualTo(200_000);

        // Sold out to the last won: Chan, still waiting, is told so; a latecomer's join answers SOLD_OUT and stores
        // nothing for them.
        JsonNode chanTold = day.awaitState(chan, round, chanTicket, "SOLD_OUT");
        assertThat(chanTold.get("chance").asString()).isEqualTo("NO_STOCK_LEFT");
        assertThat(day.status(ara, round, araTicket).json().get("state").asString())
                .isEqualTo("BOUGHT");
        Citizen dami = day.newCitizen("최다미");
        Answer late = day.join(dami, round, null);
        assertThat(late.status()).as(late.toString()).isIn(200, 201);
        assertThat(late.json().at("/status/state").asString()).isEqualTo("SOLD_OUT");
        assertThat(late.json().at("/status/chance").asString()).isEqualTo("NO_STOCK_LEFT");
        assertProblem(day.me(dami, round), 404, "NOT_IN_QUEUE");

        JsonNode budget = day.round(round).get("budget");
        assertThat(budget.get("sold").asLong()).isEqualTo(400_000);
        assertThat(budget.get("remaining").asLong()).isZero();
        assertThat(budget.get("held").asLong()).isZero();
        JsonNode overview = day.overview(round);
        assertThat(overview.get("soldOut").asBoolean()).isTrue();
        assertThat(overview.get("sold").asLong()).isEqualTo(400_000);
        assertThat(overview.get("pool").asLong()).isZero();
        assertThat(overview.get("holds").asLong()).isZero();
        // The sold-out round is closed by the same admission step that found it sold out.
        await("round " + round + " to be closed")
                .atMost(Duration.ofSeconds(10))
                .until(() -> day.round(round).get("status").asString(), "CLOSED"::equals);
        JsonNode audit =
                LaunchDay.require(api.get("/api/v1/ledger/audit", day.operator().authorization()), 200);
        assertThat(audit.get("balanced").asBoolean()).as(audit.toString()).isTrue();
    }

    @Test
    void everyBadRequestOfLaunchDayIsAProblemWithACodeAndChangesNothing() {
        // Ara is admitted for 100,000, Bora was admitted for her cap and has paid, Chan waits behind them with nothing
        // left in the pool; a closed round stands beside the open one.
        String round =
                day.scheduleRound("refusals", 300_000, 200_000, Instant.now().minusSeconds(1));
        String closed =
                day.scheduleRound("closed", 300_000, 200_000, Instant.now().minusSeconds(1));
        day.closeRound(closed);
        Citizen ara = day.newCitizen("김아라");
        Citizen bora = day.newCitizen("이보라");
        Citizen chan = day.newCitizen("박찬");
        Citizen dami = day.newCitizen("최다미");
        String araCard = day.linkCard(ara, CARD);
        String boraCard = day.linkCard(bora, CARD);
        String chanCard = day.linkCard(chan, CARD);
        String araTicket = day.joined(ara, round, 100_000L).get("ticket").asString();
        String boraTicket = day.joined(bora, round, null).get("ticket").asString();
        day.awaitState(ara, round, araTicket, "ADMITTED");
        day.awaitState(bora, round, boraTicket, "ADMITTED");
        String chanTicket = day.joined(chan, round, null).get("ticket").asString();
        String boraKey = LaunchDay.newKey();
        Answer boraCheckout = day.checkout(bora, round, 200_000, boraCard, boraKey);
        String boraCheckoutId = boraCheckout.json().get("id").asString();
        assertThat(day.awaitSettled(bora, boraCheckoutId).get("status").asString())
                .isEqualTo("PAID");
        assertThat(day.status(chan, round, chanTicket).json().get("state").asString())
                .isEqualTo("WAITING");
        Map<String, JsonNode> before = everything(round, closed, List.of(ara, bora, chan, dami), bora, boraCheckoutId);

        String checkouts = "/api/v1/rounds/" + round + "/checkouts";
        List<Refusal> refusals = new ArrayList<>();
        // Tickets: forged, altered, someone else's, missing, of another round.
        refusals.add(new Refusal(day.status(ara, round, forged(araTicket)), 400, "TICKET_INVALID"));
        refusals.add(new Refusal(day.status(ara, round, altered(araTicket)), 400, "TICKET_INVALID"));
        refusals.add(new Refusal(day.status(chan, round, araTicket), 403, "TICKET_NOT_YOURS"));
        refusals.add(new Refusal(day.status(ara, closed, araTicket), 400, "TICKET_INVALID"));
        refusals.add(
                new Refusal(api.get("/api/v1/rounds/" + round + "/queue/status", ara.auth()), 400, "TICKET_MISSING"));
        // Joining: a closed round, an unknown round, amounts that are not a unit, not positive, over the cap.
        refusals.add(new Refusal(day.join(dami, closed, null), 422, "ROUND_CLOSED"));
        refusals.add(new Refusal(day.join(dami, "no-such-round", null), 404, "ROUND_NOT_FOUND"));
        refusals.add(new Refusal(day.me(dami, "no-such-round"), 404, "ROUND_NOT_FOUND"));
        refusals.add(new Refusal(day.join(dami, round, 15_000L), 400, "NOT_A_UNIT"));
        refusals.add(new Refusal(day.join(dami, round, 0L), 400, "AMOUNT_NOT_POSITIVE"));
        refusals.add(new Refusal(day.join(dami, round, 210_000L), 400, "WANTED_OVER_CAP"));
        // Checking out: not admitted, more than the hold, more than the cap (a hold is never more than the cap),
        // not a unit, a funding source of someone else's, a key reused for another amount, no key, a bad key.
        refusals.add(new Refusal(day.checkout(chan, round, 10_000, chanCard, LaunchDay.newKey()), 422, "NOT_ADMITTED"));
        refusals.add(new Refusal(day.checkout(ara, round, 150_000, araCard, LaunchDay.newKey()), 422, "OVER_HOLD"));
        refusals.add(new Refusal(day.checkout(ara, round, 210_000, araCard, LaunchDay.newKey()), 422, "OVER_HOLD"));
        refusals.add(new Refusal(day.checkout(ara, round, 95_000, araCard, LaunchDay.newKey()), 400, "NOT_A_UNIT"));
        refusals.add(new Refusal(day.checkout(ara, round, 0, araCard, LaunchDay.newKey()), 400, "NOT_A_UNIT"));
        refusals.add(new Refusal(
                day.checkout(ara, round, 100_000, boraCard, LaunchDay.newKey()), 404, "FUNDING_SOURCE_NOT_FOUND"));
        refusals.add(new Refusal(day.checkout(bora, round, 100_000, boraCard, boraKey), 409, "IDEMPOTENCY_KEY_REUSED"));
        ObjectNode order = JsonApi.object().put("faceValue", 100_000).put("fundingSourceId", araCard);
        refusals.add(new Refusal(api.post(checkouts, ara.auth(), order), 400, "IDEMPOTENCY_KEY_MISSING"));
        refusals.add(new Refusal(
                api.post(checkouts, ara.auth(), order, "Idempotency-Key", "short"), 400, "IDEMPOTENCY_KEY_INVALID"));
        refusals.add(new Refusal(
                api.post(
                        checkouts,
                        ara.auth(),
                        JsonApi.object().put("faceValue", 100_000),
                        "Idempotency-Key",
                        "k-1234567"),
                400,
                "FIELD_MISSING"));
        refusals.add(new Refusal(
                api.send("POST", checkouts, ara.auth(), "{\"faceValue\":", "Idempotency-Key", LaunchDay.newKey()),
                400,
                "MALFORMED_REQUEST"));
        refusals.add(
                new Refusal(api.get("/api/v1/checkouts/" + boraCheckoutId, ara.auth()), 404, "CHECKOUT_NOT_FOUND"));
        // Giving up an admission one does not have; the operator's overview for a citizen.
        refusals.add(new Refusal(
                api.delete("/api/v1/rounds/" + round + "/queue/admission", chan.auth()), 422, "NOT_ADMITTED"));
        refusals.add(new Refusal(
                api.get("/api/v1/operator/rounds/" + round + "/queue/overview", ara.auth()), 403, "ROLE_REQUIRED"));
        // No session at all: every launch-day call of a citizen.
        refusals.add(new Refusal(
                api.post("/api/v1/rounds/" + round + "/queue", null, JsonApi.object()), 401, "SIGN_IN_REQUIRED"));
        refusals.add(new Refusal(
                api.get("/api/v1/rounds/" + round + "/queue/status", null, "Dangol-Ticket", araTicket),
                401,
                "SIGN_IN_REQUIRED"));
        refusals.add(new Refusal(api.get("/api/v1/rounds/" + round + "/queue/me", null), 401, "SIGN_IN_REQUIRED"));
        refusals.add(
                new Refusal(api.delete("/api/v1/rounds/" + round + "/queue/admission", null), 401, "SIGN_IN_REQUIRED"));
        refusals.add(new Refusal(
                api.post(checkouts, null, order, "Idempotency-Key", LaunchDay.newKey()), 401, "SIGN_IN_REQUIRED"));
        refusals.add(new Refusal(api.get("/api/v1/checkouts/" + boraCheckoutId, null), 401, "SIGN_IN_REQUIRED"));
        refusals.add(new Refusal(
                api.post(
                        "/api/v1/me/funding-sources",
                        null,
                        JsonApi.object().put("method", "CARD").put("cardNumber", CARD)),
                401,
                "SIGN_IN_REQUIRED"));

        for (Refusal refusal : refusals) {
            assertProblem(refusal.answer(), refusal.status(), refusal.code());
        }
        assertThat(everything(round, closed, List.of(ara, bora, chan, dami), bora, boraCheckoutId))
                .isEqualTo(before);
        // The refused people can still do what they are allowed to: Ara buys within her hold.
        assertThat(day.pay(ara, round, 100_000, araCard).get("status").asString())
                .isEqualTo("PAID");
    }

    @Test
    void signingInAgainReturnsTheSamePlaceThroughQueueMeAndThroughJoiningAgain() {
        String round =
                day.scheduleRound("relogin", 200_000, 200_000, Instant.now().minusSeconds(1));
        Citizen ara = day.newCitizen("김아라");
        String araTicket = day.joined(ara, round, null).get("ticket").asString();
        day.awaitState(ara, round, araTicket, "ADMITTED");
        Citizen bora = day.newCitizen("이보라");
        JsonNode place = day.joined(bora, round, null);
        String ticket = place.get("ticket").asString();
        assertThat(place.at("/status/state").asString()).isEqualTo("WAITING");
        assertThat(place.at("/status/position").asLong()).isEqualTo(1);
        long waiting = day.overview(round).get("waiting").asLong();

        // Bora's session ends (she signs out; her phone lost it); the old token is refused from then on.
        Citizen boraAgain = day.signInAgain(bora);
        assertProblem(day.me(bora, round), 401, "SESSION_ENDED");

        // Signed in again: her place, by the person, with a fresh ticket for the same place.
        Answer me = day.me(boraAgain, round);
        JsonNode found = LaunchDay.require(me, 200);
        assertThat(me.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(found.get("rejoined").asBoolean()).isTrue();
        assertThat(LaunchDay.placeId(found.get("ticket").asString())).isEqualTo(LaunchDay.placeId(ticket));
        assertThat(found.at("/status/state").asString()).isEqualTo("WAITING");
        assertThat(found.at("/status/position").asLong()).isEqualTo(1);
        // The ticket from before the new login still names her place.
        assertThat(LaunchDay.require(day.status(boraAgain, round, ticket), 200)
                        .get("position")
                        .asLong())
                .isEqualTo(1);

        // Joining again is the same: 200, the same place, no second one.
        Answer again = day.join(boraAgain, round, 50_000L);
        assertThat(again.status()).as(again.toString()).isEqualTo(200);
        assertThat(again.json().get("rejoined").asBoolean()).isTrue();
        assertThat(LaunchDay.placeId(again.json().get("ticket").asString())).isEqualTo(LaunchDay.placeId(ticket));
        assertThat(again.json().at("/status/position").asLong()).isEqualTo(1);
        assertThat(day.overview(round).get("waiting").asLong()).isEqualTo(waiting);

        // And when Ara gives her turn up, Bora's place is admitted for the amount of her first join.
        assertThat(api.delete("/api/v1/rounds/" + round + "/queue/admission", ara.auth())
                        .status())
                .isEqualTo(204);
        assertThat(day.awaitState(boraAgain, round, ticket, "ADMITTED")
                        .get("hold")
                        .asLong())
                .isEqualTo(200_000);
    }

    @Test
    void theLaunchShowsInThePrometheusMetrics() {
        String round =
                day.scheduleRound("metrics", 100_000, 100_000, Instant.now().minusSeconds(1));
        Citizen ara = day.newCitizen("김아라");
        String card = day.linkCard(ara, CARD);
        String ticket = day.joined(ara, round, null).get("ticket").asString();
        day.awaitState(ara, round, ticket, "ADMITTED");
        assertThat(day.pay(ara, round, 100_000, card).get("status").asString()).isEqualTo("PAID");

        String tag = "round=\"" + round + "\"";
        // The queue's gauges read the overview at most once a second.
        String scraped = await("the queue's gauges to show the sale")
                .atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(500))
                .until(this::scrape, body -> sample(body, "dangol_queue_sold", tag) == 100_000);
        List<String> names = metricNames(scraped);
        assertThat(names)
                .contains(
                        "dangol_queue_waiting",
                        "dangol_queue_admitted",
                        "dangol_queue_in_checkout",
                        "dangol_queue_holds",
                        "dangol_queue_held",
                        "dangol_queue_sold",
                        "dangol_queue_pool",
                        "dangol_queue_admissions_last_minute",
                        "dangol_queue_rate_cap",
                        "dangol_queue_paused",
                        "dangol_queue_sold_out",
                        "dangol_queue_admissions_total",
                        "dangol_sale_checkouts_total",
                        "dangol_sale_admitted_met_sold_out_total",
                        "dangol_sale_outcome_unknown_total",
                        "dangol_gateway_health_error_rate",
                        "dangol_gateway_health_latency_p90_nanoseconds",
                        "dangol_gateway_requests_seconds_count");
        assertThat(sample(scraped, "dangol_queue_sold", tag)).isEqualTo(100_000);
        assertThat(sample(scraped, "dangol_queue_admissions_total", tag)).isEqualTo(1);
        assertThat(sample(scraped, "dangol_sale_checkouts_total", "status=\"paid\""))
                .isGreaterThanOrEqualTo(1);
        assertThat(sample(
                        scraped, "dangol_gateway_requests_seconds_count", "operation=\"charge\",outcome=\"approved\""))
                .isGreaterThanOrEqualTo(1);
        assertThat(sample(scraped, "dangol_sale_admitted_met_sold_out_total", ""))
                .isZero();
    }

    /** The metrics as Prometheus reads them. */
    private String scrape() {
        Answer scraped = api.get("/actuator/prometheus", null, "Accept", "text/plain");
        assertThat(scraped.status()).as(scraped.toString()).isEqualTo(200);
        return scraped.body();
    }

    private record Refusal(Answer answer, int status, String code) {}

    private static void assertProblem(Answer answer, int status, String code) {
        assertThat(answer.status()).as(answer.toString()).isEqualTo(status);
        assertThat(answer.contentType()).as(answer.toString()).startsWith(PROBLEM_JSON);
        assertThat(answer.code()).as(answer.toString()).isEqualTo(code);
        assertThat(answer.json().path("detail").asString(""))
                .as(answer.toString())
                .matches("[A-Z].{10,}[.?]");
    }

    /**
     * Everything a refused request could have changed: the round's budget in the ledger, the waiting room as the
     * operator sees it (less the admissions of the last minute, which age by themselves), every person's place and
     * wallet, the paid checkout, and the closed round.
     */
    private Map<String, JsonNode> everything(
            String round, String closed, List<Citizen> people, Citizen payer, String checkoutId) {
        Map<String, JsonNode> state = new LinkedHashMap<>();
        state.put("round", day.round(round).get("budget"));
        ObjectNode overview = (ObjectNode) day.overview(round);
        overview.remove("admissionsLastMinute");
        state.put("overview", overview);
        state.put("closed", day.round(closed));
        for (Citizen person : people) {
            state.put("wallet " + person.name(), day.wallet(person));
            Answer me = day.me(person, round);
            ObjectNode place = JsonApi.object().put("status", me.status());
            if (me.status() == 200) {
                JsonNode status = me.json().get("status");
                place.put("placeId", LaunchDay.placeId(me.json().get("ticket").asString()))
                        .put("state", status.get("state").asString())
                        .put("position", status.get("position").asLong())
                        .put("hold", status.path("hold").asLong(0))
                        .put("holdExpiresAt", status.path("holdExpiresAt").asString(""));
            }
            state.put("place " + person.name(), place);
            state.put(
                    "closed place " + person.name(),
                    JsonApi.object().put("status", day.me(person, closed).status()));
        }
        state.put("checkout", LaunchDay.require(api.get("/api/v1/checkouts/" + checkoutId, payer.auth()), 200));
        return state;
    }

    /** A ticket signed with a key Dangol does not have, for a place of the same round and person. */
    private static String forged(String genuine) {
        String[] parts = genuine.split("\\.");
        byte[] signature = new byte[32];
        new SecureRandom().nextBytes(signature);
        return parts[0] + "." + parts[1] + "." + parts[2] + "."
                + Base64.getUrlEncoder().withoutPadding().encodeToString(signature);
    }

    /** The genuine ticket with one character of its payload changed, as a client claiming another place would. */
    private static String altered(String genuine) {
        String[] parts = genuine.split("\\.");
        char[] payload = parts[2].toCharArray();
        int middle = payload.length / 2;
        payload[middle] = payload[middle] == 'A' ? 'B' : 'A';
        String changed = new String(payload);
        assertThat(new String(Base64.getUrlDecoder().decode(changed), StandardCharsets.US_ASCII))
                .isNotEqualTo(new String(Base64.getUrlDecoder().decode(parts[2]), StandardCharsets.US_ASCII));
        return parts[0] + "." + parts[1] + "." + changed + "." + parts[3];
    }

    private static final Pattern SAMPLE = Pattern.compile("(?m)^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*\\})? (\\S+)");

    private static List<String> metricNames(String exposition) {
        List<String> names = new ArrayList<>();
        Matcher m = SAMPLE.matcher(exposition);
        while (m.find()) {
            if (m.group(1).startsWith("dangol_") && !names.contains(m.group(1))) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    /** A sample's value, which Prometheus writes as a float ({@code 100000.0}), as the whole number it must be. */
    private static long whole(String value) {
        assertThat(value).matches("-?[0-9]+(\\.0+)?");
        return Long.parseLong(value.replaceFirst("\\..*", ""));
    }

    /** The value of the first sample of {@code name} whose labels contain {@code label}, as a whole number. */
    private static long sample(String exposition, String name, String label) {
        Matcher m = SAMPLE.matcher(exposition);
        while (m.find()) {
            String labels = m.group(2) == null ? "" : m.group(2);
            if (m.group(1).equals(name) && labels.contains(label)) {
                return whole(m.group(3));
            }
        }
        throw new AssertionError("no sample " + name + " with " + label);
    }
}
