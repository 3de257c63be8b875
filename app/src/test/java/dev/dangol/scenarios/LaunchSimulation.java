package dev.dangol.scenarios;

import dev.dangol.gateway.Gateways;
import dev.dangol.gateway.PaymentGateway;
import dev.dangol.ledger.Ledger;
import dev.dangol.ledger.LedgerAudit;
import dev.dangol.ledger.Ledgers;
import dev.dangol.program.FundingMethod;
import dev.dangol.program.ProgramCatalogs;
import dev.dangol.program.ProgramDefaults;
import dev.dangol.program.Programs;
import dev.dangol.program.Round;
import dev.dangol.program.RoundBudget;
import dev.dangol.program.RoundStatus;
import dev.dangol.queue.Place;
import dev.dangol.queue.QueueOverview;
import dev.dangol.queue.QueueState;
import dev.dangol.queue.QueueStatus;
import dev.dangol.queue.WaitingRoom;
import dev.dangol.sale.Checkout;
import dev.dangol.sale.CheckoutId;
import dev.dangol.sale.CheckoutOrder;
import dev.dangol.sale.CheckoutStatus;
import dev.dangol.sale.Checkouts;
import dev.dangol.sale.Sales;
import dev.dangol.sandbox.Behaviour;
import dev.dangol.sandbox.Captures;
import dev.dangol.sandbox.LatencyProfile;
import dev.dangol.sandbox.Payment;
import dev.dangol.sandbox.PaymentState;
import dev.dangol.sandbox.SandboxGateway;
import dev.dangol.sandbox.SimulatedTime;
import dev.dangol.shared.Money;
import dev.dangol.shared.PersonId;
import dev.dangol.shared.ProgramId;
import dev.dangol.shared.Rejection;
import dev.dangol.shared.RoundId;
import dev.dangol.wallet.IdempotencyKey;
import dev.dangol.wallet.Purchase;
import dev.dangol.wallet.Wallets;
import dev.dangol.wallet.internal.LedgerWallets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A whole launch in simulated time: a Seoul-Love-like round (25,000,000,000 KRW, 400,000 cap, 7% off) meets a crowd
 * that pre-queues, surges at opening, polls when told, walks away and comes back, logs in again, gives up, and pays
 * through a sandbox gateway that errs, times out and repeats its webhooks. Every component is the real one; only
 * time is simulated, so a launch of an hour runs in a minute or two.
 *
 * <p>What the people did is checked against the books at the end by {@link Report}, not against the simulation's own
 * counters: the ledger, the round's budget, the sandbox's captures and the saga's checkouts.
 */
final class LaunchSimulation {

    static final Instant OPENING = Instant.parse("2026-11-23T01:00:00Z");
    static final ProgramId PROGRAM = ProgramId.of("seoul-love");
    static final RoundId ROUND = RoundId.of("seoul-2022-replay");
    static final long UNIT = 10_000;
    static final Duration TICK = Duration.ofMillis(200);
    static final Duration LIMIT = Duration.ofHours(3);
    static final long BUDGET_KRW = 25_000_000_000L;
    /** How long an admission holds budget: the waiting rooms under test must be made with it. */
    static final Duration HOLD_TIME = Duration.ofMinutes(5);

    private static final Logger LOG = LoggerFactory.getLogger(LaunchSimulation.class);

    /** How each simulated person behaves once admitted. */
    enum Kind {
        BUYER,
        /** Admitted, then never pays: the hold lapses. */
        ABANDONER,
        /** Admitted, then gives the turn up at once. */
        GIVES_UP
    }

