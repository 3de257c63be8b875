package dev.dangol.queue.internal;

import org.junit.jupiter.api.AfterEach;

/**
 * The waiting room's contract on the Redis store, at 127.0.0.1:6379, under a key prefix of its own per test. The
 * restart of the contract is a new store (a new Lettuce client) over the same keys.
 */
class RedisWaitingRoomIT extends WaitingRoomContract {

    final String prefix = TestRedis.newPrefix();

    @Override
    QueueStore openStore() {
        return TestRedis.store(prefix);
    }

    @Override
    QueueStore reopenStore() {
        return TestRedis.store(prefix);
    }

    @AfterEach
    void deleteTheKeys() {
        TestRedis.deleteKeys(prefix);
    }
}
