package dev.dangol.loadgen;

import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import tools.jackson.databind.JsonNode;

/**
 * One simulated person on launch morning, run on its own virtual thread: signs in through the development verifier,
 * links a bank account (and a card that is declined, for some), queues before or after opening, polls when the
 * server says, steps away and comes back, logs in again, and once admitted pays (slowly, or not at all, or gives the
 * turn up, or sends the same payment twice with the same key). What it was told is kept here; the end-of-run checks
 * compare it with the database and the gateway, never with counters of the generator's own.
 */
public final class Citizen implements Runnable {

    /** What a person does once admitted. */
    public enum Kind {
        BUYER,
        /** Never pays: the hold lapses; comes back later to hear how it ended. */
        ABANDONER,
        /** Gives the turn up at once. */
        GIVES_UP
    }

    static final int PAY_ATTEMPTS_MAX = 4;
    static final int CHECKOUT_POLLS_MAX = 120;
    /** Tries of a sign-in, a link or a join that the server failed (5xx) or left unanswered. */
    static final int FAILED_TRIES_MAX = 3;

    private static final String GOOD_ACCOUNT =
            "{\"method\":\"BANK_ACCOUNT\",\"bankCode\":\"004\"," + "\"accountNumber\":\"123-456-78-9012\"}";
    /** The sandbox declines tokens of numbers ending in 0002 (docs/api.md). */
    private static final String DECLINED_CARD = "{\"method\":\"CARD\",\"cardNumber\":\"4000000000000002\"}";

    // Who the person is and how they will behave; fixed before the run from the scenario's seed.
    final int index;
    final String phone;
    final String name;
    final Kind kind;
    final long wantedKrw;
    final boolean preQueues;
    final long arriveAtMillis;
    final boolean slowPayer;
    final boolean declinedFirst;
    final boolean retriesSameKey;
    final boolean logsInAgain;
    final boolean stepsAway;
    final int stepsAwaySeconds;
    private final SplittableRandom random;

    // What happened, written by the person's own thread only and read after it ended.
    String personId;
    String placeId;
    String lastState = "NOT_STARTED";
    int lastPollAfterSeconds;
    long lastStatusAtMillis;
    long estimateShownAtMillis = -1;
    long estimateLowSeconds = -1;
    long estimateHighSeconds = -1;
    long estimatePosition = -1;
    /**
     * Every range this person was shown while waiting, in the order shown: when (local milliseconds), low and high
     * seconds, three longs each; at most {@link #RANGES_KEPT_MAX}.
     */
    long[] rangesShown = new long[3 * 16];

    int rangesShownCount;
    long lastWaitingAtMillis = -1;
    long admittedSeenAtMillis = -1;
    boolean steppedAwayBeforeAdmission;
    long toldSoldOutAtMillis = -1;
    int pollAfterWhenToldSoldOut = -1;
    String stateBeforeSoldOut = "";
    long joinedAtMillis = -1;
    final List<String> checkoutIds = new ArrayList<>();
    final List<String> problems = new ArrayList<>();
    String metSoldOutAtPayment;
    String lostPlace;
    String sameKeyAnsweredOtherCheckout;
    int reLogins;
    int unexpectedAnswers;
    long lastSleepMillis;
    int retriedAfterFailure;
    private String signInProblem = "";
    String finalState = "";

    private String token;
    private String ticket;
    private String goodSource;
    private String declinedSource;
    private boolean awayDone;
    private boolean reLoginDone;
    private int payAttempts;
    private long lastPosition = Long.MAX_VALUE;

    private Replay replay;

