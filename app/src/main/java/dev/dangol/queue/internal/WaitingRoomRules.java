package dev.dangol.queue.internal;

import dev.dangol.gateway.GatewayHealth;
import dev.dangol.program.Program;
import dev.dangol.program.Programs;
import dev.dangol.program.Round;
import dev.dangol.program.RoundStatus;
import dev.dangol.queue.Chance;
import dev.dangol.queue.Draw;
import dev.dangol.queue.Hold;
import dev.dangol.queue.Place;
import dev.dangol.queue.QueueOverview;
import dev.dangol.queue.QueueState;
import dev.dangol.queue.QueueStatus;
import dev.dangol.queue.WaitingRoom;
import dev.dangol.queue.internal.QueueStore.AdmitLimits;
import dev.dangol.queue.internal.QueueStore.AdmitResult;
import dev.dangol.queue.internal.QueueStore.Counters;
import dev.dangol.queue.internal.QueueStore.EstimateOutcome;
import dev.dangol.queue.internal.QueueStore.Joined;
import dev.dangol.queue.internal.QueueStore.Outcome;
import dev.dangol.queue.internal.QueueStore.PreQueue;
import dev.dangol.queue.internal.QueueStore.RoundSetup;
import dev.dangol.queue.internal.QueueStore.Seen;
import dev.dangol.queue.internal.QueueStore.SetUp;
import dev.dangol.queue.internal.QueueStore.Waiter;
import dev.dangol.queue.internal.QueueStore.WaiterState;
import dev.dangol.shared.Money;
import dev.dangol.shared.PersonId;
import dev.dangol.shared.ProgramId;
import dev.dangol.shared.Rejection;
import dev.dangol.shared.RoundId;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.random.RandomGenerator;

/**
 * The rules of the waiting rooms over a {@link QueueStore}: validation, tickets, the draw's order, admission limits
 * from the configuration and the gateway's health, and what every waiter is told. Status polls cost one store call
 * and no database: what the rules need about a round is read from the programs once, when the round is first seen,
 * and refreshed off the hot path by {@link #refresh}.
 */
final class WaitingRoomRules implements WaitingRoom, AutoCloseable {

    /** Opening retries when another node is opening the same round at the same moment. */
    private static final int OPEN_TRIES = 50;

    private static final int POLL_ADMITTED_SECONDS = 5;
    private static final int POLL_DONE_SECONDS = 60;

    private final QueueStore store;
    private final Programs programs;
    private final GatewayHealth health;
    private final Clock clock;
    private final RandomGenerator random;
    private final Tickets tickets;
    private final QueueSettings settings;
    private final QueueEvents events;
    private final ConcurrentHashMap<RoundId, RoundFacts> rounds = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<RoundId, Draw> publishedDraws = new ConcurrentHashMap<>();

    /**
     * @param random the source of seeds and place ids: a {@code SecureRandom} in production, seeded in tests
     */
    WaitingRoomRules(
            QueueStore store,
            Programs programs,
            GatewayHealth health,
            Clock clock,
            RandomGenerator random,
            Tickets tickets,
            QueueSettings settings,
            QueueEvents events) {
        this.store = Objects.requireNonNull(store);
        this.programs = Objects.requireNonNull(programs);
        this.health = Objects.requireNonNull(health);
        this.clock = Objects.requireNonNull(clock);
        this.random = Objects.requireNonNull(random);
        this.tickets = Objects.requireNonNull(tickets);
        this.settings = Objects.requireNonNull(settings);
        this.events = Objects.requireNonNull(events);
    }

    /** What the rules cache about a round; the operator's status and closing time are refreshed off the hot path. */
    private static final class RoundFacts {
        final RoundId id;
        final ProgramId program;
        final Instant opensAt;
        final long unitKrw;
        final long capKrw;
        final RoundSetup setup;
        volatile RoundStatus status;
        volatile Instant closesAt;
        volatile boolean opened;

        RoundFacts(Round round, long unitKrw, RoundSetup setup) {
            this.id = round.id();
            this.program = round.programId();
            this.opensAt = round.opensAt();
            this.unitKrw = unitKrw;
            this.capKrw = round.perPersonCap().krw();
            this.setup = setup;
            this.status = round.status();
            this.closesAt = round.closesAt();
        }

