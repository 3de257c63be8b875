package dev.dangol.queue.internal;

import dev.dangol.shared.IdSource;
import dev.dangol.shared.PersonId;
import dev.dangol.shared.RoundId;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Redis memory per waiting person in the waiting room's Redis store: {@code used_memory} before and after N people
 * join one opened round (default 1,000,000, each with a 26-character id like the identity module's), divided by N.
 * The joins go through {@link RedisQueueStore#join} from many threads over the store's one connection, which
 * pipelines them. Then, for {@code --poll-seconds}, the same callers poll random people ({@link RedisQueueStore#touch},
 * what a status poll costs Redis), and it reports polls a second and the Redis server's CPU time a poll (from {@code
 * INFO cpu}), the figure that says how many polls one Redis core serves. The keys are deleted afterwards unless
 * {@code --keep}.
 *
 * <p>It lives in the store's package (in the bench module) because the store is package-private. Not a test: run it
 * by hand ({@code bench/redis-queue-memory.sh --help}) on a Redis nobody else is filling, and write the figure down.
 */
public final class RedisQueueMemoryBench {

    static final String USAGE = """
            Redis memory per waiting person in the waiting room's Redis store.

            Options (all --name=value):
              --url=redis://127.0.0.1:6379   the Redis to measure (its used_memory is the figure: use a quiet one)
              --people=1000000               people joining one opened round
              --callers=64                   concurrent joins in flight on the store's connection
              --poll-seconds=10              then status polls (one script call each) of random people for this long
              --prefix=bench:<random>:       key prefix (deleted afterwards)
              --keep                         keep the keys
            """;

    private RedisQueueMemoryBench() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        for (String arg : args) {
            if (arg.equals("--help")) {
                System.out.print(USAGE);
                return;
            }
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("options are --name=value: " + arg + "\n" + USAGE);
            }
            int eq = arg.indexOf('=');
            options.put(eq < 0 ? arg.substring(2) : arg.substring(2, eq), eq < 0 ? "true" : arg.substring(eq + 1));
        }
        String url = options.getOrDefault("url", "redis://127.0.0.1:6379");
        int people = Integer.parseInt(options.getOrDefault("people", "1000000"));
        int callers = Integer.parseInt(options.getOrDefault("callers", "64"));
        String prefix = options.getOrDefault(
                "prefix", "bench:" + UUID.randomUUID().toString().substring(0, 8) + ":");
        boolean keep = options.containsKey("keep");
        int pollSeconds = Integer.parseInt(options.getOrDefault("poll-seconds", "10"));

        RedisClient client = RedisClient.create(url);
        try (StatefulRedisConnection<String, String> connection = client.connect();
                RedisQueueStore store = new RedisQueueStore(
                        url, prefix, Duration.ofSeconds(30), Duration.ofSeconds(5), new SimpleMeterRegistry())) {
            RedisCommands<String, String> redis = connection.sync();
            RoundId round = RoundId.of("bench");
            store.setUp(round, new QueueStore.RoundSetup(0, 10_000, 500_000, 25_000_000_000L, "00", "00"), 0);
            store.open(round, 1, placeIds -> new int[0]);
            IdSource ids = new IdSource(
                    Clock.fixed(Instant.parse("2026-07-01T00:00:00Z"), ZoneOffset.UTC), new SplittableRandom(42));
            SplittableRandom places = new SplittableRandom(7);
            List<PersonId> persons = new ArrayList<>(people);
            List<String> placeIds = new ArrayList<>(people);
            for (int i = 0; i < people; i++) {
                persons.add(PersonId.of(ids.next()));
                placeIds.add(PlaceIds.random(places));
            }

            long before = usedMemory(redis);
            long started = System.nanoTime();
            AtomicInteger next = new AtomicInteger();
            try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<?>> running = new ArrayList<>();
                for (int c = 0; c < callers; c++) {
                    running.add(threads.submit(() -> {
                        for (int i = next.getAndIncrement(); i < people; i = next.getAndIncrement()) {
                            store.join(round, persons.get(i), placeIds.get(i), 50_000, 1_000 + i, 600_000);
                        }
                        return null;
                    }));
                }
                for (Future<?> future : running) {
                    future.get();
                }
            }
            double seconds = (System.nanoTime() - started) / 1e9;
            long after = usedMemory(redis);
            QueueStore.Counters counters = store.counters(round, 2_000_000);
            if (counters.places() != people || counters.lastSeq() != people) {
                throw new IllegalStateException("expected " + people + " places, the store counts " + counters);
            }

            Map<String, long[]> byKind = memoryByKind(redis, prefix);

            long cpuBefore = cpuMicros(redis);
            long pollUntil = System.nanoTime() + pollSeconds * 1_000_000_000L;
            LongAdder polls = new LongAdder();
            long pollStarted = System.nanoTime();
            try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<?>> running = new ArrayList<>();
                for (int c = 0; c < callers; c++) {
                    int seed = c;
                    running.add(threads.submit(() -> {
                        SplittableRandom random = new SplittableRandom(seed);
                        while (System.nanoTime() < pollUntil) {
                            store.touch(round, persons.get(random.nextInt(people)), 2_000_000, 600_000);
                            polls.increment();
                        }
                        return null;
                    }));
                }
                for (Future<?> future : running) {
                    future.get();
                }
            }
            double pollElapsed = (System.nanoTime() - pollStarted) / 1e9;
            long cpuUsed = cpuMicros(redis) - cpuBefore;
            System.out.printf(
                    Locale.ROOT,
                    "people=%d used_memory_before=%d used_memory_after=%d bytes_per_person=%.1f join_seconds=%.1f"
                            + " joins_per_second=%.0f%n",
                    people,
                    before,
                    after,
                    (after - before) / (double) people,
                    seconds,
                    people / seconds);
            byKind.forEach((kind, sum) -> System.out.printf(
                    Locale.ROOT,
                    "  %-10s keys=%-6d memory_usage=%d bytes (%.1f a person)%n",
                    kind,
                    sum[0],
                    sum[1],
                    sum[1] / (double) people));
            if (polls.sum() > 0) {
                System.out.printf(
                        Locale.ROOT,
                        "polls=%d polls_per_second=%.0f redis_cpu_us_per_poll=%.1f%n",
                        polls.sum(),
                        polls.sum() / pollElapsed,
                        cpuUsed / (double) polls.sum());
            }
            System.out.printf(
                    Locale.ROOT,
                    "RESULT redis-queue-memory people=%d bytes_per_person=%.1f%n",
                    people,
                    (after - before) / (double) people);
            if (!keep) {
                deleteKeys(redis, prefix);
            }
        } finally {
            client.shutdown();
        }
    }

    private static long usedMemory(RedisCommands<String, String> redis) {
        for (String line : redis.info("memory").split("\r?\n")) {
            if (line.startsWith("used_memory:")) {
                return Long.parseLong(line.substring("used_memory:".length()).trim());
            }
        }
        throw new IllegalStateException("Redis did not report used_memory");
    }

    /** The Redis server's CPU time (user and system) so far, in microseconds. */
    private static long cpuMicros(RedisCommands<String, String> redis) {
        double seconds = 0;
        for (String line : redis.info("cpu").split("\r?\n")) {
            if (line.startsWith("used_cpu_user:") || line.startsWith("used_cpu_sys:")) {
                seconds +=
                        Double.parseDouble(line.substring(line.indexOf(':') + 1).trim());
            }
        }
        return Math.round(seconds * 1e6);
    }

    /** MEMORY USAGE summed by kind of key: waiter records (w), person buckets (p), the rest. */
    private static Map<String, long[]> memoryByKind(RedisCommands<String, String> redis, String prefix) {
        Map<String, long[]> byKind = new LinkedHashMap<>();
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            var page = redis.scan(cursor, ScanArgs.Builder.matches(prefix + "*").limit(1_000));
            for (String key : page.getKeys()) {
                String tail = key.substring(key.indexOf("}:") + 2);
                String kind = tail.startsWith("w:") ? "records" : tail.startsWith("p:") ? "persons" : "round";
                Long usage = redis.memoryUsage(key);
                long[] sum = byKind.computeIfAbsent(kind, k -> new long[2]);
                sum[0]++;
                sum[1] += usage == null ? 0 : usage;
            }
            cursor = page;
        } while (!cursor.isFinished());
        return byKind;
    }

    private static void deleteKeys(RedisCommands<String, String> redis, String prefix) {
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            var page = redis.scan(cursor, ScanArgs.Builder.matches(prefix + "*").limit(1_000));
            if (!page.getKeys().isEmpty()) {
                redis.unlink(page.getKeys().toArray(String[]::new));
            }
            cursor = page;
        } while (!cursor.isFinished());
    }
}