    /** What one simulated person did and was told. */
    static final class Person {
        final int index;
        final PersonId id;
        final Kind kind;
        final Money wanted;
        final boolean declinedFirst;
        final boolean logsInAgain;
        final boolean stepsAway;
        String ticket;
        long lastPosition = Long.MAX_VALUE;
        int attempts;
        Checkout checkout;
        QueueState last;
        Instant toldSoldOutAt;
        Instant admittedAt;
        boolean done;
        boolean lostPlace;
        boolean metSoldOutAtPayment;
        int lastPollAfter;
        long nextPollMillis;
        Duration toldLate;
        /** The wait ranges shown while waiting, at log-spaced moments: enough to find the first and a mid-wait one. */
        final WaitAccuracy.Shown shown = new WaitAccuracy.Shown();
        /** When the waiting room admitted the person (not when they noticed), or 0. */
        long admittedAtMillis;

        Person(int index, Kind kind, Money wanted, boolean declinedFirst, boolean logsInAgain, boolean stepsAway) {
            this.index = index;
            this.id = PersonId.of("sim-" + index);
            this.kind = kind;
            this.wanted = wanted;
            this.declinedFirst = declinedFirst;
            this.logsInAgain = logsInAgain;
            this.stepsAway = stepsAway;
        }
    }

    private record Event(long atMillis, long order, Person person, Step step) {}

    private enum Step {
        ARRIVE,
        POLL,
        BUY,
        FOLLOW_CHECKOUT,
        LOG_IN_AGAIN
    }

    private final int people;
    private final long seed;
    private final SimulatedTime time = new SimulatedTime(OPENING.minus(Duration.ofMinutes(10)));
    private final Clock clock = time.clock();
    private final PriorityQueue<Event> events = new PriorityQueue<>(
            (a, b) -> a.atMillis != b.atMillis ? Long.compare(a.atMillis, b.atMillis) : Long.compare(a.order, b.order));
    private long order;

    final Ledger ledger;
    final Programs programs;
    final Wallets wallets;
    final SandboxGateway sandbox;
    final WaitingRoom room;
    final Checkouts checkouts;
    final List<Person> crowd = new ArrayList<>();
    Instant soldOutAt;

    /**
     * @param rooms makes the waiting room under test from the programme catalogue and the clock
     */
    LaunchSimulation(int people, long seed, BiFunction<Programs, Clock, WaitingRoom> rooms) {
        this(people, seed, BUDGET_KRW, rooms);
    }

    /**
     * @param budgetKrw the round's budget: a scaled-down crowd gets a budget scaled alike, so that the same share
     *     of it is served
     */
    LaunchSimulation(int people, long seed, long budgetKrw, BiFunction<Programs, Clock, WaitingRoom> rooms) {
        this.people = people;
        this.seed = seed;
        ledger = Ledgers.inMemory(clock);
        programs = ProgramCatalogs.inMemory(ledger, clock);
        wallets = new LedgerWallets(ledger, programs, clock, Duration.ofMinutes(10));
        programs.define(ProgramDefaults.regional(PROGRAM, "Seoul Love", "11000"));
        programs.schedule(new Round(
                ROUND,
                PROGRAM,
                "Seoul Love 2022 replay",
                Money.krw(budgetKrw),
                OPENING,
                null,
                Money.krw(400_000),
                700,
                RoundStatus.ACTIVE));
        AtomicReference<Checkouts> webhooks = new AtomicReference<>();
        Behaviour gatewayBehaviour = Behaviour.INSTANT
                .withLatency(LatencyProfile.NONE)
                .withErrorBasisPoints(500)
                .withTimeoutBasisPoints(200)
                .withDuplicateWebhookBasisPoints(1_000)
                .withLateWebhooks(500, Duration.ofSeconds(20));
        sandbox = new SandboxGateway(
                clock,
                new SplittableRandom(seed),
                time,
                webhook -> {
                    Checkouts target = webhooks.get();
                    if (target != null) {
                        target.paymentNotified(Gateways.result(webhook.payment()));
                    }
                },
                SandboxGateway.Limits.DEFAULT,
                gatewayBehaviour);
        PaymentGateway gateway = Gateways.sandbox(sandbox, duration -> {}, Duration.ofSeconds(3));
        room = rooms.apply(programs, clock);
        checkouts = Sales.inMemory(
                room, wallets, gateway, clock, Duration.ofMinutes(10), Duration.ofMinutes(1), Duration.ofSeconds(30));
        webhooks.set(checkouts);
    }

