package dev.dangol.testing;

import static org.awaitility.Awaitility.await;

import dev.dangol.testing.JsonApi.Answer;
import dev.dangol.testing.TestSessions.SignedIn;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import tools.jackson.databind.JsonNode;

/**
 * Launch day over HTTP, step by step as the launch page and the operator's console take it: an operator schedules a
 * round of a demo program, citizens link a card or an account, join the waiting room, poll their place, check out and
 * read their wallet. Every step that is refused throws with the answer, unless the method returns the answer itself;
 * every wait is bounded.
 */
public final class LaunchDay {

    /** The demo's town program (unit 10,000 KRW, 400,000 a month, 7% off); needs {@code dangol.demo.enabled=true}. */
    public static final String PROGRAM = "seoul-love";

    /** How long the admission job (every 200 ms) may take to admit someone, with room for a busy machine. */
    public static final Duration ADMISSION_WAIT = Duration.ofSeconds(30);

    private final JsonApi api;
    private final TestSessions sessions;

    public LaunchDay(int port) {
        this.api = new JsonApi(port);
        this.sessions = new TestSessions(port);
    }

    public JsonApi api() {
        return api;
    }

    public TestSessions sessions() {
        return sessions;
    }

    public SignedIn operator() {
        return sessions.demoOperator();
    }

    /** Signs a new member up under a number no other test uses. */
    public Citizen newCitizen(String name) {
        String phone = TestSessions.newPhone();
        return new Citizen(name, phone, sessions.signIn(name, phone));
    }

    /** A member as a test knows them: the name and number they verify with and their current session. */
    public record Citizen(String name, String phone, SignedIn session) {

        public String auth() {
            return session.authorization();
        }

        public String id() {
            return session.personId();
        }
    }

    /**
     * Signs the member out and in again: a new session for the same person, as after a phone's app was killed or a
     * session ended while waiting.
     */
    public Citizen signInAgain(Citizen citizen) {
        Answer out = api.delete("/api/v1/me/session", citizen.auth());
        require(out, 204);
        Citizen again = new Citizen(citizen.name(), citizen.phone(), sessions.signIn(citizen.name(), citizen.phone()));
        if (again.session().token().equals(citizen.session().token())) {
            throw new IllegalStateException("signing in again gave the old session");
        }
        return again;
    }

    /** A round id no other test uses. */
    public static String newRoundId(String prefix) {
        return prefix + "-"
                + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    }

    /** The operator schedules a round of the demo's town program; answers the round's id. */
    public String scheduleRound(String prefix, long budget, long perPersonCap, Instant opensAt) {
        String round = newRoundId(prefix);
        Answer scheduled = api.put(
                "/api/v1/rounds/" + round,
                operator().authorization(),
                JsonApi.object()
                        .put("programId", PROGRAM)
                        .put("name", "Launch test " + round)
                        .put("budget", budget)
                        .put("perPersonCap", perPersonCap)
                        .put("opensAt", opensAt.toString()));
        require(scheduled, 200);
        return round;
    }

    /** The operator closes a round. */
    public void closeRound(String round) {
        require(
                api.post(
                        "/api/v1/rounds/" + round + "/status",
                        operator().authorization(),
                        JsonApi.object().put("status", "CLOSED")),
                200);
    }

    /** Links a card; answers the funding source's id. */
    public String linkCard(Citizen citizen, String cardNumber) {
        Answer linked = api.post(
                "/api/v1/me/funding-sources",
                citizen.auth(),
                JsonApi.object().put("method", "CARD").put("cardNumber", cardNumber));
        return require(linked, 201).get("id").asString();
    }

    /** Links a bank account; answers the funding source's id. */
    public String linkBankAccount(Citizen citizen, String accountNumber) {
        Answer linked = api.post(
                "/api/v1/me/funding-sources",
                citizen.auth(),
                JsonApi.object()
                        .put("method", "BANK_ACCOUNT")
                        .put("bankCode", "004")
                        .put("accountNumber", accountNumber));
        return require(linked, 201).get("id").asString();
    }

