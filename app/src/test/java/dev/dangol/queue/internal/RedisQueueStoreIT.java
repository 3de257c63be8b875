package dev.dangol.queue.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.dangol.queue.internal.QueueStore.AdmitLimits;
import dev.dangol.queue.internal.QueueStore.AdmitResult;
import dev.dangol.queue.internal.QueueStore.Origin;
import dev.dangol.queue.internal.QueueStore.RoundSetup;
import dev.dangol.queue.internal.QueueStore.Waiter;
import dev.dangol.shared.PersonId;
import dev.dangol.shared.Rejection;
import dev.dangol.shared.RoundId;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What the Redis store does beyond the waiting room's contract: its bounds per script call, the admission rate's
 * window, its key layout and its refusals, at the store's own level (127.0.0.1:6379, a key prefix of its own).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RedisQueueStoreIT {

    static final RoundId ROUND = RoundId.of("r1");
    static final long UNIT = 10_000;
    static final long T0 = 1_900_000_000_000L;
    static final long HOUR = 3_600_000;

    final String prefix = TestRedis.newPrefix();
    final RedisQueueStore store = TestRedis.store(prefix);

    @AfterEach
    void deleteTheKeys() {
        store.close();
        TestRedis.deleteKeys(prefix);
    }

    @Test
    void theFirstSetupOfARoundIsTheOneEveryNodeGets() {
        RoundSetup first = setup(1_000_000);
        try (RedisQueueStore other = TestRedis.store(prefix)) {
            assertThat(store.setUp(ROUND, first, T0).origin()).isEqualTo(Origin.CREATED);
            QueueStore.SetUp second = other.setUp(ROUND, setup(5_000_000), T0);

            assertThat(second.origin()).isEqualTo(Origin.EXISTING);
            assertThat(second.setup()).isEqualTo(first);
        }
    }

    @Test
    void closingTwiceIsHarmlessAndAClosedStoreServesNobody() {
        store.setUp(ROUND, setup(1_000_000), T0);

        store.close();
        store.close();

        assertThat(catchThrowableOfType(Rejection.class, () -> store.counters(ROUND, T0))
                        .kind())
                .isEqualTo(Rejection.Kind.UNAVAILABLE);
    }

    @Test
    void aRoundNobodyQueuedForIsNotSoldOutUntilSomeoneIsThereToTell() {
        store.setUp(ROUND, setup(UNIT), T0);
        store.open(ROUND, T0, ids -> new int[0]);
        assertThat(store.takeFromPool(ROUND, UNIT)).isTrue();

        assertThat(store.admit(ROUND, limits(T0, 10)).soldOutNow()).isFalse();
        assertThat(store.counters(ROUND, T0).soldOut()).isFalse();
        store.join(ROUND, person(1), placeId(1), UNIT, T0, HOUR);

        assertThat(store.admit(ROUND, limits(T0, 10)).soldOutNow()).isTrue();
        assertThat(store.admit(ROUND, limits(T0, 10)).soldOutNow()).as("once").isFalse();
        assertThat(store.counters(ROUND, T0).soldOut()).isTrue();
    }

    @Test
    void aRoundNotSetUpIsAnErrorOfTheCallerNotARefusal() {
        assertThatThrownBy(() -> store.join(ROUND, person(1), placeId(1), UNIT, T0, HOUR))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not set up");
        assertThatThrownBy(() -> store.counters(ROUND, T0)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> store.preQueue(ROUND)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> store.setPaused(ROUND, true)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aScriptThatFailsInRedisIsABugNotAReasonToTryAgain() {
        openWith(1, 1_000_000);
        PersonId ghost = PersonId.of("ghost");
        // A person whose entry names a slot with no record: only a bug (or a hand in Redis) makes one.
        RedisClient client = RedisClient.create(TestRedis.URL);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            connection.sync().hset(store.base(ROUND) + "p:" + RedisQueueStore.personBucket(ghost), "ghost", "999");
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }

        assertThatThrownBy(() -> store.touch(ROUND, ghost, T0, HOUR))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("waiter record 999 is missing");
    }

    @Test
    void aWaiterRecordKeepsLargeAmountsAndTimesExactly() {
        long pool = (1L << 47) - 1;
        store.setUp(ROUND, new RoundSetup(T0, UNIT, pool, pool, "ab", "cd"), T0);
        store.open(ROUND, T0, ids -> new int[0]);
        long wanted = pool / UNIT * UNIT;
        long late = T0 + 100L * 365 * 24 * HOUR;
        store.join(ROUND, person(1), placeId(1), wanted, late, HOUR);

        AdmitResult admitted = store.admit(ROUND, limits(late, 10));
        Waiter waiter = store.touch(ROUND, person(1), late, HOUR).orElseThrow().waiter();

        assertThat(admitted.admitted()).isEqualTo(1);
        assertThat(waiter.placeId()).isEqualTo(placeId(1));
        assertThat(waiter.wantedKrw()).isEqualTo(wanted);
        assertThat(waiter.holdKrw()).isEqualTo(wanted);
        assertThat(waiter.holdExpiresAtMillis()).isEqualTo(late + HOUR);
        assertThat(waiter.lastSeenMillis()).isEqualTo(late);
        assertThat(store.counters(ROUND, late).heldKrw()).isEqualTo(wanted);
    }

    @Test
    void aBatchLargerThanOneScriptCallIsAdmittedInSeveralCallsOfOneStep() {
        openWith(1_300, 1_000_000_000);

        AdmitResult result = store.admit(ROUND, limits(T0, 1_200));

        assertThat(RedisQueueStore.ADMISSIONS_PER_CALL).isLessThan(1_200);
        assertThat(result.admitted()).isEqualTo(1_200);
        assertThat(store.counters(ROUND, T0).admitted()).isEqualTo(1_200);
        assertThat(store.counters(ROUND, T0).head()).isEqualTo(1_200);
    }

    @Test
    void lapsedHoldsGoBackInBoundedStepsAndAllOfThemInTheEnd() {
        int people = RedisQueueStore.EXPIRIES_PER_CALL + 500;
        openWith(people, 1_000_000_000);
        for (int admitted = 0; admitted < people; ) {
            admitted += store.admit(ROUND, limits(T0, 500)).admitted();
        }
        long later = T0 + HOUR + 1;

        AdmitResult first = store.admit(ROUND, limits(later, 0));
        AdmitResult second = store.admit(ROUND, limits(later, 0));

        assertThat(first.expired()).isEqualTo(RedisQueueStore.EXPIRIES_PER_CALL);
        assertThat(second.expired()).isEqualTo(500);
        QueueStore.Counters counters = store.counters(ROUND, later);
        assertThat(counters.admitted()).isZero();
        assertThat(counters.heldKrw()).isZero();
        assertThat(counters.poolKrw()).isEqualTo(1_000_000_000);
    }

    @Test
    void theAdmissionRateCountsTheLastSixtySecondsOnly() {
        openWith(30, 1_000_000_000);
        store.admit(ROUND, limits(T0, 10));
        store.admit(ROUND, limits(T0 + 30_000, 5));

        assertThat(store.counters(ROUND, T0).admissionsLastMinute()).isEqualTo(10);
        assertThat(store.counters(ROUND, T0 + 30_000).admissionsLastMinute()).isEqualTo(15);
        assertThat(store.counters(ROUND, T0 + 59_999).admissionsLastMinute()).isEqualTo(15);
        assertThat(store.counters(ROUND, T0 + 60_000).admissionsLastMinute())
                .as("the first second has left the window")
                .isEqualTo(5);
        assertThat(store.counters(ROUND, T0 + 95_000).admissionsLastMinute()).isZero();

        store.admit(ROUND, limits(T0 + 80_000, 2));
        assertThat(store.counters(ROUND, T0 + 80_000).admissionsLastMinute()).isEqualTo(7);
        assertThat(store.counters(ROUND, T0 + 30_000).admissionsLastMinute())
                .as("a node whose clock is behind reads what is left of its window")
                .isEqualTo(5);
        assertThat(hashLength(store.base(ROUND) + "rate"))
                .as("seconds that left the window are forgotten")
                .isEqualTo(2);
    }

    @Test
    void everyKeyOfARoundCarriesItsHashTagAndNothingIsLeftOfOtherRounds() {
        openWith(3, 1_000_000);
        store.admit(ROUND, limits(T0, 1));

        List<String> keys = TestRedis.keys(prefix);

        assertThat(keys).isNotEmpty().allSatisfy(key -> assertThat(key).startsWith(prefix + "{r1}:"));
        assertThat(keys)
                .contains(store.base(ROUND) + "m", store.base(ROUND) + "x", store.base(ROUND) + "w:0")
                .doesNotContain(store.base(ROUND) + "lock");
    }

    @Test
    void personBucketsNeverChangeBecauseLiveRoundsDependOnThem() {
        // Every node computes the bucket of a person's entry: a change would hide places from the nodes that run it.
        assertThat(RedisQueueStore.personBucket(PersonId.of("01JZ8Q5M3C0000000000000000")))
                .isEqualTo(RedisQueueStore.personBucket(PersonId.of(new String("01JZ8Q5M3C0000000000000000"))));
        assertThat(RedisQueueStore.personBucket(PersonId.of("kim"))).isEqualTo(10_605);
        assertThat(RedisQueueStore.personBucket(PersonId.of("01JZ8Q5M3C0000000000000000")))
                .isEqualTo(12_752);
        assertThat(List.of("a", "b", "c", "d", "e", "f", "g", "h").stream()
                        .map(id -> RedisQueueStore.personBucket(PersonId.of(id)))
                        .distinct())
                .as("neighbouring ids spread over buckets")
                .hasSize(8);
    }

    // ---- helpers

    /** An opened round of {@code people} waiters wanting one unit each, all present at T0. */
    private void openWith(int people, long pool) {
        store.setUp(ROUND, setup(pool), T0);
        store.open(ROUND, T0, ids -> new int[0]);
        for (int i = 0; i < people; i++) {
            store.join(ROUND, person(i), placeId(i), UNIT, T0, HOUR);
        }
    }

    private static RoundSetup setup(long pool) {
        return new RoundSetup(T0, UNIT, 5 * UNIT, pool, "ab".repeat(32), "cd".repeat(32));
    }

    private static AdmitLimits limits(long now, int batch) {
        return new AdmitLimits(now, HOUR, 2 * HOUR, 1_000_000, batch, false);
    }

    private static PersonId person(int i) {
        return PersonId.of("person-" + i);
    }

    private static String placeId(int i) {
        return PlaceIds.of(i, 31L * i);
    }

    private static long hashLength(String key) {
        RedisClient client = RedisClient.create(TestRedis.URL);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            return connection.sync().hlen(key);
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }
}