        boolean closedAt(Instant now) {
            Instant closes = closesAt;
            return status == RoundStatus.CLOSED || (closes != null && !now.isBefore(closes));
        }
    }

    // ---- joining and polling

    @Override
    public Place join(RoundId round, PersonId person, Money wanted) {
        Objects.requireNonNull(person, "person");
        RoundFacts facts = facts(round);
        long wantedKrw = wanted(facts, wanted);
        Instant now = clock.instant();
        if (facts.closedAt(now)) {
            if (store.counters(round, now.toEpochMilli()).soldOut()) {
                return soldOutPlace(facts, person, now);
            }
            throw Rejection.refused("ROUND_CLOSED", "This round is closed: it sells nothing more.");
        }
        openIfDue(facts, now);
        Joined joined = store.join(
                round,
                person,
                newPlaceId(),
                wantedKrw,
                now.toEpochMilli(),
                settings.grace().toMillis());
        if (joined.waiter() == null) {
            return soldOutPlace(facts, person, now);
        }
        String ticket = tickets.issue(round, person, joined.waiter().placeId(), now);
        return new Place(ticket, joined.rejoined(), status(facts, person, joined.waiter(), joined.counters(), now));
    }

    @Override
    public QueueStatus status(String ticket, PersonId person) {
        Tickets.Claims claims = tickets.verify(ticket);
        return status(claims.round(), claims, person);
    }

    @Override
    public QueueStatus status(RoundId round, String ticket, PersonId person) {
        Tickets.Claims claims = tickets.verify(ticket);
        if (!claims.round().equals(round)) {
            throw Tickets.invalid();
        }
        return status(round, claims, person);
    }

    private QueueStatus status(RoundId round, Tickets.Claims claims, PersonId person) {
        if (!claims.person().equals(person)) {
            throw Rejection.forbidden(
                    "TICKET_NOT_YOURS",
                    "This queue ticket belongs to someone else. Open the queue page signed in as" + " yourself.");
        }
        RoundFacts facts = facts(round);
        Instant now = clock.instant();
        Optional<Seen> seen =
                store.touch(round, person, now.toEpochMilli(), settings.grace().toMillis());
        if (seen.isEmpty()) {
            return notInQueue(facts, now);
        }
        if (!seen.get().waiter().placeId().equals(claims.placeId())) {
            throw Tickets.invalid();
        }
        return status(facts, person, seen.get().waiter(), seen.get().counters(), now);
    }

    @Override
    public QueueStatus status(RoundId round, PersonId person) {
        RoundFacts facts = facts(round);
        Instant now = clock.instant();
        return store.touch(round, person, now.toEpochMilli(), settings.grace().toMillis())
                .map(seen -> status(facts, person, seen.waiter(), seen.counters(), now))
                .orElseGet(() -> notInQueue(facts, now));
    }

    @Override
    public Optional<Place> place(RoundId round, PersonId person) {
        RoundFacts facts = facts(round);
        Instant now = clock.instant();
        return store.touch(round, person, now.toEpochMilli(), settings.grace().toMillis())
                .map(seen -> new Place(
                        tickets.issue(round, person, seen.waiter().placeId(), now),
                        true,
                        status(facts, person, seen.waiter(), seen.counters(), now)));
    }

    private QueueStatus notInQueue(RoundFacts facts, Instant now) {
        boolean soldOut = store.counters(facts.id, now.toEpochMilli()).soldOut();
        return simple(facts, QueueState.NOT_IN_QUEUE, Chance.UNCERTAIN, soldOut);
    }

    private Place soldOutPlace(RoundFacts facts, PersonId person, Instant now) {
        // Nothing is stored for a latecomer to a sold-out round; the ticket's place exists nowhere, and its every
        // poll answers SOLD_OUT because the flag never clears.
        String ticket = tickets.issue(facts.id, person, newPlaceId(), now);
        return new Place(ticket, false, simple(facts, QueueState.SOLD_OUT, Chance.NO_STOCK_LEFT, true));
    }