    /** Runs the launch until everyone is done and nothing is in flight; returns what the books say. */
    Report run() throws Exception {
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = 0; i < people; i++) {
            double roll = random.nextDouble();
            Kind kind = roll < 0.90 ? Kind.BUYER : roll < 0.95 ? Kind.ABANDONER : Kind.GIVES_UP;
            Money wanted = random.nextDouble() < 0.85
                    ? null
                    : Money.krw(UNIT * (10 + random.nextInt(21))); // 100,000 to 300,000
            Person person = new Person(
                    i,
                    kind,
                    wanted,
                    random.nextDouble() < 0.03,
                    random.nextDouble() < 0.05,
                    random.nextDouble() < 0.05);
            crowd.add(person);
            // A fifth pre-queue in the half hour before opening; the rest surge in the first minutes after it.
            long arriveMillis = random.nextDouble() < 0.2
                    ? OPENING.toEpochMilli()
                            - random.nextLong(Duration.ofMinutes(30).toMillis())
                    : OPENING.toEpochMilli() + (long) (-90_000 * Math.log(1 - random.nextDouble()));
            schedule(arriveMillis, person, Step.ARRIVE);
        }
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Instant end = OPENING.plus(LIMIT);
            long ticks = 0;
            while (clock.instant().isBefore(end)) {
                time.advance(TICK);
                Instant now = clock.instant();
                room.admit(ROUND, now);
                QueueOverview overview = room.overview(ROUND);
                if (soldOutAt == null && overview.soldOut()) {
                    soldOutAt = now;
                }
                if (ticks % 300 == 0) {
                    LOG.info(
                            "{}: waiting {}, admitted {}, in checkout {}, sold {}, pool {}, admitted last minute {},"
                                    + " events {}",
                            now,
                            overview.waiting(),
                            overview.admitted(),
                            overview.inCheckout(),
                            overview.sold(),
                            overview.pool(),
                            overview.admissionsLastMinute(),
                            events.size());
                }
                if (ticks++ % 5 == 0) {
                    // What a node's jobs do every second: ask the gateway about unknown outcomes, let the ledger
                    // void reservations that lapsed, and give their limits back.
                    checkouts.resolveUnknown(1_000);
                    ledger.expirePendingTransfers(1_000);
                    wallets.returnLapsedLimits(1_000);
                }
                // Everyone whose moment has come acts at once, as from many phones: one task per person, so that a
                // person's own steps stay in order while the stores and the ledger see concurrent callers.
                Map<Person, List<Event>> due = new LinkedHashMap<>();
                while (!events.isEmpty() && events.peek().atMillis <= now.toEpochMilli()) {
                    Event event = events.poll();
                    due.computeIfAbsent(event.person, p -> new ArrayList<>()).add(event);
                }
                ConcurrentLinkedQueue<Event> next = new ConcurrentLinkedQueue<>();
                List<Future<?>> running = new ArrayList<>(due.size());
                long tick = ticks;
                for (Map.Entry<Person, List<Event>> mine : due.entrySet()) {
                    running.add(pool.submit(() -> {
                        SplittableRandom own =
                                new SplittableRandom(seed * 31 + mine.getKey().index * 1_000_003L + tick);
                        for (Event event : mine.getValue()) {
                            if (event.step == Step.BUY || event.step == Step.FOLLOW_CHECKOUT) {
                                pay(event, now, next);
                            } else {
                                act(event, now, own, next);
                            }
                        }
                        return null;
                    }));
                }
                for (Future<?> f : running) {
                    f.get();
                }
                next.forEach(e -> schedule(e.atMillis, e.person, e.step));
                if (events.isEmpty() && soldOutAt != null && time.pendingTasks() == 0) {
                    break;
                }
            }
        }
        return new Report(this);
    }

    private void schedule(long atMillis, Person person, Step step) {
        events.add(new Event(atMillis, order++, person, step));
    }

    private static void later(ConcurrentLinkedQueue<Event> next, long atMillis, Person person, Step step) {
        next.add(new Event(atMillis, 0, person, step));
    }

    private void act(Event event, Instant now, SplittableRandom random, ConcurrentLinkedQueue<Event> next) {
        Person p = event.person;
        switch (event.step) {
            case ARRIVE -> {
                Place place = room.join(ROUND, p.id, p.wanted);
                p.ticket = place.ticket();
                seen(p, place.status(), now, random, next);
                if (p.logsInAgain && !p.done) {
                    later(next, now.toEpochMilli() + 1_000 + random.nextLong(60_000), p, Step.LOG_IN_AGAIN);
                }
            }
            case POLL -> seen(p, room.status(ROUND, p.ticket, p.id), now, random, next);
            case LOG_IN_AGAIN -> {
                if (p.done) {
                    return;
                }
                // A new session on another phone: the place comes back by person, with a fresh ticket.
                Place again = room.join(ROUND, p.id, p.wanted);
                if (!again.rejoined()) {
                    p.lostPlace = true;
                }
                p.ticket = again.ticket();
                seen(p, again.status(), now, random, next);
            }
            default -> throw new IllegalStateException(event.step.name());
        }
    }

    /** What a person does with a status: wait as told, buy when admitted, stop when done. */
    private void seen(
            Person p, QueueStatus status, Instant now, SplittableRandom random, ConcurrentLinkedQueue<Event> next) {
        p.last = status.state();
        p.lastPollAfter = status.pollAfterSeconds();
        if (status.state() != QueueState.PRE_QUEUE
                && status.state() != QueueState.WAITING
                && status.state() != QueueState.SOLD_OUT) {
            p.nextPollMillis = 0; // only a waiter's polling interval is a promise about hearing of the sell-out
        }
        long at = now.toEpochMilli();
        switch (status.state()) {
            case PRE_QUEUE, WAITING -> {
                if (status.state() == QueueState.WAITING && status.position() > p.lastPosition) {
                    p.lostPlace = true; // a place only ever moves forward
                }
                if (status.state() == QueueState.WAITING) {
                    p.lastPosition = status.position();
                    if (status.waitLowSeconds() >= 0) {
                        p.shown.add(at, status.waitLowSeconds(), status.waitHighSeconds());
                    }
                }
                long after = status.pollAfterSeconds() * 1_000L;
                if (p.stepsAway && random.nextDouble() < 0.1) {
                    after += 60_000; // the phone sleeps a minute; within the grace period
                }
                p.nextPollMillis = after;
                later(next, at + after, p, Step.POLL);
            }
            case ADMITTED -> {
                if (p.admittedAt == null) {
                    p.admittedAt = now;
                    // The hold runs for the hold time from the admission itself, which the person noticed later.
                    p.admittedAtMillis = status.holdExpiresAt().toEpochMilli() - HOLD_TIME.toMillis();
                }
                if (p.checkout != null && p.checkout.status() == CheckoutStatus.PAYING) {
                    return;
                }
                switch (p.kind) {
                    case BUYER -> later(next, at + 3_000 + random.nextLong(40_000), p, Step.BUY);
                    case ABANDONER -> later(next, at + Duration.ofMinutes(10).toMillis(), p, Step.POLL);
                    case GIVES_UP -> {
                        room.release(ROUND, p.id);
                        later(next, at + 30_000, p, Step.POLL);
                    }
                }
            }
            case IN_CHECKOUT -> later(next, at + 2_000, p, Step.POLL);
            case BOUGHT -> p.done = true;
            case SOLD_OUT -> {
                p.done = true;
                if (p.toldSoldOutAt == null) {
                    p.toldSoldOutAt = now;
                    // Someone waiting when it sold out must hear it at the poll the server last asked for.
                    if (soldOutAt != null && p.nextPollMillis > 0 && p.last == QueueState.SOLD_OUT) {
                        Duration after = Duration.between(soldOutAt, now);
                        if (after.toMillis() > p.nextPollMillis + 2 * TICK.toMillis()) {
                            p.toldLate = after;
                        }
                    }
                }
            }
            case EXPIRED, CLOSED -> later(next, at + 30_000, p, Step.POLL);
            case NOT_IN_QUEUE -> throw new IllegalStateException(p.id + " lost their place");
        }
    }

    /** Pays, or follows a payment whose answer is not known yet. Runs on its own virtual thread. */
    private void pay(Event event, Instant now, ConcurrentLinkedQueue<Event> next) {
        Person p = event.person;
        long at = now.toEpochMilli();
        Checkout checkout;
        try {
            if (event.step == Step.FOLLOW_CHECKOUT) {
                checkout = checkouts.find(p.id, p.checkout.id()).orElseThrow();
            } else {
                QueueStatus status = room.status(ROUND, p.id);
                if (status.state() != QueueState.ADMITTED) {
                    next.add(new Event(at, 0, p, Step.POLL));
                    return;
                }
                long hold = status.hold().krw();
                long amount = p.wanted == null ? hold : Math.min(hold, p.wanted.krw());
                p.attempts++;
                String token = p.declinedFirst && p.attempts == 1 ? "card-decline-" + p.index : "card-" + p.index;
                checkout = checkouts.checkout(new CheckoutOrder(
                        p.id,
                        ROUND,
                        Money.krw(amount),
                        FundingMethod.CARD,
                        "source-" + p.index,
                        token,
                        new IdempotencyKey("sim-" + p.index + "-attempt-" + p.attempts)));
            }
        } catch (Rejection refused) {
            if (refused.code().equals("ROUND_SOLD_OUT") || refused.code().equals("ROUND_BUDGET_TOO_SMALL")) {
                p.metSoldOutAtPayment = true;
            }
            next.add(new Event(at + 2_000, 0, p, Step.POLL));
            return;
        }
        p.checkout = checkout;
        switch (checkout.status()) {
            case PAYING, LATE_APPROVAL -> next.add(new Event(at + 2_000, 0, p, Step.FOLLOW_CHECKOUT));
            case PAID, REFUNDED -> next.add(new Event(at + 1_000, 0, p, Step.POLL));
            case DECLINED -> next.add(new Event(at + 5_000, 0, p, Step.POLL)); // tries again while the turn lasts
        }
    }

    /** What the books say at the end, and the checks the issue asks for. */
    static final class Report {
        final LedgerAudit audit;
        final RoundBudget budget;
        final Captures captures;
        final long postedPaidKrw;
        final long postedFaceKrw;
        final int paidCheckouts;
        final List<String> overCap = new ArrayList<>();
        final List<String> chargedTwice = new ArrayList<>();
        final List<String> neitherBoughtNorToldSoldOut = new ArrayList<>();
        final List<String> metSoldOutAtPayment = new ArrayList<>();
        final List<String> lostPlace = new ArrayList<>();
        final List<String> toldLate = new ArrayList<>();
        final Instant soldOutAt;
        final Duration lastToldAfterSoldOut;
        final int bought;
        final int toldSoldOut;
        final int maxPollAfterSeconds;
        final WaitAccuracy waits;

        Report(LaunchSimulation sim) {
            waits = WaitAccuracy.of(sim.crowd);
            String dump = System.getProperty("dangol.estimates.dump");
            if (dump != null) {
                try {
                    WaitAccuracy.dump(sim.crowd, OPENING.toEpochMilli(), Path.of(dump));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            audit = sim.ledger.audit();
            budget = sim.programs.budget(ROUND);
            captures = sim.sandbox.captures();
            soldOutAt = sim.soldOutAt;
            long paid = 0;
            long face = 0;
            int count = 0;
            int boughtCount = 0;
            int told = 0;
            int pollMax = 0;
            Duration lastTold = Duration.ZERO;
            Map<String, Integer> capturesByPayer = new HashMap<>();
            long after = 0;
            while (true) {
                List<Payment> page = sim.sandbox.payments(after, SandboxGateway.PAGE_MAX);
                if (page.isEmpty()) {
                    break;
                }
                for (Payment payment : page) {
                    if (payment.state() == PaymentState.APPROVED) {
                        capturesByPayer.merge(payment.order().payer(), 1, Integer::sum);
                    }
                    after = payment.sequence();
                }
            }
            for (Person p : sim.crowd) {
                long personFace = 0;
                int personPaid = 0;
                for (int attempt = 1; attempt <= p.attempts; attempt++) {
                    IdempotencyKey key = new IdempotencyKey("sim-" + p.index + "-attempt-" + attempt);
                    var found = sim.checkouts.find(p.id, CheckoutId.derive(p.id, key));
                    if (found.isPresent() && found.get().status() == CheckoutStatus.PAID) {
                        Purchase purchase = sim.wallets
                                .purchase(p.id, found.get().purchase())
                                .orElseThrow();
                        paid += purchase.paid().krw();
                        face += purchase.faceValue().krw();
                        personFace += purchase.faceValue().krw();
                        personPaid++;
                        count++;
                    }
                }
                if (personFace > 400_000) {
                    overCap.add(p.id + " bought " + personFace);
                }
                if (capturesByPayer.getOrDefault(p.id.value(), 0) != personPaid) {
                    chargedTwice.add(p.id + " captured " + capturesByPayer.getOrDefault(p.id.value(), 0) + " for "
                            + personPaid + " paid purchases");
                }
                if (p.last == QueueState.BOUGHT) {
                    boughtCount++;
                } else if (p.last == QueueState.SOLD_OUT) {
                    told++;
                    if (soldOutAt != null && p.toldSoldOutAt.isAfter(soldOutAt)) {
                        Duration waited = Duration.between(soldOutAt, p.toldSoldOutAt);
                        if (waited.compareTo(lastTold) > 0) {
                            lastTold = waited;
                        }
                    }
                } else {
                    neitherBoughtNorToldSoldOut.add(p.id + " ended " + p.last);
                }
                pollMax = Math.max(pollMax, p.lastPollAfter);
                if (p.metSoldOutAtPayment) {
                    metSoldOutAtPayment.add(p.id.value());
                }
                if (p.lostPlace) {
                    lostPlace.add(p.id.value());
                }
                if (p.toldLate != null) {
                    toldLate.add(p.id + " told " + p.toldLate.toSeconds() + " s after the sell-out, polling every "
                            + p.nextPollMillis / 1_000 + " s");
                }
            }
            postedPaidKrw = paid;
            postedFaceKrw = face;
            paidCheckouts = count;
            bought = boughtCount;
            toldSoldOut = told;
            lastToldAfterSoldOut = lastTold;
            maxPollAfterSeconds = pollMax;
        }

        @Override
        public String toString() {
            return "sold " + budget.sold() + " of " + budget.total() + " (remaining " + budget.remaining() + ", held "
                    + budget.held() + "); " + paidCheckouts + " paid checkouts, " + bought + " bought, " + toldSoldOut
                    + " told sold out; gateway captured " + captures.capturedCount() + " / " + captures.capturedKrw()
                    + " KRW (approved " + captures.approvedCount() + ", cancelled " + captures.cancelledCount()
                    + ", declined " + captures.declinedCount() + "); sold out at " + soldOutAt
                    + ", last waiter told " + lastToldAfterSoldOut.toSeconds() + " s later; " + waits;
        }
    }
}
