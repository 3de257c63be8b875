package dev.dangol.queue.internal;

import dev.dangol.gateway.GatewayHealth;
import dev.dangol.program.Programs;
import dev.dangol.queue.WaitingRoom;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;

/** Builds a waiting room over Redis outside Spring, for {@link dev.dangol.queue.WaitingRooms}. */
public final class RedisWaitingRooms {

    private RedisWaitingRooms() {}

    public static WaitingRoom open(
            Programs programs,
            GatewayHealth health,
            Clock clock,
            String redisUrl,
            String prefix,
            String ticketKeys,
            Duration holdTime,
            int maxInFlight) {
        QueueSettings d = QueueSettings.DEFAULTS;
        QueueSettings settings = new QueueSettings(
                holdTime,
                d.absentAfter(),
                d.grace(),
                maxInFlight,
                d.batchMax(),
                d.slowErrorRateBasisPoints(),
                d.slowLatency(),
                d.stopErrorRateBasisPoints(),
                d.healthCallsMin());
        RedisQueueStore store = new RedisQueueStore(
                redisUrl, prefix, Duration.ofSeconds(5), Duration.ofSeconds(2), new SimpleMeterRegistry());
        return new WaitingRoomRules(
                store,
                programs,
                health,
                clock,
                new SecureRandom(),
                Tickets.parse(ticketKeys),
                settings,
                QueueEvents.NONE);
    }
}