    private long wanted(RoundFacts facts, Money wanted) {
        if (wanted == null) {
            return facts.capKrw;
        }
        if (!wanted.isPositive()) {
            throw Rejection.invalid("AMOUNT_NOT_POSITIVE", "The amount you want to buy must be more than 0 KRW.");
        }
        if (!wanted.isMultipleOf(Money.krw(facts.unitKrw))) {
            throw Rejection.invalid(
                    "NOT_A_UNIT", "Vouchers of this round come in steps of " + Money.krw(facts.unitKrw) + ".");
        }
        if (wanted.krw() > facts.capKrw) {
            throw Rejection.invalid(
                    "WANTED_OVER_CAP", "You may buy at most " + Money.krw(facts.capKrw) + " in this round.");
        }
        return wanted.krw();
    }

    // ---- what a waiter is told

    private QueueStatus status(RoundFacts facts, PersonId person, Waiter waiter, Counters counters, Instant now) {
        long nowMillis = now.toEpochMilli();
        return switch (waiter.state()) {
            case BOUGHT -> simple(facts, QueueState.BOUGHT, Chance.LIKELY, counters.soldOut());
            case EXPIRED -> simple(facts, QueueState.EXPIRED, Chance.UNCERTAIN, counters.soldOut());
            case IN_CHECKOUT -> holding(facts, QueueState.IN_CHECKOUT, waiter, POLL_ADMITTED_SECONDS);
            case ADMITTED -> {
                long left = (waiter.holdExpiresAtMillis() - nowMillis) / 1_000;
                if (waiter.holdExpiresAtMillis() <= nowMillis) {
                    // Lapsed: the next admission step returns the hold to the pool.
                    yield simple(facts, QueueState.EXPIRED, Chance.UNCERTAIN, counters.soldOut());
                }
                yield holding(facts, QueueState.ADMITTED, waiter, Math.clamp(left, 1, POLL_ADMITTED_SECONDS));
            }
            case PRE_QUEUE, WAITING, PASSED, RETURNING -> waiting(facts, person, waiter, counters, now);
        };
    }

    private QueueStatus waiting(RoundFacts facts, PersonId person, Waiter waiter, Counters counters, Instant now) {
        if (counters.soldOut()) {
            return simple(facts, QueueState.SOLD_OUT, Chance.NO_STOCK_LEFT, true);
        }
        if (facts.closedAt(now)) {
            return simple(facts, QueueState.CLOSED, Chance.NO_STOCK_LEFT, false);
        }
        long likely = WaitEstimates.likelyKrw(counters, facts.capKrw);
        if (waiter.state() == WaiterState.PRE_QUEUE || !counters.opened()) {
            long untilOpen = Math.max(0, facts.opensAt.getEpochSecond() - now.getEpochSecond());
            Chance chance = WaitEstimates.chance(
                    0,
                    WaitEstimates.saturatedTimes(counters.preQueued(), likely),
                    facts.unitKrw,
                    counters.poolKrw(),
                    counters.heldKrw(),
                    likely);
            return new QueueStatus(
                    facts.id,
                    QueueState.PRE_QUEUE,
                    0,
                    -1,
                    -1,
                    chance,
                    Math.clamp(untilOpen, WaitEstimates.POLL_MIN_SECONDS, WaitEstimates.POLL_MAX_SECONDS),
                    null,
                    null,
                    facts.opensAt);
        }
        boolean returning = waiter.state() == WaiterState.RETURNING || waiter.state() == WaiterState.PASSED;
        long position = returning ? 1 : Math.max(1, waiter.seq() - counters.head());
        Chance chance = WaitEstimates.chance(
                position - 1, waiter.wantedKrw(), facts.unitKrw, counters.poolKrw(), counters.heldKrw(), likely);
        if (counters.paused() || facts.status == RoundStatus.PAUSED) {
            // Paused waiters keep their place; no wait can be promised until the operator resumes.
            return new QueueStatus(
                    facts.id,
                    QueueState.CLOSED,
                    position,
                    -1,
                    -1,
                    chance,
                    WaitEstimates.POLL_MAX_SECONDS,
                    null,
                    null,
                    facts.opensAt);
        }
        WaitEstimates.Range range =
                WaitEstimates.range(position + counters.returning(), waiter.wantedKrw(), counters, now.toEpochMilli());
        if (range.known() && waiter.estimateSeconds() < 0) {
            store.recordEstimate(facts.id, person, range.meanSeconds(), now.toEpochMilli());
        }
        return new QueueStatus(
                facts.id,
                QueueState.WAITING,
                position,
                range.lowSeconds(),
                range.highSeconds(),
                chance,
                // Nothing can reach someone told there is no stock left for them; they still hear the final word
                // (sold out, or stock coming back) within a minute, and the waiting room is spared their polls.
                chance == Chance.NO_STOCK_LEFT ? POLL_DONE_SECONDS : WaitEstimates.pollAfterSeconds(position, range),
                null,
                null,
                facts.opensAt);
    }

