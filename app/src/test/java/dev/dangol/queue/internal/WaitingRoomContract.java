package dev.dangol.queue.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.within;

import dev.dangol.gateway.GatewayHealth;
import dev.dangol.ledger.Ledger;
import dev.dangol.ledger.Ledgers;
import dev.dangol.program.ProgramCatalogs;
import dev.dangol.program.ProgramDefaults;
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
import dev.dangol.shared.Money;
import dev.dangol.shared.PersonId;
import dev.dangol.shared.ProgramId;
import dev.dangol.shared.Rejection;
import dev.dangol.shared.RoundId;
import dev.dangol.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The rules of the waiting room, run against a store. Every store runs this same contract: {@link
 * MemoryWaitingRoomTest} the memory store with its journal, and the Redis store its own subclass. A round of
 * 1,000,000 KRW in 10,000 KRW units with a cap of 50,000 a person opens an hour after the clock starts.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
abstract class WaitingRoomContract {

    static final ProgramId PROGRAM = ProgramId.of("onnuri");
    static final RoundId ROUND = RoundId.of("launch");
    static final RoundId OTHER_ROUND = RoundId.of("other");
    static final Instant OPENS = MutableClock.START.plus(Duration.ofHours(1));
    static final long UNIT = 10_000;
    static final long CAP = 50_000;
    static final long BUDGET = 1_000_000;
    static final String KEY_NEW = "k2:" + "n".repeat(40);
    static final String KEY_OLD = "k1:" + "o".repeat(40);
    static final QueueSettings SETTINGS = QueueSettings.DEFAULTS;

    final MutableClock clock = new MutableClock();
    final TestHealth health = new TestHealth();
    final RecordedEvents events = new RecordedEvents();
    Ledger ledger;
    Programs programs;
    QueueStore store;
    WaitingRoomRules room;

    /** A new, empty store for one test. */
    abstract QueueStore openStore();

    /** Closes nothing: a new instance over the same state as the last store opened (a restart of the server). */
    abstract QueueStore reopenStore();

    @BeforeEach
    void scheduleTheRound() {
        ledger = Ledgers.inMemory(clock);
        programs = ProgramCatalogs.inMemory(ledger, clock);
        programs.define(ProgramDefaults.national(PROGRAM, "Digital Onnuri"));
        schedule(ROUND, BUDGET, OPENS);
        schedule(OTHER_ROUND, BUDGET, OPENS);
        store = openStore();
        room = rules(SETTINGS, Tickets.parse(KEY_NEW + "," + KEY_OLD));
    }