    /** Joins a round's queue ({@code wanted} null for the cap); answers as it came. */
    public Answer join(Citizen citizen, String round, Long wanted) {
        return api.post(
                queue(round),
                citizen.auth(),
                wanted == null ? JsonApi.object() : JsonApi.object().put("wanted", wanted));
    }

    /** Joins and expects a place, new (201) or kept (200); answers the place. */
    public JsonNode joined(Citizen citizen, String round, Long wanted) {
        Answer joined = join(citizen, round, wanted);
        if (joined.status() != 200 && joined.status() != 201) {
            throw new IllegalStateException("joining failed: " + joined);
        }
        return joined.json();
    }

    public Answer status(Citizen citizen, String round, String ticket) {
        return api.get(queue(round) + "/status", citizen.auth(), "Dangol-Ticket", ticket);
    }

    /** The place and a fresh ticket of the signed-in person, as after a new login; answers as it came. */
    public Answer me(Citizen citizen, String round) {
        return api.get(queue(round) + "/me", citizen.auth());
    }

    /** Polls with the ticket, as the page does, until the state is {@code state}; answers that status. */
    public JsonNode awaitState(Citizen citizen, String round, String ticket, String state) {
        return await("the place of " + citizen.name() + " in " + round + " to be " + state)
                .atMost(ADMISSION_WAIT)
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () -> require(status(citizen, round, ticket), 200),
                        s -> state.equals(s.path("state").asString("")));
    }

    /** Checks out; answers as it came. */
    public Answer checkout(Citizen citizen, String round, long faceValue, String fundingSourceId, String key) {
        return api.post(
                "/api/v1/rounds/" + round + "/checkouts",
                citizen.auth(),
                JsonApi.object().put("faceValue", faceValue).put("fundingSourceId", fundingSourceId),
                "Idempotency-Key",
                key);
    }

    /** Checks out with a new key and waits until the checkout is settled; answers the settled checkout. */
    public JsonNode pay(Citizen citizen, String round, long faceValue, String fundingSourceId) {
        Answer started = checkout(citizen, round, faceValue, fundingSourceId, newKey());
        if (started.status() != 201 && started.status() != 202) {
            throw new IllegalStateException("checking out failed: " + started);
        }
        return awaitSettled(citizen, started.json().get("id").asString());
    }

    /** Reads a checkout until it leaves PAYING (and LATE_APPROVAL); answers it. */
    public JsonNode awaitSettled(Citizen citizen, String checkoutId) {
        return await("checkout " + checkoutId + " to be settled")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(200))
                .until(
                        () -> require(api.get("/api/v1/checkouts/" + checkoutId, citizen.auth()), 200),
                        c -> !c.path("status").asString("").equals("PAYING")
                                && !c.path("status").asString("").equals("LATE_APPROVAL"));
    }

    public JsonNode wallet(Citizen citizen) {
        return require(api.get("/api/v1/citizens/" + citizen.id() + "/wallets/" + PROGRAM, citizen.auth()), 200);
    }

    /** The round as anyone reads it: phase, status and budget (total, remaining, held, sold). */
    public JsonNode round(String round) {
        return require(api.get("/api/v1/rounds/" + round, null), 200);
    }

    /** The operator's overview of a round's waiting room. */
    public JsonNode overview(String round) {
        return require(
                api.get(
                        "/api/v1/operator/rounds/" + round + "/queue/overview",
                        operator().authorization()),
                200);
    }

    /** A fresh idempotency key. */
    public static String newKey() {
        return UUID.randomUUID().toString();
    }

    /** The place id a ticket names: the third word of its payload (docs/design.md, "Places and tickets"). */
    public static String placeId(String ticket) {
        String payload = ticket.split("\\.")[2];
        String[] words = new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8).split(" ");
        return words[2];
    }

    /** The body of a successful answer; anything else throws with the answer. */
    public static JsonNode require(Answer answer, int status) {
        if (answer.status() != status) {
            throw new IllegalStateException("expected " + status + ": " + answer);
        }
        return answer.json();
    }

    private static String queue(String round) {
        return "/api/v1/rounds/" + URLEncoder.encode(round, StandardCharsets.UTF_8) + "/queue";
    }
}
