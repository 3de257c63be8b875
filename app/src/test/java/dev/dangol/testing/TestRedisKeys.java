package dev.dangol.testing;

import io.lettuce.core.KeyScanCursor;
import io.lettuce.core.RedisClient;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import io.lettuce.core.api.StatefulRedisConnection;

/** Cleans up after tests that use the shared Redis at 127.0.0.1:6379 under a prefix of their own. */
public final class TestRedisKeys {

    private TestRedisKeys() {}

    /** Deletes every key under the prefix. */
    public static void delete(String prefix) {
        RedisClient client = RedisClient.create("redis://127.0.0.1:6379");
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            ScanCursor cursor = ScanCursor.INITIAL;
            do {
                KeyScanCursor<String> page = connection
                        .sync()
                        .scan(cursor, ScanArgs.Builder.matches(prefix + "*").limit(1_000));
                if (!page.getKeys().isEmpty()) {
                    connection.sync().unlink(page.getKeys().toArray(String[]::new));
                }
                cursor = page;
            } while (!cursor.isFinished());
        } finally {
            client.shutdown();
        }
    }
}
