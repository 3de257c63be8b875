package dev.dangol.queue.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dangol.queue.internal.QueueStore.AdmitLimits;
import dev.dangol.queue.internal.QueueStore.Counters;
import dev.dangol.queue.internal.QueueStore.Origin;
import dev.dangol.queue.internal.QueueStore.RoundSetup;
import dev.dangol.queue.internal.QueueStore.WaiterState;
import dev.dangol.shared.PersonId;
import dev.dangol.shared.RoundId;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** What only the embedded store promises: its journal, its directory, its locking under many threads. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class MemoryQueueStoreTest {

    private static final RoundId ROUND = RoundId.of("launch");
    private static final long NOW = 1_900_000_000_000L;
    private static final long UNIT = 10_000;
    private static final RoundSetup SETUP =
            new RoundSetup(NOW, UNIT, 50_000, 10_000_000, "00".repeat(32), "ff".repeat(32));

    @TempDir
    Path directory;

    private final SplittableRandom random = new SplittableRandom(3);

    @Test
    void aJoinIsOnDiskWhenItIsAnswered() {
        try (MemoryQueueStore store = new MemoryQueueStore(directory, true)) {
            store.setUp(ROUND, SETUP, NOW);
            long before = Journal.replay(directory.resolve(MemoryQueueStore.JOURNAL), entry -> {});

            store.join(ROUND, PersonId.of("kim"), PlaceIds.random(random), UNIT, NOW, 600_000);

            assertThat(Journal.replay(directory.resolve(MemoryQueueStore.JOURNAL), entry -> {}))
                    .isEqualTo(before + 1);
        }
    }

    @Test
    void aTornLastEntryIsCutOffAndEverythingBeforeItKept() throws Exception {
        try (MemoryQueueStore store = new MemoryQueueStore(directory, true)) {
            store.setUp(ROUND, SETUP, NOW);
            for (int i = 0; i < 10; i++) {
                store.join(ROUND, PersonId.of("p" + i), PlaceIds.random(random), UNIT, NOW, 600_000);
            }
        }
        Path journal = directory.resolve(MemoryQueueStore.JOURNAL);
        long whole = Files.size(journal);
        // A crash in the middle of writing the next entry: its header promises more bytes than there are.
        Files.write(journal, ByteBuffer.allocate(10).putInt(500).putInt(7).array(), StandardOpenOption.APPEND);

        try (MemoryQueueStore store = new MemoryQueueStore(directory, true)) {
            assertThat(store.setUp(ROUND, SETUP, NOW).origin()).isEqualTo(Origin.RESTORED);
            assertThat(store.counters(ROUND, NOW).places()).isEqualTo(10);
            assertThat(Files.size(journal)).isEqualTo(whole);
            store.join(ROUND, PersonId.of("after"), PlaceIds.random(random), UNIT, NOW, 600_000);
        }
        try (MemoryQueueStore store = new MemoryQueueStore(directory, true)) {
            store.setUp(ROUND, SETUP, NOW);
            assertThat(store.counters(ROUND, NOW).places()).isEqualTo(11);
        }
    }

    @Test
    void aSecondStoreCannotUseADirectoryInUse() {
        MemoryQueueStore store = new MemoryQueueStore(directory, false);
        try {
            assertThatThrownBy(() -> new MemoryQueueStore(directory, false))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("dangol.queue.directory");
        } finally {
            store.close();
        }
    }

    @Test
    void theFirstSetUpWinsAndALaterOneSeesIt() {
        try (MemoryQueueStore store = new MemoryQueueStore(directory, false)) {
            assertThat(store.setUp(ROUND, SETUP, NOW).origin()).isEqualTo(Origin.CREATED);
            RoundSetup other = new RoundSetup(NOW, UNIT, 50_000, 5, "11".repeat(32), "22".repeat(32));

            QueueStore.SetUp again = store.setUp(ROUND, other, NOW);

            assertThat(again.origin()).isEqualTo(Origin.EXISTING);
            assertThat(again.setup()).isEqualTo(SETUP);
        }
    }

    @Test
    void manyJoinersAndAdmittersAtOnceGetDenseUniquePositionsAndNeverOverspendThePool() throws Exception {
        long budget = 2_000 * UNIT;
        try (MemoryQueueStore store = new MemoryQueueStore(directory, false);
                ExecutorService threads = Executors.newFixedThreadPool(8)) {
            store.setUp(ROUND, new RoundSetup(NOW, UNIT, 50_000, budget, "00".repeat(32), "ff".repeat(32)), NOW);
            store.open(ROUND, NOW, ids -> new int[0]);
            List<Future<Long>> joins = new ArrayList<>();
            AtomicInteger admitted = new AtomicInteger();
            for (int t = 0; t < 6; t++) {
                int thread = t;
                joins.add(threads.submit(() -> {
                    long seqs = 0;
                    SplittableRandom own = new SplittableRandom(thread);
                    for (int i = 0; i < 1_000; i++) {
                        // Every person joins twice, from two threads: one place each.
                        String who = "p" + ((thread / 2) * 1_000 + i);
                        var joined = store.join(
                                ROUND, PersonId.of(who), PlaceIds.random(own), UNIT * (1 + i % 5), NOW, 600_000);
                        seqs += joined.rejoined() ? 0 : 1;
                    }
                    return seqs;
                }));
            }
            for (int t = 0; t < 2; t++) {
                threads.submit(() -> {
                    for (int i = 0; i < 200; i++) {
                        admitted.addAndGet(store.admit(ROUND, new AdmitLimits(NOW, 300_000, 90_000, 10_000, 50, false))
                                .admitted());
                    }
                    return null;
                });
            }
            long newPlaces = 0;
            for (Future<Long> join : joins) {
                newPlaces += join.get();
            }
            threads.shutdown();
            assertThat(threads.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

            Counters counters = store.counters(ROUND, NOW);
            assertThat(newPlaces).isEqualTo(3_000);
            assertThat(counters.lastSeq()).isEqualTo(3_000);
            Set<Long> seqs = new HashSet<>();
            for (int i = 0; i < 3_000; i++) {
                var seen =
                        store.touch(ROUND, PersonId.of("p" + i), NOW, 600_000).orElseThrow();
                assertThat(seqs.add(seen.waiter().seq())).isTrue();
                if (seen.waiter().state() == WaiterState.ADMITTED) {
                    assertThat(seen.waiter().holdKrw()).isEqualTo(seen.waiter().wantedKrw());
                }
            }
            assertThat(seqs).hasSize(3_000).allSatisfy(seq -> assertThat(seq).isBetween(1L, 3_000L));
            assertThat(counters.admitted()).isEqualTo(admitted.get());
            assertThat(counters.poolKrw()).isNotNegative();
            assertThat(counters.poolKrw() + counters.heldKrw() + counters.soldKrw())
                    .isEqualTo(budget);
        }
    }
}
