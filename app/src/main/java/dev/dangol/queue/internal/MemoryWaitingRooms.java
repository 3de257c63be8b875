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
        return open(programs, health, clock, directory, sync, QueueSettings.DEFAULTS);
    }

    public static WaitingRoom open(
            Programs programs,
            GatewayHealth health,
            Clock clock,
            Path directory,
            boolean sync,
            java.time.Duration holdTime,
            int maxInFlight) {
        QueueSettings d = QueueSettings.DEFAULTS;
        return open(
                programs,
                health,
                clock,
                directory,
                sync,
                new QueueSettings(
                        holdTime,
                        d.absentAfter(),
                        d.grace(),
                        maxInFlight,
                        d.batchMax(),
                        d.slowErrorRateBasisPoints(),
                        d.slowLatency(),
                        d.stopErrorRateBasisPoints(),
                        d.healthCallsMin()));
    }

    private static WaitingRoom open(
            Programs programs,
            GatewayHealth health,
            Clock clock,
            Path directory,
            boolean sync,
            QueueSettings settings) {
        SecureRandom random = new SecureRandom();
        return new WaitingRoomRules(
                new MemoryQueueStore(directory, sync),
                programs,
                health,
                clock,
                random,
                Tickets.loadOrCreate(directory, random),
                settings,
                QueueEvents.NONE);
    }
}