    Citizen(int index, String phone, String name, Scenario scenario, long opensAtMillis, SplittableRandom random) {
        this.index = index;
        this.phone = phone;
        this.name = name;
        this.random = random;
        Scenario.Behaviour b = scenario.behaviour();
        double roll = random.nextDouble();
        this.kind = roll < b.abandonShare()
                ? Kind.ABANDONER
                : roll < b.abandonShare() + b.givesUpShare() ? Kind.GIVES_UP : Kind.BUYER;
        if (random.nextDouble() < b.wantedLessShare()) {
            long units = (b.wantedLessMaxKrw() - b.wantedLessMinKrw()) / scenario.unitKrw();
            long wanted = b.wantedLessMinKrw() + scenario.unitKrw() * random.nextLong(units + 1);
            this.wantedKrw = Math.min(scenario.perPersonCapKrw(), wanted - wanted % scenario.unitKrw());
        } else {
            this.wantedKrw = scenario.perPersonCapKrw();
        }
        this.preQueues = random.nextDouble() < scenario.preQueueShare();
        long lead = scenario.preQueueLeadSeconds() * 1_000L;
        this.arriveAtMillis = preQueues
                ? opensAtMillis - lead + random.nextLong(Math.max(1, lead - 2_000))
                : opensAtMillis + scenario.arrivals().sampleMillis(random);
        this.slowPayer = random.nextDouble() < b.slowPayerShare();
        this.declinedFirst = random.nextDouble() < b.declinedFirstShare();
        this.retriesSameKey = random.nextDouble() < b.retrySameKeyShare();
        this.logsInAgain = random.nextDouble() < b.reLoginShare();
        this.stepsAway = random.nextDouble() < b.stepsAwayShare();
        this.stepsAwaySeconds =
                b.stepsAwayMinSeconds() + random.nextInt(b.stepsAwayMaxSeconds() - b.stepsAwayMinSeconds() + 1);
    }

    void attach(Replay replay) {
        this.replay = replay;
    }

    @Override
    public void run() {
        try {
            sleepUntil(arriveAtMillis);
            if (!signIn()) {
                return;
            }
            linkFunding();
            JsonNode place = join();
            if (place == null) {
                return;
            }
            JsonNode status = place.path("status");
            while (!replay.pastDeadline()) {
                String next = act(status);
                if (next == null) {
                    return;
                }
                status = poll();
            }
            problems.add("still " + lastState + " when the run's time limit came");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            problems.add("interrupted while " + lastState);
        } catch (RuntimeException e) {
            problems.add("failed while " + lastState + ": " + e);
        }
    }

    /**
     * The most ranges kept for one person. The server asks for a poll at most once a second, so a run of up to 4,096 s
     * after opening (more than an hour) keeps every one; later ones would not be kept.
     */
    static final int RANGES_KEPT_MAX = 4_096;

    private void keepRange(long atMillis, long lowSeconds, long highSeconds) {
        if (rangesShownCount == RANGES_KEPT_MAX) {
            return;
        }
        if (3 * (rangesShownCount + 1) > rangesShown.length) {
            rangesShown = Arrays.copyOf(rangesShown, rangesShown.length * 2);
        }
        rangesShown[3 * rangesShownCount] = atMillis;
        rangesShown[3 * rangesShownCount + 1] = lowSeconds;
        rangesShown[3 * rangesShownCount + 2] = highSeconds;
        rangesShownCount++;
    }