    private static QueueStatus holding(RoundFacts facts, QueueState state, Waiter waiter, int pollAfter) {
        return new QueueStatus(
                facts.id,
                state,
                0,
                -1,
                -1,
                Chance.LIKELY,
                pollAfter,
                Money.krw(waiter.holdKrw()),
                Instant.ofEpochMilli(waiter.holdExpiresAtMillis()),
                facts.opensAt);
    }

    /**
     * A status with nothing to wait for. Everyone of a sold-out round who did not buy is told so, including those
     * whose turn lapsed: "sold out" is the answer that tells them nothing more can come.
     */
    private static QueueStatus simple(RoundFacts facts, QueueState state, Chance chance, boolean soldOut) {
        boolean waiterOfSoldOut = soldOut && state != QueueState.BOUGHT;
        return new QueueStatus(
                facts.id,
                waiterOfSoldOut ? QueueState.SOLD_OUT : state,
                0,
                -1,
                -1,
                waiterOfSoldOut ? Chance.NO_STOCK_LEFT : chance,
                POLL_DONE_SECONDS,
                null,
                null,
                facts.opensAt);
    }

    // ---- admission

    @Override
    public int admit(RoundId round, Instant now) {
        RoundFacts facts = facts(round);
        if (now.isBefore(facts.opensAt)) {
            return 0;
        }
        openIfDue(facts, now);
        boolean stopped = facts.closedAt(now) || facts.status == RoundStatus.PAUSED;
        long maxInFlight = settings.maxInFlight();
        boolean judged = health.recentCalls() >= settings.healthCallsMin();
        int errors = health.errorRateBasisPoints();
        if (judged && errors > settings.stopErrorRateBasisPoints()) {
            stopped = true;
        } else if ((judged && errors > settings.slowErrorRateBasisPoints())
                || health.latencyP90().compareTo(settings.slowLatency()) > 0) {
            maxInFlight = Math.max(1, maxInFlight / 2);
        }
        AdmitResult result = store.admit(
                round,
                new AdmitLimits(
                        now.toEpochMilli(),
                        settings.holdTime().toMillis(),
                        settings.absentAfter().toMillis(),
                        maxInFlight,
                        settings.batchMax(),
                        stopped));
        for (EstimateOutcome outcome : result.estimates()) {
            long actual = Math.max(1, outcome.actualSeconds());
            events.waitEstimateError(round, Math.abs(actual - outcome.estimatedSeconds()) * 100 / actual);
        }
        if (result.admitted() > 0) {
            events.admitted(round, result.admitted());
        }
        if (result.soldOutNow()) {
            events.soldOut(round);
        }
        return result.admitted();
    }

    /** Draws the pre-queue and opens the round if its time has come; once per round across every node. */
    private void openIfDue(RoundFacts facts, Instant now) {
        if (facts.opened || now.isBefore(facts.opensAt)) {
            return;
        }
        String seed = facts.setup.seedHex();
        store.open(facts.id, now.toEpochMilli(), placeIds -> Draws.order(seed, placeIds));
        facts.opened = true;
    }

    // ---- checkout

