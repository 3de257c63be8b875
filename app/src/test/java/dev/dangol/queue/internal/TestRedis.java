package dev.dangol.queue.internal;

import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/** The shared Redis of the tests (127.0.0.1:6379): stores under a random key prefix, and the clean-up after them. */
final class TestRedis {

    static final String URL = "redis://127.0.0.1:6379";

    private TestRedis() {}

    /** A prefix no other test or helper uses. */
    static String newPrefix() {
        return "test:" + UUID.randomUUID().toString().replace("-", "") + ":";
    }

    /** A store with its own Lettuce client, as a server node would have. */
    static RedisQueueStore store(String prefix) {
        return new RedisQueueStore(
                URL, prefix, Duration.ofSeconds(5), Duration.ofSeconds(2), new SimpleMeterRegistry());
    }

    /** Every key under the prefix. */
    static List<String> keys(String prefix) {
        RedisClient client = RedisClient.create(URL);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            List<String> keys = new ArrayList<>();
            ScanCursor cursor = ScanCursor.INITIAL;
            do {
                var page = connection
                        .sync()
                        .scan(cursor, ScanArgs.Builder.matches(prefix + "*").limit(1_000));
                keys.addAll(page.getKeys());
                cursor = page;
            } while (!cursor.isFinished());
            return keys;
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    /** Deletes every key under the prefix; returns how many there were. */
    static long deleteKeys(String prefix) {
        RedisClient client = RedisClient.create(URL);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            RedisCommands<String, String> redis = connection.sync();
            long deleted = 0;
            ScanCursor cursor = ScanCursor.INITIAL;
            do {
                var page = redis.scan(
                        cursor, ScanArgs.Builder.matches(prefix + "*").limit(1_000));
                if (!page.getKeys().isEmpty()) {
                    deleted += redis.unlink(page.getKeys().toArray(String[]::new));
                }
                cursor = page;
            } while (!cursor.isFinished());
            return deleted;
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }
}