    /** Reacts to a status; returns null when this person is done, otherwise what happened. */
    private String act(JsonNode status) throws InterruptedException {
        if (status == null || status.isMissingNode()) {
            Thread.sleep(2_000);
            return "retry";
        }
        String state = status.path("state").asString("");
        long now = replay.nowMillis();
        if (!state.equals("SOLD_OUT")) {
            stateBeforeSoldOut = state;
        }
        lastState = state;
        lastStatusAtMillis = now;
        int pollAfter = status.path("pollAfterSeconds").asInt(2);
        switch (state) {
            case "PRE_QUEUE", "WAITING" -> {
                lastPollAfterSeconds = pollAfter;
                if (state.equals("WAITING")) {
                    long position = status.path("position").asLong(-1);
                    if (position > lastPosition && lostPlace == null) {
                        lostPlace = "position went from " + lastPosition + " to " + position;
                    }
                    lastPosition = position;
                    lastWaitingAtMillis = now;
                    long low = status.path("waitLowSeconds").asLong(-1);
                    if (low >= 0) {
                        keepRange(now, low, status.path("waitHighSeconds").asLong(-1));
                    }
                    if (estimateShownAtMillis < 0 && low >= 0) {
                        estimateShownAtMillis = now;
                        estimateLowSeconds = low;
                        estimateHighSeconds = status.path("waitHighSeconds").asLong(-1);
                        estimatePosition = position;
                    }
                }
                long sleep = Math.max(1, pollAfter) * 1_000L;
                if (stepsAway && !awayDone && state.equals("WAITING") && random.nextDouble() < 0.3) {
                    // The phone sleeps; the person comes back later, within the grace period.
                    awayDone = true;
                    steppedAwayBeforeAdmission = true;
                    sleep += stepsAwaySeconds * 1_000L;
                }
                lastSleepMillis = sleep;
                Thread.sleep(sleep);
                if (logsInAgain && !reLoginDone && state.equals("WAITING")) {
                    reLoginDone = true;
                    reLogIn();
                }
                return "poll";
            }
            case "ADMITTED" -> {
                if (admittedSeenAtMillis < 0) {
                    admittedSeenAtMillis = now;
                }
                lastPollAfterSeconds = 0;
                switch (kind) {
                    case BUYER -> pay(status);
                    case ABANDONER -> {
                        Instant expires = instant(status.path("holdExpiresAt").asString(""));
                        sleepUntil((expires == null ? now + 30_000 : replay.toLocalMillis(expires)) + 2_000);
                    }
                    case GIVES_UP -> {
                        replay.http().call(node(), "DELETE admission", "DELETE", queuePath("/admission"), token, null);
                        Thread.sleep(1_000);
                    }
                }
                return "poll";
            }
            case "IN_CHECKOUT" -> {
                Thread.sleep(1_000);
                return "poll";
            }
            case "BOUGHT" -> {
                return null;
            }
            case "SOLD_OUT" -> {
                if (toldSoldOutAtMillis < 0) {
                    toldSoldOutAtMillis = now;
                    pollAfterWhenToldSoldOut = lastPollAfterSeconds;
                }
                return null;
            }
            case "EXPIRED", "CLOSED" -> {
                // Nothing to do but learn how it ends: the round sells out or the turn comes back.
                lastPollAfterSeconds = Math.max(2, Math.min(10, pollAfter));
                lastSleepMillis = lastPollAfterSeconds * 1_000L;
                Thread.sleep(lastSleepMillis);
                return "poll";
            }
            default -> {
                problems.add("was told state '" + state + "'");
                if (state.equals("NOT_IN_QUEUE") && lostPlace == null) {
                    lostPlace = "told NOT_IN_QUEUE after joining";
                }
                return null;
            }
        }
    }

    /**
     * Signs in, and tries again (at most {@link #FAILED_TRIES_MAX} times in all, a few seconds apart) when the server
     * failed or did not answer, as a person facing "cannot connect to the network" would.
     */
    private boolean signIn() throws InterruptedException {
        for (int attempt = 1; ; attempt++) {
            int status = signInOnce();
            if (status == 200) {
                return true;
            }
            if (status < 500 || attempt >= FAILED_TRIES_MAX) {
                problems.add(signInProblem + (attempt > 1 ? " (" + attempt + " tries)" : ""));
                return false;
            }
            retriedAfterFailure++;
            Thread.sleep(2_000 + random.nextInt(3_000));
        }
    }

    /** One sign-in; answers 200, or the status of the step that failed. */
    private int signInOnce() throws InterruptedException {
        URI pinned = replay.http().node(index, true);
        String body = DangolHttp.json(Map.of("name", name, "phone", phone));
        DangolHttp.Answer started =
                replay.http().call(pinned, "POST verifications", "POST", "/api/v1/identity/verifications", null, body);
        if (started.status() != 201) {
            signInProblem = "sign-in refused: " + started.status() + " " + started.code();
            lastState = "SIGN_IN_FAILED";
            return started.status();
        }
        DangolHttp.Answer done = replay.http()
                .call(
                        pinned,
                        "POST verifications/complete",
                        "POST",
                        "/api/v1/identity/verifications/" + started.text("verificationId") + "/complete",
                        null,
                        DangolHttp.json(Map.of("code", started.text("devCode"))));
        if (done.status() != 200) {
            signInProblem = "sign-in completion refused: " + done.status() + " " + done.code();
            lastState = "SIGN_IN_FAILED";
            return done.status();
        }
        token = done.text("token");
        String id = done.body().path("person").path("id").asString("");
        if (personId != null && !personId.equals(id)) {
            problems.add("signed in again as another person: " + personId + " then " + id);
        }
        personId = id;
        return 200;
    }

