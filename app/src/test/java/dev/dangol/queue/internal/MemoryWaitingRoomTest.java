package dev.dangol.queue.internal;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The waiting room's contract on the embedded store: memory with a journal in a fresh directory per test. */
class MemoryWaitingRoomTest extends WaitingRoomContract {

    @TempDir
    Path directory;

    @Override
    QueueStore openStore() {
        return new MemoryQueueStore(directory, false);
    }

    @Override
    QueueStore reopenStore() {
        return new MemoryQueueStore(directory, false);
    }
}
