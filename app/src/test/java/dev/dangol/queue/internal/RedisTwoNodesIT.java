package dev.dangol.queue.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dangol.ledger.Ledger;
import dev.dangol.ledger.Ledgers;
import dev.dangol.program.ProgramCatalogs;
import dev.dangol.program.ProgramDefaults;
import dev.dangol.program.Programs;
import dev.dangol.program.Round;
import dev.dangol.program.RoundStatus;
import dev.dangol.queue.Draw;
import dev.dangol.queue.Place;
import dev.dangol.queue.QueueOverview;
import dev.dangol.queue.QueueState;
import dev.dangol.queue.QueueStatus;
import dev.dangol.queue.internal.QueueStore.Outcome;
import dev.dangol.queue.internal.QueueStore.Waiter;
import dev.dangol.shared.Money;
import dev.dangol.shared.PersonId;
import dev.dangol.shared.ProgramId;
import dev.dangol.shared.Rejection;
import dev.dangol.shared.RoundId;
import dev.dangol.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Two server nodes sharing one queue in Redis: two stores with their own Lettuce clients over the same keys, each
 * under its own rules (own random source, own caches), racing each other. The ledger and programs are shared, as
 * the database is in production.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RedisTwoNodesIT {

    static final ProgramId PROGRAM = ProgramId.of("onnuri");
    static final RoundId ROUND = RoundId.of("launch");
    static final Instant OPENS = MutableClock.START.plus(Duration.ofHours(1));
    static final long UNIT = 10_000;
    static final long CAP = 50_000;
    static final String KEYS = "k1:" + "s".repeat(40);

    /** Short holds, and nobody counts as away: the races are about admission and checkout, not presence. */
    static final QueueSettings SETTINGS = new QueueSettings(
            Duration.ofSeconds(2),
            Duration.ofHours(1),
            Duration.ofHours(1),
            2_000,
            500,
            500,
            Duration.ofSeconds(2),
            5_000,
            20);

    final String prefix = TestRedis.newPrefix();
    final MutableClock clock = new MutableClock();
    final WaitingRoomContract.RecordedEvents eventsA = new WaitingRoomContract.RecordedEvents();
    final WaitingRoomContract.RecordedEvents eventsB = new WaitingRoomContract.RecordedEvents();
    final ExecutorService threads = Executors.newFixedThreadPool(16);
    Ledger ledger;
    Programs programs;
    RedisQueueStore storeA;
    RedisQueueStore storeB;
    WaitingRoomRules nodeA;
    WaitingRoomRules nodeB;

    @BeforeEach
    void startTwoNodes() {
        ledger = Ledgers.inMemory(clock);
        programs = ProgramCatalogs.inMemory(ledger, clock);
        programs.define(ProgramDefaults.national(PROGRAM, "Digital Onnuri"));
        storeA = TestRedis.store(prefix);
        storeB = TestRedis.store(prefix);
        nodeA = node(storeA, 1, eventsA);
        nodeB = node(storeB, 2, eventsB);
    }

    WaitingRoomRules node(QueueStore store, long seed, QueueEvents events) {
        return new WaitingRoomRules(
                store,
                programs,
                new WaitingRoomContract.TestHealth(),
                clock,
                new SplittableRandom(seed),
                Tickets.parse(KEYS),
                SETTINGS,
                events);
    }

    @AfterEach
    void stopBothNodes() throws Exception {
        threads.shutdownNow();
        threads.awaitTermination(10, TimeUnit.SECONDS);
        storeA.close();
        storeB.close();
        TestRedis.deleteKeys(prefix);
        if (ledger instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    @Test
    void peopleJoiningOnBothNodesAtOnceGetOnePlaceEachAndDensePositionsAfterOneDraw() throws Exception {
        schedule(ROUND, 100_000_000);
        int early = 300;
        int late = 300;
        clock.set(OPENS.minusSeconds(60));
        List<List<Place>> earlyPlaces = joinOnBothNodes("early", early);

        clock.set(OPENS);
        // The first joins after the opening time open the round, on both nodes at once, while others join.
        List<List<Place>> latePlaces = joinOnBothNodes("late", late);

        for (List<List<Place>> places : List.of(earlyPlaces, latePlaces)) {
            for (List<Place> pair : places) {
                assertThat(placeId(pair.get(0))).isEqualTo(placeId(pair.get(1)));
                assertThat(pair.stream().filter(Place::rejoined)).hasSize(1);
            }
        }
        Draw draw = nodeA.draw(ROUND);
        assertThat(nodeB.draw(ROUND)).isEqualTo(draw);
        assertThat(Draws.commitment(draw.seed())).isEqualTo(draw.seedCommitment());
        List<String> earlyIds =
                earlyPlaces.stream().map(pair -> placeId(pair.get(0))).toList();
        assertThat(draw.participants()).containsExactlyInAnyOrderElementsOf(earlyIds);
        List<String> drawnOrder = new ArrayList<>(draw.participants());
        drawnOrder.sort(Comparator.comparing(id -> Draws.sha256Hex(draw.seed() + ":" + id)));

        List<Long> positions = new ArrayList<>();
        for (int i = 0; i < early; i++) {
            long position = (i % 2 == 0 ? nodeA : nodeB)
                    .status(ROUND, person("early" + i))
                    .position();
            assertThat(position).isEqualTo(drawnOrder.indexOf(earlyIds.get(i)) + 1L);
            positions.add(position);
        }
        for (int i = 0; i < late; i++) {
            long position = (i % 2 == 0 ? nodeB : nodeA)
                    .status(ROUND, person("late" + i))
                    .position();
            assertThat(position).isGreaterThan(early);
            positions.add(position);
        }
        Collections.sort(positions);
        assertThat(positions)
                .as("positions are dense and unique")
                .isEqualTo(LongStream.rangeClosed(1, early + late).boxed().toList());
        assertThat(nodeA.overview(ROUND).waiting()).isEqualTo(early + late);
    }

    @Test
    void theRoundOpensOnceWhenEveryThreadOfBothNodesOpensItAtOnce() throws Exception {
        schedule(ROUND, 100_000_000);
        clock.set(OPENS.minusSeconds(60));
        int early = 2_500; // several batches of the draw
        List<List<Place>> places = joinOnBothNodes("early", early);
        AtomicInteger drawsComputed = new AtomicInteger();
        QueueStore.DrawOrder reversed = placeIds -> {
            drawsComputed.incrementAndGet();
            return IntStream.range(0, placeIds.size())
                    .map(i -> placeIds.size() - 1 - i)
                    .toArray();
        };

        List<Boolean> opened = race(8, i -> (i % 2 == 0 ? storeA : storeB).open(ROUND, OPENS.toEpochMilli(), reversed));

        assertThat(opened.stream().filter(Boolean::booleanValue)).hasSize(1);
        assertThat(drawsComputed).hasValue(1);
        QueueStore.PreQueue preQueue = storeB.preQueue(ROUND);
        assertThat(preQueue.drawn()).isTrue();
        assertThat(preQueue.placeIds()).hasSize(early);
        clock.set(OPENS);
        for (int i : new int[] {0, 1, 1_234, early - 1}) {
            int slot = preQueue.placeIds().indexOf(placeId(places.get(i).get(0)));
            assertThat(nodeA.status(ROUND, person("early" + i)).position())
                    .as("the reversed draw puts the last to join first")
                    .isEqualTo(early - slot);
        }
        Place next = nodeB.join(ROUND, person("next"), null);
        assertThat(next.status().position()).isEqualTo(early + 1L);
    }

    @Test
    void aPreQueueLongerThanOneRecordChunkIsDrawnWhole() throws Exception {
        int early = RedisQueueStore.RECORDS_PER_CHUNK + 1_000;
        storeA.setUp(ROUND, new QueueStore.RoundSetup(OPENS.toEpochMilli(), UNIT, CAP, 100_000_000, "00", "11"), 0);
        race(16, t -> {
            RedisQueueStore store = t % 2 == 0 ? storeA : storeB;
            for (int i = t; i < early; i += 16) {
                store.join(ROUND, person("p" + i), placeIdOf(i), CAP, 0, 1);
            }
            return null;
        });
        QueueStore.DrawOrder reversed = placeIds -> IntStream.range(0, placeIds.size())
                .map(i -> placeIds.size() - 1 - i)
                .toArray();

        assertThat(storeB.open(ROUND, OPENS.toEpochMilli(), reversed)).isTrue();

        QueueStore.PreQueue preQueue = storeA.preQueue(ROUND);
        assertThat(preQueue.placeIds()).hasSize(early);
        assertThat(new HashSet<>(preQueue.placeIds())).hasSize(early);
        // Slot order is join order, which the threads interleave: find each person's slot by their place id.
        for (int i :
                new int[] {0, 1, RedisQueueStore.RECORDS_PER_CHUNK - 1, RedisQueueStore.RECORDS_PER_CHUNK, early - 1}) {
            Waiter waiter =
                    storeA.touch(ROUND, person("p" + i), 1, 1).orElseThrow().waiter();
            int slot = preQueue.placeIds().indexOf(placeIdOf(i));
            assertThat(waiter.placeId()).isEqualTo(placeIdOf(i));
            assertThat(waiter.seq()).isEqualTo(early - slot);
            assertThat(waiter.state()).isEqualTo(QueueStore.WaiterState.WAITING);
        }
    }

    @Test
    void bothNodesAdmittingWhileCheckoutsRaceNeverAdmitTwiceNorHandOutMoreThanTheBudget() throws Exception {
        long budget = 3_000_000;
        schedule(ROUND, budget);
        clock.set(OPENS);
        int people = 200;
        joinOnBothNodes("p", people);
        AtomicBoolean done = new AtomicBoolean();
        AtomicLong admissions = new AtomicLong();
        AtomicLong paidKrw = new AtomicLong();
        List<String> broken = new CopyOnWriteArrayList<>();
        Set<String> bought = ConcurrentHashMap.newKeySet();
        List<Future<?>> running = new ArrayList<>();

        // Both nodes run the admission job, as every node does every 200 ms; here as fast as they can.
        for (WaitingRoomRules node : List.of(nodeA, nodeB)) {
            running.add(threads.submit(() -> {
                while (!done.get()) {
                    admissions.addAndGet(node.admit(ROUND, clock.instant()));
                    check(node.overview(ROUND), budget, broken);
                }
                return null;
            }));
        }
        // Time runs, so that unused holds lapse and come back to the pool.
        running.add(threads.submit(() -> {
            while (!done.get()) {
                clock.advance(Duration.ofMillis(100));
                Thread.sleep(5);
            }
            return null;
        }));
        // Buyers use whichever node their request lands on; some pay, some fail and pay later, some give up.
        int buyers = 8;
        for (int b = 0; b < buyers; b++) {
            int first = b;
            running.add(threads.submit(() -> {
                SplittableRandom random = new SplittableRandom(first);
                while (!done.get()) {
                    for (int i = first; i < people; i += buyers) {
                        buy("p" + i, random, paidKrw, bought);
                    }
                }
                return null;
            }));
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!nodeA.overview(ROUND).soldOut() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        done.set(true);
        for (Future<?> future : running) {
            future.get(30, TimeUnit.SECONDS);
        }
        // Nothing is held once the round sold out; a later step changes nothing.
        clock.advance(Duration.ofSeconds(10));
        admissions.addAndGet(nodeB.admit(ROUND, clock.instant()));

        QueueOverview end = nodeA.overview(ROUND);
        assertThat(broken).isEmpty();
        assertThat(end.soldOut()).as("the budget ran out").isTrue();
        assertThat(end.held()).isEqualTo(Money.ZERO);
        assertThat(end.sold().krw()).isEqualTo(paidKrw.get());
        assertThat(end.sold().krw() + end.pool().krw()).isEqualTo(budget);
        long admittedOnce = 0;
        for (int i = 0; i < people; i++) {
            QueueState state = nodeA.status(ROUND, person("p" + i)).state();
            // Everyone who did not buy is told SOLD_OUT, lapsed turns included; the store still knows who was
            // admitted and let the turn lapse.
            assertThat(state).isIn(QueueState.BOUGHT, QueueState.SOLD_OUT);
            QueueStore.WaiterState stored = storeA.touch(
                            ROUND,
                            person("p" + i),
                            clock.instant().toEpochMilli(),
                            Duration.ofMinutes(10).toMillis())
                    .orElseThrow()
                    .waiter()
                    .state();
            if (stored == QueueStore.WaiterState.BOUGHT || stored == QueueStore.WaiterState.EXPIRED) {
                admittedOnce++;
            }
            assertThat(state == QueueState.BOUGHT).isEqualTo(bought.contains("p" + i));
        }
        assertThat(admissions.get()).as("admissions counted on both nodes").isEqualTo(admittedOnce);
        assertThat(eventsA.soldOut.size() + eventsB.soldOut.size())
                .as("sold out is found once")
                .isEqualTo(1);
    }

    @Test
    void oneCheckoutWinsWhenBothNodesBeginItAtOnceAndAPaymentCountsOnce() throws Exception {
        schedule(ROUND, 100_000_000);
        clock.set(OPENS);
        int people = 50;
        joinOnBothNodes("p", people);
        nodeA.admit(ROUND, clock.instant());
        Instant deadline = clock.instant().plus(Duration.ofMinutes(10));

        for (int i = 0; i < people; i++) {
            PersonId who = person("p" + i);
            List<Object> begun = race(2, n -> {
                try {
                    return (n == 0 ? nodeA : nodeB).beginCheckout(ROUND, who, Money.krw(CAP), deadline);
                } catch (Rejection refused) {
                    return refused.code();
                }
            });
            assertThat(begun).filteredOn(String.class::isInstance).containsExactly("CHECKOUT_IN_PROGRESS");
            race(2, n -> {
                (n == 0 ? nodeA : nodeB).checkoutPaid(ROUND, who, Money.krw(CAP));
                return null;
            });
        }

        QueueOverview overview = nodeB.overview(ROUND);
        assertThat(overview.sold()).isEqualTo(Money.krw(CAP * people));
        assertThat(overview.held()).isEqualTo(Money.ZERO);
        assertThat(overview.holds()).isZero();
        assertThat(storeA.checkoutPaid(ROUND, person("p0"), CAP)).isEqualTo(Outcome.OK);
        assertThat(nodeA.overview(ROUND).sold()).isEqualTo(Money.krw(CAP * people));
    }

    // ---- helpers

    /** One buyer's turn: pay when admitted, sometimes after a failed try; sometimes give the admission up. */
    private void buy(String who, SplittableRandom random, AtomicLong paidKrw, Set<String> bought) {
        WaitingRoomRules node = random.nextBoolean() ? nodeA : nodeB;
        QueueStatus status = node.status(ROUND, person(who));
        if (status.state() != QueueState.ADMITTED) {
            return;
        }
        try {
            int roll = random.nextInt(10);
            if (roll == 0) {
                node.release(ROUND, person(who));
                return;
            }
            Money amount =
                    Money.krw(status.hold().krw() - (roll == 1 && status.hold().krw() > UNIT ? UNIT : 0));
            // A far deadline: a checkout in this race never lapses, so a payment always moves its amount to sold.
            node.beginCheckout(ROUND, person(who), amount, clock.instant().plus(Duration.ofHours(1)));
            WaitingRoomRules other = random.nextBoolean() ? nodeA : nodeB;
            if (roll == 2) {
                other.checkoutFailed(ROUND, person(who), amount);
                return;
            }
            other.checkoutPaid(ROUND, person(who), amount);
            paidKrw.addAndGet(amount.krw());
            bought.add(who);
        } catch (Rejection refused) {
            // The hold lapsed between the poll and the checkout: the buyer is told, and nothing changed.
            assertThat(refused.code()).isIn("HOLD_EXPIRED", "NOT_ADMITTED");
        }
    }

    private static void check(QueueOverview o, long budget, List<String> broken) {
        if (o.pool().krw() < 0
                || o.held().krw() < 0
                || o.pool().krw() + o.held().krw() + o.sold().krw() != budget) {
            broken.add(o.toString());
        }
    }

    /** Each person joins on both nodes at the same moment; returns their two places. */
    private List<List<Place>> joinOnBothNodes(String name, int count) throws Exception {
        List<Future<List<Place>>> futures = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            PersonId who = person(name + i);
            futures.add(threads.submit(() -> race(2, n -> (n == 0 ? nodeA : nodeB).join(ROUND, who, null))));
        }
        List<List<Place>> places = new ArrayList<>();
        for (Future<List<Place>> future : futures) {
            places.add(future.get(60, TimeUnit.SECONDS));
        }
        return places;
    }

    private interface Task<T> {
        T run(int index) throws Exception;
    }

    /** Runs n tasks on their own threads, released at the same moment. */
    private static <T> List<T> race(int n, Task<T> task) throws Exception {
        CyclicBarrier start = new CyclicBarrier(n);
        try (ExecutorService racers = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<T>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                Callable<T> call = () -> {
                    start.await(30, TimeUnit.SECONDS);
                    return task.run(index);
                };
                futures.add(racers.submit(call));
            }
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get(60, TimeUnit.SECONDS));
            }
            return results;
        }
    }

    void schedule(RoundId id, long budget) {
        programs.schedule(new Round(
                id, PROGRAM, id.value(), Money.krw(budget), OPENS, null, Money.krw(CAP), 1_000, RoundStatus.ACTIVE));
    }

    static String placeIdOf(int i) {
        return PlaceIds.of(0x5EED_0000_0000_0000L | i, i);
    }

    static String placeId(Place place) {
        return WaitingRoomContract.placeId(place.ticket());
    }

    static PersonId person(String who) {
        return PersonId.of(who);
    }
}
