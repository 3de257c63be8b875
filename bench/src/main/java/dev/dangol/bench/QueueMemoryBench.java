package dev.dangol.bench;

import dev.dangol.gateway.GatewayHealth;
import dev.dangol.ledger.Ledger;
import dev.dangol.ledger.Ledgers;
import dev.dangol.program.ProgramCatalogs;
import dev.dangol.program.ProgramDefaults;
import dev.dangol.program.Programs;
import dev.dangol.program.Round;
import dev.dangol.program.RoundStatus;
import dev.dangol.queue.QueueOverview;
import dev.dangol.queue.WaitingRoom;
import dev.dangol.queue.WaitingRooms;
import dev.dangol.shared.IdSource;
import dev.dangol.shared.Money;
import dev.dangol.shared.PersonId;
import dev.dangol.shared.ProgramId;
import dev.dangol.shared.RoundId;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * Memory a waiting person costs the embedded waiting room: the heap in use after a full GC, before and after N
 * people join one round through the real rules, the in-memory store and its journal (group commit, on disk in a
 * temporary directory). Person ids are 26-character ULID-like ids, as {@code IdSource} makes them.
 *
 * <pre>
 *   bench/queue-memory-bench.sh --people=1000000 [--joiners=256] [--sync=true] [--pre-queue=false]
 * </pre>
 */
public final class QueueMemoryBench {

    private QueueMemoryBench() {}

    public static void main(String[] args) throws Exception {
        int people = 1_000_000;
        int joiners = 256;
        boolean sync = true;
        boolean preQueue = false;
        for (String arg : args) {
            String[] kv = arg.replaceFirst("^--", "").split("=", 2);
            String value = kv.length > 1 ? kv[1] : "true";
            switch (kv[0]) {
                case "people" -> people = Integer.parseInt(value);
                case "joiners" -> joiners = Integer.parseInt(value);
                case "sync" -> sync = Boolean.parseBoolean(value);
                case "pre-queue" -> preQueue = Boolean.parseBoolean(value);
                case "help" -> {
                    System.out.println("--people=1000000 --joiners=256 --sync=true --pre-queue=false");
                    return;
                }
                default -> throw new IllegalArgumentException("unknown option " + arg);
            }
        }
        Clock clock = Clock.fixed(Instant.parse("2026-11-23T01:00:00Z"), ZoneOffset.UTC);
        Instant opensAt = preQueue ? clock.instant().plus(Duration.ofHours(1)) : clock.instant();
        Path directory = Files.createTempDirectory("dangol-queue-bench-");
        Ledger ledger = Ledgers.inMemory(clock);
        Programs programs = ProgramCatalogs.inMemory(ledger, clock);
        ProgramId program = ProgramId.of("onnuri");
        RoundId round = RoundId.of("launch");
        programs.define(ProgramDefaults.national(program, "Digital Onnuri"));
        programs.schedule(new Round(
                round,
                program,
                "launch",
                Money.krw(25_000_000_000L),
                opensAt,
                null,
                Money.krw(500_000),
                1_000,
                RoundStatus.ACTIVE));
        WaitingRoom room = WaitingRooms.inMemory(programs, healthy(), clock, directory, sync);
        try {
            room.overview(round);
            // Person ids made before the baseline, so that only what the waiting room keeps is counted.
            IdSource ids = new IdSource(clock, new SplittableRandom(1));
            String[] persons = new String[people];
            for (int i = 0; i < people; i++) {
                persons[i] = ids.next();
            }
            long before = usedHeapAfterGc();
            long started = System.nanoTime();
            int perJoiner = (people + joiners - 1) / joiners;
            try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<?>> done = new ArrayList<>();
                for (int j = 0; j < joiners; j++) {
                    int from = j * perJoiner;
                    int to = Math.min(people, from + perJoiner);
                    done.add(threads.submit(() -> {
                        for (int i = from; i < to; i++) {
                            room.join(round, PersonId.of(persons[i]), Money.krw(10_000L * (1 + i % 50)));
                        }
                    }));
                }
                for (Future<?> f : done) {
                    f.get();
                }
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            long after = usedHeapAfterGc();
            QueueOverview overview = room.overview(round);
            long journal = Files.size(directory.resolve("queue.journal"));
            double perWaiter = (double) (after - before) / people;
            System.out.printf(
                    Locale.ROOT,
                    "RESULT people=%d waiting=%d heap_before=%d heap_after=%d bytes_per_waiter=%.1f"
                            + " journal_bytes_per_waiter=%.1f joins_per_second=%.0f joiners=%d sync=%s pre_queue=%s"
                            + " java=%s max_heap=%d%n",
                    people,
                    overview.waiting(),
                    before,
                    after,
                    perWaiter,
                    (double) journal / people,
                    people / seconds,
                    joiners,
                    sync,
                    preQueue,
                    System.getProperty("java.version"),
                    Runtime.getRuntime().maxMemory());
            // Keeps the person ids reachable until after the second measurement, so that they stay in both.
            if (persons[people - 1].isEmpty()) {
                throw new IllegalStateException();
            }
        } finally {
            if (room instanceof AutoCloseable closeable) {
                closeable.close();
            }
            if (ledger instanceof AutoCloseable closeable) {
                closeable.close();
            }
            delete(directory);
        }
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(200);
            used = Math.min(
                    used,
                    ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    private static GatewayHealth healthy() {
        return new GatewayHealth() {
            @Override
            public int errorRateBasisPoints() {
                return 0;
            }

            @Override
            public Duration latencyP90() {
                return Duration.ZERO;
            }

            @Override
            public long recentCalls() {
                return 0;
            }
        };
    }

    private static void delete(Path directory) throws IOException {
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path path : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }
}