    @Override
    public Hold beginCheckout(RoundId round, PersonId person, Money amount, Instant checkoutDeadline) {
        RoundFacts facts = facts(round);
        requireUnits(facts, amount);
        Instant now = clock.instant();
        if (checkoutDeadline == null || !checkoutDeadline.isAfter(now)) {
            throw Rejection.invalid("CHECKOUT_DEADLINE_PASSED", "A checkout needs a deadline in the future.");
        }
        Outcome outcome =
                store.beginCheckout(round, person, amount.krw(), checkoutDeadline.toEpochMilli(), now.toEpochMilli());
        if (outcome != Outcome.OK) {
            throw refusal(outcome);
        }
        return new Hold(round, person, amount, checkoutDeadline);
    }

    @Override
    public void checkoutPaid(RoundId round, PersonId person, Money amount) {
        requireUnits(facts(round), amount);
        Outcome outcome = store.checkoutPaid(round, person, amount.krw());
        if (outcome != Outcome.OK) {
            throw refusal(outcome);
        }
    }

    @Override
    public void checkoutFailed(RoundId round, PersonId person, Money amount) {
        requireUnits(facts(round), amount);
        // Not in checkout (the hold lapsed meanwhile, or a retry already reported the failure): nothing to undo.
        store.checkoutFailed(round, person);
    }

    @Override
    public void release(RoundId round, PersonId person) {
        facts(round);
        Outcome outcome = store.release(round, person);
        if (outcome != Outcome.OK) {
            throw refusal(outcome);
        }
    }

    @Override
    public boolean takeFromPool(RoundId round, Money amount) {
        requireUnits(facts(round), amount);
        return store.takeFromPool(round, amount.krw());
    }

    @Override
    public void returnToPool(RoundId round, Money amount) {
        requireUnits(facts(round), amount);
        Outcome outcome = store.returnToPool(round, amount.krw());
        if (outcome != Outcome.OK) {
            throw refusal(outcome);
        }
    }

    private static void requireUnits(RoundFacts facts, Money amount) {
        if (amount == null || !amount.isPositive() || !amount.isMultipleOf(Money.krw(facts.unitKrw))) {
            throw Rejection.invalid(
                    "NOT_A_UNIT",
                    "An amount of this round must be a positive multiple of " + Money.krw(facts.unitKrw) + ".");
        }
    }

    private static Rejection refusal(Outcome outcome) {
        return switch (outcome) {
            case NOT_ADMITTED ->
                Rejection.refused(
                        "NOT_ADMITTED",
                        "You have not been admitted to buy in this round: wait for your turn in the" + " queue.");
            case HOLD_EXPIRED ->
                Rejection.refused(
                        "HOLD_EXPIRED",
                        "Your admission lapsed before it was used, and its budget went to the next"
                                + " person in the queue.");
            case CHECKOUT_IN_PROGRESS ->
                Rejection.conflict(
                        "CHECKOUT_IN_PROGRESS",
                        "A payment for your admission is already under way: wait for its" + " result.");
            case OVER_HOLD ->
                Rejection.refused(
                        "OVER_HOLD",
                        "That is more than your admission holds for you: buy at most the amount shown"
                                + " with your admission.");
            case NOT_IN_CHECKOUT ->
                Rejection.refused("NOT_IN_CHECKOUT", "There is no payment under way for your admission.");
            case OVER_SOLD ->
                Rejection.invalid("RETURN_OVER_SOLD", "More budget cannot go back to the round than it has sold.");
            case OK -> throw new IllegalArgumentException("not a refusal");
        };
    }

    // ---- operators

    @Override
    public void pause(RoundId round) {
        facts(round);
        store.setPaused(round, true);
    }

    @Override
    public void resume(RoundId round) {
        facts(round);
        store.setPaused(round, false);
    }

    /** The largest rate cap an operator may set: far above any gateway's capacity. */
    static final int RATE_CAP_MAX = 100_000;

    @Override
    public void capRate(RoundId round, int admissionsPerSecond) {
        facts(round);
        if (admissionsPerSecond < 0 || admissionsPerSecond > RATE_CAP_MAX) {
            throw Rejection.invalid(
                    "RATE_CAP_INVALID", "The rate cap must be 0 (no cap) to " + RATE_CAP_MAX + " admissions a second.");
        }
        store.setRateCap(round, admissionsPerSecond);
    }