    private void linkFunding() throws InterruptedException {
        DangolHttp.Answer good = null;
        for (int attempt = 1; attempt <= FAILED_TRIES_MAX; attempt++) {
            good = replay.http()
                    .call(node(), "POST funding-sources", "POST", "/api/v1/me/funding-sources", token, GOOD_ACCOUNT);
            if (good.status() < 500) {
                break;
            }
            retriedAfterFailure++;
            Thread.sleep(2_000 + random.nextInt(3_000));
        }
        goodSource = good.text("id");
        if (good.status() != 201 && good.status() != 200) {
            problems.add("linking an account refused: " + good.status() + " " + good.code());
        }
        if (declinedFirst) {
            DangolHttp.Answer bad = replay.http()
                    .call(node(), "POST funding-sources", "POST", "/api/v1/me/funding-sources", token, DECLINED_CARD);
            declinedSource = bad.text("id");
        }
    }

    private JsonNode join() throws InterruptedException {
        String body = wantedKrw == replay.scenario().perPersonCapKrw() ? "{}" : "{\"wanted\":" + wantedKrw + "}";
        DangolHttp.Answer joined = null;
        for (int attempt = 1; attempt <= FAILED_TRIES_MAX; attempt++) {
            joined = replay.http().call(node(), "POST queue (join)", "POST", queuePath(""), token, body);
            if (joined.status() < 500) {
                break;
            }
            retriedAfterFailure++;
            Thread.sleep(2_000 + random.nextInt(3_000));
        }
        if (joined.status() != 201 && joined.status() != 200) {
            problems.add("join refused: " + joined.status() + " " + joined.code());
            lastState = "JOIN_FAILED";
            return null;
        }
        joinedAtMillis = replay.nowMillis();
        ticket = joined.text("ticket");
        placeId = placeIdOf(ticket);
        return joined.body();
    }

    /** A new session, as on another phone: the place must come back by person, with a fresh ticket. */
    private void reLogIn() throws InterruptedException {
        reLogins++;
        if (!signIn()) {
            return;
        }
        String body = wantedKrw == replay.scenario().perPersonCapKrw() ? "{}" : "{\"wanted\":" + wantedKrw + "}";
        DangolHttp.Answer again = replay.http().call(node(), "POST queue (join)", "POST", queuePath(""), token, body);
        if (again.status() != 200 && again.status() != 201) {
            problems.add("joining again after a new login refused: " + again.status() + " " + again.code());
            return;
        }
        String state = again.body().path("status").path("state").asString("");
        boolean stillInRound = !state.equals("SOLD_OUT");
        if (stillInRound
                && (!again.body().path("rejoined").asBoolean(false)
                        || !placeIdOf(again.text("ticket")).equals(placeId))) {
            lostPlace = "a new login got " + (again.body().path("rejoined").asBoolean(false) ? "another" : "a new")
                    + " place (" + state + ")";
        }
        ticket = again.text("ticket");
    }

    private JsonNode poll() throws InterruptedException {
        DangolHttp.Answer answer = replay.http()
                .call(node(), "GET queue/status", "GET", queuePath("/status"), token, null, "Dangol-Ticket", ticket);
        if (answer.status() == 200) {
            return answer.body().has("status") ? answer.body().path("status") : answer.body();
        }
        if (answer.status() == 400 || answer.status() == 401 || answer.status() == 404) {
            unexpectedAnswers++;
            // A lost ticket or session: get the place back as a person would, from /queue/me.
            DangolHttp.Answer me = replay.http().call(node(), "GET queue/me", "GET", queuePath("/me"), token, null);
            if (me.status() == 200) {
                ticket = me.text("ticket");
                return me.body().path("status");
            }
            if (me.status() == 401 && signIn()) {
                return null;
            }
            problems.add("status refused: " + answer.status() + " " + answer.code() + ", then /me " + me.status());
        }
        unexpectedAnswers++;
        return null;
    }