    @AfterEach
    void closeTheStore() throws Exception {
        store.close();
        if (ledger instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    void schedule(RoundId id, long budget, Instant opensAt) {
        programs.schedule(
                new Round(id, PROGRAM, id.value(), krw(budget), opensAt, null, krw(CAP), 1_000, RoundStatus.ACTIVE));
    }

    WaitingRoomRules rules(QueueSettings settings, Tickets tickets) {
        return new WaitingRoomRules(store, programs, health, clock, new SplittableRandom(7), tickets, settings, events);
    }

    // ---- one place per person

    @Test
    void joiningAgainReturnsTheSamePlaceWithAFreshTicket() {
        clock.set(OPENS);
        Place first = join("kim");
        clock.advanceSeconds(5);
        Place again = room.join(ROUND, person("kim"), krw(20_000));

        assertThat(first.rejoined()).isFalse();
        assertThat(again.rejoined()).isTrue();
        assertThat(again.ticket()).isNotEqualTo(first.ticket());
        assertThat(placeId(again.ticket())).isEqualTo(placeId(first.ticket()));
        assertThat(again.status().position()).isEqualTo(first.status().position());
        assertThat(room.status(first.ticket(), person("kim")).state()).isEqualTo(QueueState.WAITING);
        assertThat(room.overview(ROUND).waiting()).isEqualTo(1);
    }

    @Test
    void aFreshLoginGetsItsPlaceBackWithoutATicket() {
        clock.set(OPENS);
        Place first = join("kim");

        Place back = room.place(ROUND, person("kim")).orElseThrow();

        assertThat(back.rejoined()).isTrue();
        assertThat(placeId(back.ticket())).isEqualTo(placeId(first.ticket()));
        assertThat(room.place(ROUND, person("lee"))).isEmpty();
        assertThat(room.status(ROUND, person("lee")).state()).isEqualTo(QueueState.NOT_IN_QUEUE);
    }

    @Test
    void placeIdsAreRandomAndSayNothingAboutThePerson() {
        clock.set(OPENS);
        String kim = placeId(join("kim").ticket());
        String lee = placeId(join("lee").ticket());

        assertThat(kim).hasSize(22).doesNotContain("kim").isNotEqualTo(lee);
    }

    @Test
    void anUnknownRoundIsNotFoundAndAClosedOneRefusesNewcomers() {
        clock.set(OPENS);
        refused(() -> room.join(RoundId.of("nowhere"), person("kim"), null), "ROUND_NOT_FOUND");
        programs.setStatus(OTHER_ROUND, RoundStatus.CLOSED);

        refused(() -> room.join(OTHER_ROUND, person("kim"), null), "ROUND_CLOSED");
        assertThat(room.status(OTHER_ROUND, person("kim")).state()).isEqualTo(QueueState.NOT_IN_QUEUE);
    }

    @Test
    void theWantedAmountDefaultsToTheCapAndMustBeAPositiveUnitWithinIt() {
        clock.set(OPENS);
        refused(() -> room.join(ROUND, person("kim"), krw(0)), "AMOUNT_NOT_POSITIVE");
        refused(() -> room.join(ROUND, person("kim"), krw(-10_000)), "AMOUNT_NOT_POSITIVE");
        refused(() -> room.join(ROUND, person("kim"), krw(15_000)), "NOT_A_UNIT");
        refused(() -> room.join(ROUND, person("kim"), krw(CAP + UNIT)), "WANTED_OVER_CAP");
        assertThat(room.overview(ROUND).waiting()).isZero();

        room.join(ROUND, person("kim"), null);
        room.join(ROUND, person("lee"), krw(20_000));
        admit();

        assertThat(room.status(ROUND, person("kim")).hold()).isEqualTo(krw(CAP));
        assertThat(room.status(ROUND, person("lee")).hold()).isEqualTo(krw(20_000));
    }

    // ---- the pre-queue draw

    @Test
    void theSeedIsCommittedBeforeOpeningAndPublishedAfterIt() throws Exception {
        Draw before = room.draw(ROUND);
        assertThat(before.seed()).isNull();
        assertThat(before.seedCommitment()).matches("[0-9a-f]{64}");
        join("kim");

        clock.set(OPENS);
        admit();
        Draw after = room.draw(ROUND);

        assertThat(after.seedCommitment()).isEqualTo(before.seedCommitment());
        assertThat(after.seed()).matches("[0-9a-f]{64}");
        assertThat(sha256(after.seed())).isEqualTo(before.seedCommitment());
        assertThat(after.participants()).hasSize(1);
    }

    @Test
    void thePreQueueIsDrawnAtOpeningInAnOrderAnyoneCanRecompute() throws Exception {
        clock.set(OPENS.minusSeconds(60));
        List<String> people = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            people.add("early" + i);
            Place place = join("early" + i);
            assertThat(place.status().state()).isEqualTo(QueueState.PRE_QUEUE);
            assertThat(place.status().position()).isZero();
        }
        clock.set(OPENS);
        Place late = join("late");

        Draw draw = room.draw(ROUND);
        List<String> recomputed = new ArrayList<>(draw.participants());
        recomputed.sort(Comparator.comparing(id -> sha256Hex(draw.seed() + ":" + id)));
        for (String who : people) {
            String placeId =
                    placeId(room.place(ROUND, person(who)).orElseThrow().ticket());
            long position = room.status(ROUND, person(who)).position();
            assertThat(position).isEqualTo(recomputed.indexOf(placeId) + 1L);
        }
        assertThat(draw.participants()).hasSize(12);
        assertThat(late.status().position()).isEqualTo(13);
        assertThat(draw.participants()).doesNotContain(placeId(late.ticket()));
    }

    @Test
    void theDrawHappensOnceEvenIfOpeningIsAskedForAgain() {
        clock.set(OPENS.minusSeconds(10));
        join("kim");
        join("lee");
        clock.set(OPENS);
        admit();
        long kim = room.status(ROUND, person("kim")).position();
        clock.advanceSeconds(1);
        admit();
        store.open(ROUND, clock.millis(), ids -> {
            throw new AssertionError("the round is open already");
        });

        assertThat(room.status(ROUND, person("kim")).position()).isEqualTo(kim);
    }

    // ---- positions and admission

    @Test
    void afterOpeningPlacesAreFirstComeFirstServedAndPositionsMoveAsPeopleAreAdmitted() {
        clock.set(OPENS);
        for (int i = 1; i <= 5; i++) {
            assertThat(join("p" + i).status().position()).isEqualTo(i);
        }
        room.capRate(ROUND, 2);

        assertThat(admit()).isEqualTo(2);
        assertThat(room.status(ROUND, person("p1")).state()).isEqualTo(QueueState.ADMITTED);
        assertThat(room.status(ROUND, person("p3")).position()).isEqualTo(1);
        assertThat(room.status(ROUND, person("p5")).position()).isEqualTo(3);
    }

    @Test
    void admissionHoldsNoMoreThanThePool() {
        schedule(RoundId.of("small"), 120_000, OPENS);
        RoundId small = RoundId.of("small");
        clock.set(OPENS);
        for (int i = 1; i <= 4; i++) {
            room.join(small, person("p" + i), krw(50_000));
        }

        assertThat(room.admit(small, clock.instant())).isEqualTo(2);
        QueueOverview overview = room.overview(small);
        assertThat(overview.held()).isEqualTo(krw(100_000));
        assertThat(overview.pool()).isEqualTo(krw(20_000));
        assertThat(room.status(small, person("p3")).state()).isEqualTo(QueueState.WAITING);
        assertThat(room.status(small, person("p3")).position()).isEqualTo(1);
        assertThat(overview.soldOut()).isFalse();
    }

    @Test
    void theLastOfTheBudgetGoesAsAPartialHoldOnlyWhenNothingCanComeBack() {
        RoundId small = RoundId.of("small");
        schedule(small, 120_000, OPENS);
        clock.set(OPENS);
        for (int i = 1; i <= 3; i++) {
            room.join(small, person("p" + i), krw(50_000));
        }
        room.admit(small, clock.instant());
        assertThat(room.status(small, person("p3")).state()).isEqualTo(QueueState.WAITING);

        pay(small, "p1", 50_000);
        clock.advanceSeconds(1);
        room.admit(small, clock.instant());
        assertThat(room.status(small, person("p3")).state())
                .as("p2 still holds budget that may come back")
                .isEqualTo(QueueState.WAITING);

        pay(small, "p2", 50_000);
        clock.advanceSeconds(1);
        room.admit(small, clock.instant());
        QueueStatus p3 = room.status(small, person("p3"));
        assertThat(p3.state()).isEqualTo(QueueState.ADMITTED);
        assertThat(p3.hold()).isEqualTo(krw(20_000));
        assertThat(room.overview(small).pool()).isEqualTo(Money.ZERO);
    }

    @Test
    void soldOutIsToldToEveryWaiterAndToLatecomersAtOnce() {
        RoundId small = RoundId.of("small");
        schedule(small, 100_000, OPENS);
        clock.set(OPENS);
        for (int i = 1; i <= 4; i++) {
            room.join(small, person("p" + i), krw(50_000));
        }
        room.admit(small, clock.instant());
        pay(small, "p1", 50_000);
        pay(small, "p2", 50_000);
        assertThat(events.soldOut).isEmpty();

        room.admit(small, clock.instant());
        room.admit(small, clock.instant());

        assertThat(events.soldOut).containsExactly(small);
        assertThat(room.overview(small).soldOut()).isTrue();
        assertThat(room.status(small, person("p3")).state()).isEqualTo(QueueState.SOLD_OUT);
        assertThat(room.status(small, person("p4")).state()).isEqualTo(QueueState.SOLD_OUT);
        assertThat(room.status(small, person("p4")).chance()).isEqualTo(Chance.NO_STOCK_LEFT);
        assertThat(room.status(small, person("p1")).state()).isEqualTo(QueueState.BOUGHT);
        Place latecomer = room.join(small, person("late"), null);
        assertThat(latecomer.status().state()).isEqualTo(QueueState.SOLD_OUT);
        assertThat(room.status(latecomer.ticket(), person("late")).state()).isEqualTo(QueueState.SOLD_OUT);

        programs.setStatus(small, RoundStatus.CLOSED);
        room.refresh(clock.instant(), Duration.ofMinutes(10));
        assertThat(room.join(small, person("later"), null).status().state())
                .as("a round closed because it sold out tells latecomers it sold out")
                .isEqualTo(QueueState.SOLD_OUT);
    }

    @Test
    void aRoundNobodyQueuedForIsNotDeclaredSoldOutUntilSomeoneIsThereToTell() {
        RoundId small = RoundId.of("small");
        schedule(small, 10_000, OPENS);
        clock.set(OPENS);
        assertThat(room.takeFromPool(small, krw(10_000))).isTrue();
        room.admit(small, clock.instant());
        assertThat(room.overview(small).soldOut()).isFalse();
        assertThat(events.soldOut).isEmpty();

        Place first = room.join(small, person("kim"), null);
        room.admit(small, clock.instant());

        assertThat(first.status().state()).isEqualTo(QueueState.WAITING);
        assertThat(room.status(small, person("kim")).state()).isEqualTo(QueueState.SOLD_OUT);
        assertThat(events.soldOut).containsExactly(small);
    }

    @Test
    void anExpiredHoldReturnsItsBudgetAndAdmitsTheNextPerson() {
        RoundId small = RoundId.of("small");
        schedule(small, 100_000, OPENS);
        clock.set(OPENS);
        for (int i = 1; i <= 3; i++) {
            room.join(small, person("p" + i), krw(50_000));
        }
        room.admit(small, clock.instant());
        clock.advance(SETTINGS.holdTime().minusSeconds(1));
        poll(small, "p3");
        room.admit(small, clock.instant());
        assertThat(room.status(small, person("p3")).state()).isEqualTo(QueueState.WAITING);
        pay(small, "p2", 50_000);

        clock.advanceSeconds(1);
        room.admit(small, clock.instant());

        assertThat(room.status(small, person("p1")).state()).isEqualTo(QueueState.EXPIRED);
        assertThat(room.status(small, person("p3")).state()).isEqualTo(QueueState.ADMITTED);
        QueueOverview overview = room.overview(small);
        assertThat(overview.held()).isEqualTo(krw(50_000));
        assertThat(overview.sold()).isEqualTo(krw(50_000));
        assertThat(overview.pool()).isEqualTo(Money.ZERO);
    }

    @Test
    void aWaiterAwayWhenTheirTurnComesIsPassedOverAndAdmittedFirstOnComingBackWithinGrace() {
        clock.set(OPENS);
        join("away");
        join("here");
        join("third");
        clock.advance(SETTINGS.absentAfter().plusSeconds(1));
        poll("here");
        poll("third");
        room.capRate(ROUND, 1);

        assertThat(admit()).isEqualTo(1);
        assertThat(room.overview(ROUND).admitted()).isEqualTo(1);
        assertThat(room.status(ROUND, person("third")).position()).isEqualTo(1);

        clock.advance(Duration.ofMinutes(5));
        poll("third");
        QueueStatus back = room.status(ROUND, person("away"));
        assertThat(back.state()).isEqualTo(QueueState.WAITING);
        assertThat(back.position()).isEqualTo(1);
        admit();

        assertThat(room.status(ROUND, person("away")).state()).isEqualTo(QueueState.ADMITTED);
        assertThat(room.status(ROUND, person("third")).state()).isEqualTo(QueueState.WAITING);
    }

    @Test
    void aWaiterAwayLongerThanTheGracePeriodLosesThePlace() {
        clock.set(OPENS);
        join("away");
        join("here");
        clock.advance(SETTINGS.absentAfter().plusSeconds(1));
        poll("here");
        admit();
        assertThat(room.status(ROUND, person("here")).state()).isEqualTo(QueueState.ADMITTED);

        clock.advance(SETTINGS.grace());
        assertThat(room.join(ROUND, person("away"), null).status().state()).isEqualTo(QueueState.EXPIRED);
        clock.advanceSeconds(1);
        admit();
        assertThat(room.status(ROUND, person("away")).state()).isEqualTo(QueueState.EXPIRED);
    }

    @Test
    void someoneWhoQueuedLongBeforeOpeningHasTheGracePeriodFromTheOpening() {
        clock.set(OPENS.minus(Duration.ofMinutes(30)));
        join("early");
        clock.set(OPENS.minusSeconds(10));
        join("ontime");
        clock.set(OPENS);
        admit();
        assertThat(room.overview(ROUND).admitted())
                .as("only the one who is here")
                .isEqualTo(1);

        clock.advance(SETTINGS.grace().minusSeconds(1));
        assertThat(room.status(ROUND, person("early")).position()).isEqualTo(1);
        admit();

        assertThat(room.status(ROUND, person("early")).state()).isEqualTo(QueueState.ADMITTED);
    }

    @Test
    void pausingAdmitsNobodyAndKeepsPlacesUntilResumed() {
        clock.set(OPENS);
        join("kim");
        join("lee");
        room.pause(ROUND);

        assertThat(admit()).isZero();
        QueueStatus paused = room.status(ROUND, person("lee"));
        assertThat(paused.state()).isEqualTo(QueueState.CLOSED);
        assertThat(paused.position()).isEqualTo(2);
        assertThat(room.overview(ROUND).paused()).isTrue();

        room.resume(ROUND);
        assertThat(admit()).isEqualTo(2);
        assertThat(room.overview(ROUND).paused()).isFalse();
    }

    @Test
    void theRateCapAdmitsAtMostThatManyASecond() {
        clock.set(OPENS);
        for (int i = 0; i < 20; i++) {
            join("p" + i);
        }
        room.capRate(ROUND, 3);

        assertThat(admit()).isEqualTo(3);
        assertThat(admit()).isZero();
        clock.advance(Duration.ofMillis(400));
        assertThat(admit()).isEqualTo(1);
        clock.advance(Duration.ofMillis(600));
        poll("p5");
        assertThat(admit()).isEqualTo(2);
        assertThat(room.overview(ROUND).rateCap()).isEqualTo(3);
        refused(() -> room.capRate(ROUND, -1), "RATE_CAP_INVALID");

        room.capRate(ROUND, 0);
        clock.advanceSeconds(1);
        for (int i = 0; i < 20; i++) {
            poll("p" + i);
        }
        assertThat(admit()).isEqualTo(14);
        assertThat(room.overview(ROUND).admissionsLastMinute()).isEqualTo(20);
    }

    @Test
    void admittedAndInCheckoutPeopleAreCappedAndASlowGatewayHalvesTheCap() {
        QueueSettings four = new QueueSettings(
                SETTINGS.holdTime(),
                SETTINGS.absentAfter(),
                SETTINGS.grace(),
                4,
                SETTINGS.batchMax(),
                SETTINGS.slowErrorRateBasisPoints(),
                SETTINGS.slowLatency(),
                SETTINGS.stopErrorRateBasisPoints(),
                SETTINGS.healthCallsMin());
        room = rules(four, Tickets.parse(KEY_NEW));
        clock.set(OPENS);
        for (int i = 0; i < 12; i++) {
            join("p" + i);
        }
        health.set(600, Duration.ofMillis(100), 100);

        assertThat(admit()).as("5% errors halves the cap of 4").isEqualTo(2);
        health.set(0, Duration.ofSeconds(3), 100);
        assertThat(admit()).as("a slow p90 keeps it halved").isZero();
        health.set(0, Duration.ofMillis(100), 100);
        assertThat(admit()).isEqualTo(2);
        assertThat(admit()).isZero();
        beginCheckout(ROUND, "p0", CAP);
        assertThat(admit()).as("people in checkout count against the cap").isZero();
        room.checkoutPaid(ROUND, person("p0"), krw(CAP));
        assertThat(admit()).isEqualTo(1);
    }

    @Test
    void aFailingGatewayStopsAdmissionAndFewCallsAreNotJudged() {
        clock.set(OPENS);
        for (int i = 0; i < 3; i++) {
            join("p" + i);
        }
        health.set(6_000, Duration.ofMillis(100), 100);
        assertThat(admit()).isZero();

        health.set(6_000, Duration.ofMillis(100), 3);
        assertThat(admit())
                .as("three calls are too few to judge the gateway by")
                .isEqualTo(3);
    }

    // ---- what waiters are told

    @Test
    void thereIsNoWaitEstimateUntilThereIsAMeasuredRate() {
        clock.set(OPENS);
        for (int i = 0; i < 30; i++) {
            room.join(ROUND, person("p" + i), krw(UNIT));
        }
        QueueStatus before = room.status(ROUND, person("p29"));
        assertThat(before.waitLowSeconds()).isEqualTo(-1);
        assertThat(before.waitHighSeconds()).isEqualTo(-1);

        room.capRate(ROUND, 1);
        for (int second = 0; second < 10; second++) {
            for (int i = 0; i < 30; i++) {
                poll("p" + i);
            }
            admit();
            clock.advanceSeconds(1);
        }
        QueueStatus after = room.status(ROUND, person("p29"));

        assertThat(after.position()).isEqualTo(20);
        // 10 admissions in 10 seconds: 1 a second, so the 20th next admission is about 20 seconds away.
        assertThat(after.waitLowSeconds()).isBetween(1L, 20L);
        assertThat(after.waitHighSeconds()).isBetween(20L, 60L);
        assertThat(after.pollAfterSeconds())
                .isBetween(1, after.waitLowSeconds() > 0 ? (int) after.waitLowSeconds() : 1);
    }

    @Test
    void nobodyWhomThePoolCannotReachIsPromisedAWait() {
        clock.set(OPENS);
        for (int i = 0; i < 30; i++) {
            join("p" + i);
        }
        room.capRate(ROUND, 1);
        for (int second = 0; second < 10; second++) {
            for (int i = 0; i < 30; i++) {
                poll("p" + i);
            }
            admit();
            clock.advanceSeconds(1);
        }

        // 10 admitted hold 500,000 of 1,000,000: the pool reaches the next 10 at 50,000 each, and nobody after them.
        assertThat(room.status(ROUND, person("p19")).waitLowSeconds()).isNotNegative();
        QueueStatus beyond = room.status(ROUND, person("p20"));
        assertThat(beyond.waitLowSeconds()).isEqualTo(-1);
        assertThat(beyond.waitHighSeconds()).isEqualTo(-1);
    }

    @Test
    void atTheInFlightCapTheWaitFollowsHoldsEndingNotTheBurstThatFilledIt() {
        QueueSettings four = new QueueSettings(
                SETTINGS.holdTime(),
                SETTINGS.absentAfter(),
                SETTINGS.grace(),
                4,
                SETTINGS.batchMax(),
                SETTINGS.slowErrorRateBasisPoints(),
                SETTINGS.slowLatency(),
                SETTINGS.stopErrorRateBasisPoints(),
                SETTINGS.healthCallsMin());
        room = rules(four, Tickets.parse(KEY_NEW));
        clock.set(OPENS);
        for (int i = 0; i < 12; i++) {
            room.join(ROUND, person("p" + i), krw(UNIT));
        }
        assertThat(admit()).isEqualTo(4);
        assertThat(room.status(ROUND, person("p11")).waitLowSeconds())
                .as("the burst that filled the cap says nothing about the pace after it")
                .isEqualTo(-1);

        // Then one hold ends every 2 seconds: paid, given up, paid...
        for (int i = 0; i < 6; i++) {
            clock.advanceSeconds(2);
            if (i % 2 == 0) {
                beginCheckout(ROUND, "p" + i, UNIT);
                room.checkoutPaid(ROUND, person("p" + i), krw(UNIT));
            } else {
                room.release(ROUND, person("p" + i));
            }
            assertThat(admit()).isEqualTo(1);
        }

        assertThat(store.counters(ROUND, clock.millis()).flow().completed()).isEqualTo(6);
        QueueStatus status = room.status(ROUND, person("p11"));
        assertThat(status.position()).isEqualTo(2);
        // Holds end at 0.53 a second as measured (weights e^(-age/15 s) over 15 * (1 - e^(-12/15)) s): the
        // second next admission is 3.7 s away on average, 0 to 8 s at the 10th and 90th percentiles; the burst of
        // 4 admissions in the first instant would have said 10 admissions in 12 s, 2.4 s.
        assertThat(status.waitLowSeconds()).isZero();
        assertThat(status.waitHighSeconds()).isEqualTo(8);
    }

    @Test
    void whileAFailingGatewayHoldsAdmissionThePaceOfHoldsEndingIsNeitherForgottenNorDiluted() {
        QueueSettings four = new QueueSettings(
                SETTINGS.holdTime(),
                SETTINGS.absentAfter(),
                SETTINGS.grace(),
                4,
                SETTINGS.batchMax(),
                SETTINGS.slowErrorRateBasisPoints(),
                SETTINGS.slowLatency(),
                SETTINGS.stopErrorRateBasisPoints(),
                SETTINGS.healthCallsMin());
        room = rules(four, Tickets.parse(KEY_NEW));
        clock.set(OPENS);
        for (int i = 0; i < 12; i++) {
            room.join(ROUND, person("p" + i), krw(UNIT));
        }
        assertThat(admit()).isEqualTo(4);
        for (int i = 0; i < 6; i++) {
            clock.advanceSeconds(2);
            room.release(ROUND, person("p" + i));
            assertThat(admit()).isEqualTo(1);
        }
        QueueStatus before = room.status(ROUND, person("p11"));
        assertThat(before.waitHighSeconds()).as("measured before the hold").isPositive();

        // The gateway fails for 40 s: nobody is admitted and no range is shown.
        health.set(6_000, Duration.ofMillis(100), 100);
        for (int second = 0; second < 40; second++) {
            clock.advanceSeconds(1);
            for (int i = 6; i < 12; i++) {
                poll("p" + i);
            }
            assertThat(admit()).isZero();
        }
        assertThat(room.status(ROUND, person("p11")).waitLowSeconds()).isEqualTo(-1);
        health.set(0, Duration.ofMillis(100), 100);
        assertThat(admit()).isZero();

        // The measure's clock stood still: the weight did not decay over the 40 s (it would have fallen to 7 %,
        // making the wait 14 times longer), and the 40 s do not count as measured time.
        QueueStatus after = room.status(ROUND, person("p11"));
        assertThat(after.position()).isEqualTo(before.position());
        assertThat(after.waitLowSeconds()).isEqualTo(before.waitLowSeconds());
        assertThat(after.waitHighSeconds()).isEqualTo(before.waitHighSeconds());
    }

    @Test
    void theTimeAdmissionWasHeldIsLeftOutOfTheAdmissionRatesWindow() {
        clock.set(OPENS);
        for (int i = 0; i < 30; i++) {
            room.join(ROUND, person("p" + i), krw(UNIT));
        }
        room.capRate(ROUND, 1);
        for (int second = 0; second < 20; second++) {
            for (int i = 0; i < 30; i++) {
                poll("p" + i);
            }
            admit();
            clock.advanceSeconds(1);
        }
        // 20 admissions in 20 s, 1 a second: the 9th next admission is 9 s away (4 to 14 s).
        QueueStatus before = room.status(ROUND, person("p28"));
        assertThat(before.position()).isEqualTo(9);
        assertThat(before.waitHighSeconds()).isPositive();

        room.pause(ROUND);
        for (int second = 0; second < 30; second++) {
            for (int i = 20; i < 30; i++) {
                poll("p" + i);
            }
            assertThat(admit()).isZero();
            clock.advanceSeconds(1);
        }
        room.resume(ROUND);
        assertThat(admit()).isEqualTo(1);

        // 21 admissions in the 50 s since opening, 30 s of which admission was held: about 1 a second again (9 s,
        // 4 to 13 s, for the 9th next), not the 0.42 a second that counting the held time would say (21 s).
        QueueStatus after = room.status(ROUND, person("p29"));
        assertThat(after.position()).isEqualTo(9);
        assertThat(after.waitLowSeconds()).isCloseTo(before.waitLowSeconds(), within(1L));
        assertThat(after.waitHighSeconds()).isCloseTo(before.waitHighSeconds(), within(1L));
    }

    @Test
    void theErrorOfTheEstimateShownIsMeasuredAtAdmission() {
        clock.set(OPENS);
        for (int i = 0; i < 10; i++) {
            join("p" + i);
        }
        room.capRate(ROUND, 1);
        admit();
        clock.advanceSeconds(1);
        poll("p5");
        for (int second = 0; second < 10; second++) {
            for (int i = 0; i < 10; i++) {
                poll("p" + i);
            }
            admit();
            clock.advanceSeconds(1);
        }

        assertThat(events.estimateErrors)
                .isNotEmpty()
                .allSatisfy(error -> assertThat(error).isBetween(0L, 100L));
    }

    @Test
    void theChanceComesFromThePoolAndThePeopleAhead() {
        RoundId small = RoundId.of("small");
        schedule(small, 100_000, OPENS);
        clock.set(OPENS);
        for (int i = 1; i <= 12; i++) {
            room.join(small, person("p" + i), krw(50_000));
        }

        assertThat(room.status(small, person("p2")).chance()).isEqualTo(Chance.LIKELY);
        assertThat(room.status(small, person("p3")).chance()).isEqualTo(Chance.UNCERTAIN);
        assertThat(room.status(small, person("p10")).chance()).isEqualTo(Chance.UNCERTAIN);
        assertThat(room.status(small, person("p11")).chance())
                .as("ten people ahead buying a unit each take all 100,000")
                .isEqualTo(Chance.NO_STOCK_LEFT);
    }

    @Test
    void peopleFurtherBackAreAskedToPollLessOften() {
        clock.set(OPENS);
        for (int i = 0; i < 400; i++) {
            join("p" + i);
        }
        int front = room.status(ROUND, person("p0")).pollAfterSeconds();
        int back = room.status(ROUND, person("p399")).pollAfterSeconds();

        assertThat(front).isEqualTo(2);
        // Far back, or told there is no stock left for them (then once a minute), but never longer.
        assertThat(back).isGreaterThan(front).isLessThanOrEqualTo(60);
        if (room.status(ROUND, person("p399")).chance() == Chance.NO_STOCK_LEFT) {
            assertThat(back).isEqualTo(60);
        } else {
            assertThat(back).isLessThanOrEqualTo(30);
        }
    }

    // ---- tickets

    @Test
    void aForgedOrAlteredTicketIsInvalid() {
        clock.set(OPENS);
        String ticket = join("kim").ticket();
        String[] parts = ticket.split("\\.");
        String otherPayload = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(("launch lee " + placeId(ticket) + " 1").getBytes(StandardCharsets.US_ASCII));

        invalidTicket(parts[0] + "." + parts[1] + "." + otherPayload + "." + parts[3], "kim");
        invalidTicket(ticket.substring(0, ticket.length() - 2) + (ticket.endsWith("A") ? "BB" : "AA"), "kim");
        invalidTicket("v1.k2.bm90aGluZw.c2lnbmF0dXJl", "kim");
        invalidTicket("garbage", "kim");
        invalidTicket("", "kim");
        Tickets forger = Tickets.parse("k2:" + "f".repeat(40));
        invalidTicket(forger.issue(ROUND, person("kim"), placeId(ticket), clock.instant()), "kim");
    }

    @Test
    void aTicketOfAnotherPersonIsForbiddenAndOneOfAnotherRoundIsInvalid() {
        clock.set(OPENS);
        String kim = join("kim").ticket();
        Place other = room.join(OTHER_ROUND, person("kim"), null);

        Rejection notYours = catchThrowableOfType(Rejection.class, () -> room.status(kim, person("lee")));
        assertThat(notYours.code()).isEqualTo("TICKET_NOT_YOURS");
        assertThat(notYours.kind()).isEqualTo(Rejection.Kind.FORBIDDEN);
        Rejection otherRound =
                catchThrowableOfType(Rejection.class, () -> room.status(ROUND, other.ticket(), person("kim")));
        assertThat(otherRound.code()).isEqualTo("TICKET_INVALID");
        assertThat(room.status(OTHER_ROUND, other.ticket(), person("kim")).state())
                .isEqualTo(QueueState.WAITING);
    }

    @Test
    void keysRotateWithoutInvalidatingTheTicketsPeopleHold() {
        clock.set(OPENS);
        room = rules(SETTINGS, Tickets.parse(KEY_OLD));
        String old = join("kim").ticket();
        assertThat(old).startsWith("v1.k1.");

        room = rules(SETTINGS, Tickets.parse(KEY_NEW + "," + KEY_OLD));
        assertThat(room.status(old, person("kim")).state()).isEqualTo(QueueState.WAITING);
        String fresh = room.join(ROUND, person("kim"), null).ticket();
        assertThat(fresh).startsWith("v1.k2.");

        room = rules(SETTINGS, Tickets.parse(KEY_NEW));
        invalidTicket(old, "kim");
        assertThat(room.status(fresh, person("kim")).state()).isEqualTo(QueueState.WAITING);
    }

    // ---- checkout

    @Test
    void checkoutMovesTheHoldToSoldAndReturnsWhatWasNotBought() {
        clock.set(OPENS);
        join("kim");
        admit();

        Hold hold = beginCheckout(ROUND, "kim", 30_000);
        assertThat(hold.amount()).isEqualTo(krw(30_000));
        QueueStatus paying = room.status(ROUND, person("kim"));
        assertThat(paying.state()).isEqualTo(QueueState.IN_CHECKOUT);
        assertThat(paying.hold()).isEqualTo(krw(30_000));
        assertThat(room.overview(ROUND).pool()).isEqualTo(krw(BUDGET - 30_000));

        room.checkoutPaid(ROUND, person("kim"), krw(30_000));
        QueueOverview overview = room.overview(ROUND);
        assertThat(room.status(ROUND, person("kim")).state()).isEqualTo(QueueState.BOUGHT);
        assertThat(overview.sold()).isEqualTo(krw(30_000));
        assertThat(overview.held()).isEqualTo(Money.ZERO);
        assertThat(overview.pool()).isEqualTo(krw(BUDGET - 30_000));
        assertThat(overview.holds()).isZero();
    }

    @Test
    void aFailedCheckoutKeepsTheAdmissionForAnotherTryUntilTheHoldsOwnExpiry() {
        clock.set(OPENS);
        join("kim");
        admit();
        Instant expiry = room.status(ROUND, person("kim")).holdExpiresAt();
        beginCheckout(ROUND, "kim", 50_000);

        room.checkoutFailed(ROUND, person("kim"), krw(50_000));
        room.checkoutFailed(ROUND, person("kim"), krw(50_000));

        QueueStatus again = room.status(ROUND, person("kim"));
        assertThat(again.state()).isEqualTo(QueueState.ADMITTED);
        assertThat(again.hold()).isEqualTo(krw(50_000));
        assertThat(again.holdExpiresAt()).isEqualTo(expiry);
        clock.set(expiry);
        admit();
        assertThat(room.status(ROUND, person("kim")).state()).isEqualTo(QueueState.EXPIRED);
        assertThat(room.overview(ROUND).pool()).isEqualTo(krw(BUDGET));
    }

    @Test
    void aHoldInCheckoutLivesUntilTheCheckoutDeadline() {
        clock.set(OPENS);
        join("kim");
        admit();
        Instant deadline = clock.instant().plus(SETTINGS.holdTime()).plusSeconds(120);
        clock.advance(SETTINGS.holdTime().minusSeconds(10));
        room.beginCheckout(ROUND, person("kim"), krw(50_000), deadline);

        clock.advanceSeconds(60);
        admit();
        assertThat(room.status(ROUND, person("kim")).state()).isEqualTo(QueueState.IN_CHECKOUT);
        clock.set(deadline);
        admit();
        assertThat(room.status(ROUND, person("kim")).state()).isEqualTo(QueueState.EXPIRED);
        assertThat(room.overview(ROUND).pool()).isEqualTo(krw(BUDGET));
    }

    @Test
    void checkoutRefusalsChangeNothing() {
        clock.set(OPENS);
        join("kim");
        join("lee");
        room.capRate(ROUND, 1);
        admit();
        QueueOverview before = room.overview(ROUND);
        Instant deadline = clock.instant().plusSeconds(600);

        refused(() -> room.beginCheckout(ROUND, person("lee"), krw(10_000), deadline), "NOT_ADMITTED");
        refused(() -> room.beginCheckout(ROUND, person("nobody"), krw(10_000), deadline), "NOT_ADMITTED");
        refused(() -> room.beginCheckout(ROUND, person("kim"), krw(60_000), deadline), "OVER_HOLD");
        refused(() -> room.beginCheckout(ROUND, person("kim"), krw(15_000), deadline), "NOT_A_UNIT");
        refused(() -> room.beginCheckout(ROUND, person("kim"), krw(0), deadline), "NOT_A_UNIT");
        refused(
                () -> room.beginCheckout(ROUND, person("kim"), krw(10_000), clock.instant()),
                "CHECKOUT_DEADLINE_PASSED");
        refused(() -> room.release(ROUND, person("lee")), "NOT_ADMITTED");
        refused(() -> room.returnToPool(ROUND, krw(10_000)), "RETURN_OVER_SOLD");
        assertThat(room.overview(ROUND)).isEqualTo(before);
        assertThat(room.status(ROUND, person("kim")).state()).isEqualTo(QueueState.ADMITTED);

        beginCheckout(ROUND, "kim", 50_000);
        refused(() -> room.beginCheckout(ROUND, person("kim"), krw(10_000), deadline), "CHECKOUT_IN_PROGRESS");
        refused(() -> room.release(ROUND, person("kim")), "CHECKOUT_IN_PROGRESS");
        refused(() -> room.checkoutPaid(ROUND, person("kim"), krw(60_000)), "OVER_HOLD");
        assertThat(room.status(ROUND, person("kim")).state()).isEqualTo(QueueState.IN_CHECKOUT);

        clock.advance(Duration.ofMinutes(11));
        admit();
        refused(
                () -> room.beginCheckout(
                        ROUND, person("kim"), krw(10_000), clock.instant().plusSeconds(60)),
                "HOLD_EXPIRED");
    }

    @Test
    void givingTheAdmissionUpReturnsTheHoldAtOnce() {
        clock.set(OPENS);
        join("kim");
        admit();

        room.release(ROUND, person("kim"));

        assertThat(room.status(ROUND, person("kim")).state()).isEqualTo(QueueState.EXPIRED);
        assertThat(room.overview(ROUND).pool()).isEqualTo(krw(BUDGET));
        assertThat(room.overview(ROUND).holds()).isZero();
    }

    @Test
    void aLateApprovalTakesFromThePoolAndAVoidedOneGivesBack() {
        clock.set(OPENS);
        join("kim");
        admit();
        beginCheckout(ROUND, "kim", 50_000);
        clock.advance(Duration.ofMinutes(11));
        admit();
        assertThat(room.overview(ROUND).pool()).isEqualTo(krw(BUDGET));

        assertThat(room.takeFromPool(ROUND, krw(50_000))).isTrue();
        room.checkoutPaid(ROUND, person("kim"), krw(50_000));
        assertThat(room.status(ROUND, person("kim")).state()).isEqualTo(QueueState.BOUGHT);
        assertThat(room.overview(ROUND).sold()).isEqualTo(krw(50_000));
        assertThat(room.overview(ROUND).pool()).isEqualTo(krw(BUDGET - 50_000));
        assertThat(room.takeFromPool(ROUND, krw(BUDGET))).isFalse();

        room.returnToPool(ROUND, krw(50_000));
        assertThat(room.overview(ROUND).pool()).isEqualTo(krw(BUDGET));
        assertThat(room.overview(ROUND).sold()).isEqualTo(Money.ZERO);
    }

    // ---- restart

    @Test
    void aRestartKeepsPlacesHoldsAndTheDraw() throws Exception {
        clock.set(OPENS.minusSeconds(30));
        join("early1");
        join("early2");
        clock.set(OPENS);
        join("late");
        room.capRate(ROUND, 1);
        admit();
        Draw draw = room.draw(ROUND);
        Map<String, QueueStatus> before = Map.of(
                "early1", room.status(ROUND, person("early1")),
                "early2", room.status(ROUND, person("early2")),
                "late", room.status(ROUND, person("late")));
        String ticket = room.place(ROUND, person("late")).orElseThrow().ticket();
        QueueOverview overview = room.overview(ROUND);

        store.close();
        store = reopenStore();
        room = rules(SETTINGS, Tickets.parse(KEY_NEW + "," + KEY_OLD));

        for (var entry : before.entrySet()) {
            assertThat(room.status(ROUND, person(entry.getKey())))
                    .as(entry.getKey())
                    .isEqualTo(entry.getValue());
        }
        assertThat(room.status(ticket, person("late")).position()).isEqualTo(2);
        assertThat(room.draw(ROUND)).isEqualTo(draw);
        assertThat(room.overview(ROUND)).isEqualTo(overview);
        assertThat(room.join(ROUND, person("late"), null).rejoined()).isTrue();
        assertThat(room.join(ROUND, person("new"), null).status().position()).isEqualTo(3);
    }

    // ---- helpers

    Place join(String who) {
        return room.join(ROUND, person(who), null);
    }

    void poll(String who) {
        poll(ROUND, who);
    }

    void poll(RoundId round, String who) {
        room.status(round, person(who));
    }

    int admit() {
        return room.admit(ROUND, clock.instant());
    }

    Hold beginCheckout(RoundId round, String who, long amount) {
        return room.beginCheckout(
                round, person(who), krw(amount), clock.instant().plus(Duration.ofMinutes(10)));
    }

    void pay(RoundId round, String who, long amount) {
        beginCheckout(round, who, amount);
        room.checkoutPaid(round, person(who), krw(amount));
    }

    void invalidTicket(String ticket, String who) {
        Rejection rejection = catchThrowableOfType(Rejection.class, () -> room.status(ticket, person(who)));
        assertThat(rejection).as("ticket %s", ticket).isNotNull();
        assertThat(rejection.code()).isEqualTo("TICKET_INVALID");
        assertThat(rejection.kind()).isEqualTo(Rejection.Kind.INVALID);
    }

    static void refused(ThrowingCallable call, String code) {
        Rejection rejection = catchThrowableOfType(Rejection.class, call);
        assertThat(rejection).as("refused with %s", code).isNotNull();
        assertThat(rejection.code()).isEqualTo(code);
        assertThat(rejection.getMessage()).endsWith(".");
    }

    static String placeId(String ticket) {
        String payload = new String(Base64.getUrlDecoder().decode(ticket.split("\\.")[2]), StandardCharsets.US_ASCII);
        return payload.split(" ")[2];
    }

    static PersonId person(String who) {
        return PersonId.of(who);
    }

    static Money krw(long krw) {
        return Money.krw(krw);
    }

    static String sha256(String text) throws Exception {
        return HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }

    static String sha256Hex(String text) {
        try {
            return sha256(text);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A gateway whose health the test sets. */
    static final class TestHealth implements GatewayHealth {
        private volatile int errors;
        private volatile Duration p90 = Duration.ZERO;
        private volatile long calls;

        void set(int errorRateBasisPoints, Duration latencyP90, long recentCalls) {
            this.errors = errorRateBasisPoints;
            this.p90 = latencyP90;
            this.calls = recentCalls;
        }

        @Override
        public int errorRateBasisPoints() {
            return errors;
        }

        @Override
        public Duration latencyP90() {
            return p90;
        }

        @Override
        public long recentCalls() {
            return calls;
        }
    }

    /** What the waiting room told its adapters. */
    static final class RecordedEvents implements QueueEvents {
        final List<RoundId> soldOut = new CopyOnWriteArrayList<>();
        final List<Long> estimateErrors = new CopyOnWriteArrayList<>();

        @Override
        public void soldOut(RoundId round) {
            soldOut.add(round);
        }

        @Override
        public void waitEstimateError(RoundId round, long percent) {
            estimateErrors.add(percent);
        }
    }
}