    @Override
    public QueueOverview overview(RoundId round) {
        facts(round);
        Counters c = store.counters(round, clock.millis());
        long waiting = c.opened() ? c.lastSeq() - c.head() + c.returning() : c.preQueued();
        return new QueueOverview(
                round,
                waiting,
                c.admitted(),
                c.inCheckout(),
                c.holds(),
                Money.krw(c.heldKrw()),
                Money.krw(c.soldKrw()),
                Money.krw(c.poolKrw()),
                c.admissionsLastMinute(),
                c.rateCap(),
                c.paused(),
                c.soldOut());
    }

    @Override
    public Draw draw(RoundId round) {
        Draw published = publishedDraws.get(round);
        if (published != null) {
            return published;
        }
        RoundFacts facts = facts(round);
        PreQueue preQueue = store.preQueue(round);
        if (!preQueue.drawn()) {
            return new Draw(round, facts.setup.seedCommitmentHex(), null, List.of());
        }
        Draw draw = new Draw(round, facts.setup.seedCommitmentHex(), facts.setup.seedHex(), preQueue.placeIds());
        publishedDraws.put(round, draw);
        return draw;
    }

    // ---- rounds

    /**
     * Re-reads what the rules cache about the rounds they know (the operator's status and closing time), and sets up
     * the rounds that open within {@code warmUp}, so that their seed commitment is published before opening. Runs off
     * the hot path, from the admission job.
     */
    void refresh(Instant now, java.time.Duration warmUp) {
        for (RoundFacts facts : rounds.values()) {
            programs.round(facts.id).ifPresent(round -> {
                facts.status = round.status();
                facts.closesAt = round.closesAt();
            });
        }
        for (Program program : programs.programs()) {
            for (Round round : programs.rounds(program.id())) {
                if (!rounds.containsKey(round.id())
                        && round.status() != RoundStatus.CLOSED
                        && !round.opensAt().isAfter(now.plus(warmUp))
                        && (round.closesAt() == null || round.closesAt().isAfter(now))) {
                    facts(round.id());
                }
            }
        }
    }

    /** The rounds seen so far that have opened or open by {@code now}: the ones admission steps are for. */
    List<RoundId> roundsOpenBy(Instant now) {
        List<RoundId> open = new ArrayList<>();
        for (RoundFacts facts : rounds.values()) {
            if (!facts.opensAt.isAfter(now)) {
                open.add(facts.id);
            }
        }
        return open;
    }

    /** The rounds seen so far. */
    List<RoundId> rounds() {
        return List.copyOf(rounds.keySet());
    }

    private RoundFacts facts(RoundId round) {
        Objects.requireNonNull(round, "round");
        RoundFacts known = rounds.get(round);
        if (known != null) {
            return known;
        }
        RoundFacts loaded = load(round);
        RoundFacts raced = rounds.putIfAbsent(round, loaded);
        if (raced != null) {
            return raced;
        }
        events.roundSeen(round);
        return loaded;
    }

    private RoundFacts load(RoundId id) {
        Round round = programs.round(id)
                .orElseThrow(() -> Rejection.notFound("ROUND_NOT_FOUND", "There is no round " + id + "."));
        Program program = programs.program(round.programId())
                .orElseThrow(() -> new IllegalStateException("round " + id + " names no program"));
        long remaining = programs.budget(id).remaining().krw();
        String seed;
        synchronized (random) {
            seed = Draws.newSeed(random);
        }
        RoundSetup wanted = new RoundSetup(
                round.opensAt().toEpochMilli(),
                program.purchaseUnit().krw(),
                round.perPersonCap().krw(),
                remaining,
                seed,
                Draws.commitment(seed));
        SetUp setUp = store.setUp(id, wanted, clock.millis());
        if (setUp.origin() == QueueStore.Origin.RESTORED) {
            // After a restart the ledger is the truth: the pool is what it has left less the holds still out.
            store.rebasePool(id, remaining);
        }
        return new RoundFacts(round, program.purchaseUnit().krw(), setUp.setup());
    }

    /** Closes the store (a second close, by the store's own owner, does nothing). */
    @Override
    public void close() {
        store.close();
    }

    private String newPlaceId() {
        synchronized (random) {
            return PlaceIds.random(random);
        }
    }
}