    /** Pays for the hold: think, check out, follow the checkout until it has an answer. */
    private void pay(JsonNode status) throws InterruptedException {
        Scenario.Behaviour b = replay.scenario().behaviour();
        int think = slowPayer
                ? b.slowPayMinSeconds() + random.nextInt(b.slowPayMaxSeconds() - b.slowPayMinSeconds() + 1)
                : b.payThinkMinSeconds() + random.nextInt(b.payThinkMaxSeconds() - b.payThinkMinSeconds() + 1);
        Thread.sleep(think * 1_000L);
        long hold = status.path("hold").asLong(0);
        long unit = replay.scenario().unitKrw();
        long amount = Math.min(hold, wantedKrw);
        amount -= amount % unit;
        if (amount <= 0 || payAttempts >= PAY_ATTEMPTS_MAX) {
            Thread.sleep(2_000);
            return;
        }
        payAttempts++;
        String source = declinedFirst && payAttempts == 1 && declinedSource != null ? declinedSource : goodSource;
        String key = replay.runId() + "-" + index + "-" + payAttempts;
        String body = "{\"faceValue\":" + amount + ",\"fundingSourceId\":\"" + source + "\"}";
        String path = "/api/v1/rounds/" + replay.roundId() + "/checkouts";
        DangolHttp.Answer answer =
                replay.http().call(node(), "POST checkouts", "POST", path, token, body, "Idempotency-Key", key);
        if (retriesSameKey && payAttempts == 1) {
            // The answer "got lost": the app sends the same payment again with the same key.
            DangolHttp.Answer again =
                    replay.http().call(node(), "POST checkouts", "POST", path, token, body, "Idempotency-Key", key);
            String first = answer.text("id");
            String second = again.text("id");
            if (!first.isEmpty() && !first.equals(second)) {
                sameKeyAnsweredOtherCheckout = first + " then " + second + " (" + again.status() + ")";
            }
        }
        if (answer.status() == 422
                && (answer.code().equals("ROUND_SOLD_OUT") || answer.code().equals("ROUND_BUDGET_TOO_SMALL"))) {
            metSoldOutAtPayment = answer.code();
            return;
        }
        if (answer.status() != 201 && answer.status() != 202) {
            if (!answer.code().equals("HOLD_EXPIRED") && !answer.code().equals("NOT_ADMITTED")) {
                problems.add("checkout refused: " + answer.status() + " " + answer.code());
            }
            Thread.sleep(1_000);
            return;
        }
        String id = answer.text("id");
        checkoutIds.add(id);
        String checkoutStatus = answer.text("status");
        for (int i = 0;
                i < CHECKOUT_POLLS_MAX && (checkoutStatus.equals("PAYING") || checkoutStatus.equals("LATE_APPROVAL"));
                i++) {
            Thread.sleep(1_000);
            DangolHttp.Answer followed =
                    replay.http().call(node(), "GET checkouts/{id}", "GET", "/api/v1/checkouts/" + id, token, null);
            if (followed.status() == 200) {
                checkoutStatus = followed.text("status");
            }
        }
        String reason = answer.text("reason");
        if (reason.contains("SOLD_OUT") || reason.contains("BUDGET")) {
            metSoldOutAtPayment = reason;
        }
        if (!checkoutStatus.equals("PAID")) {
            Thread.sleep(1_000 + random.nextInt(2_000)); // and try again while the turn lasts
        }
    }

    /** What the server says of this person's place now ({@code GET /queue/me}), after the run. */
    String askFinalState() throws InterruptedException {
        DangolHttp.Answer me = replay.http().call(node(), "GET queue/me", "GET", queuePath("/me"), token, null);
        if (me.status() == 200) {
            return me.body().path("status").path("state").asString("");
        }
        return me.code().isEmpty() ? "HTTP_" + me.status() : me.code();
    }

    private URI node() {
        return replay.http().node(index, false);
    }

    private String queuePath(String rest) {
        return "/api/v1/rounds/" + replay.roundId() + "/queue" + rest;
    }

    private void sleepUntil(long atMillis) throws InterruptedException {
        long wait = atMillis - replay.nowMillis();
        if (wait > 0) {
            Thread.sleep(wait);
        }
    }

    private static Instant instant(String text) {
        try {
            return text.isEmpty() ? null : Instant.parse(text);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The place id is the third word of the ticket's payload (docs/design.md). */
    static String placeIdOf(String ticket) {
        String[] parts = ticket.split("\\.");
        if (parts.length != 4) {
            return "";
        }
        try {
            String payload = new String(
                    java.util.Base64.getUrlDecoder().decode(parts[2]), java.nio.charset.StandardCharsets.UTF_8);
            String[] words = payload.split(" ");
            return words.length >= 3 ? words[2] : "";
        } catch (IllegalArgumentException e) {
            return "";
        }
    }
}
