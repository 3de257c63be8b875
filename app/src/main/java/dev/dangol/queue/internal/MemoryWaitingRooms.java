package dev.dangol.queue.internal;

import dev.dangol.gateway.GatewayHealth;
import dev.dangol.program.Programs;
import dev.dangol.queue.WaitingRoom;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;

/** Builds the embedded waiting room outside Spring, for {@link dev.dangol.queue.WaitingRooms}. */
public final class MemoryWaitingRooms {

    private MemoryWaitingRooms() {}

    public static WaitingRoom open(Programs programs, GatewayHealth health, Clock clock, Path directory, boolean sync) {
        SecureRandom random = new SecureRandom();
        return new WaitingRoomRules(
                new MemoryQueueStore(directory, sync),
                programs,
                health,
                clock,
                random,
                Tickets.loadOrCreate(directory, random),
                QueueSettings.DEFAULTS,
                QueueEvents.NONE);
    }
}
