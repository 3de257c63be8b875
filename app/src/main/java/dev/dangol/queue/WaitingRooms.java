package dev.dangol.queue;

import dev.dangol.gateway.GatewayHealth;
import dev.dangol.program.Programs;
import dev.dangol.queue.internal.MemoryWaitingRooms;
import java.nio.file.Path;
import java.time.Clock;

/** Waiting rooms for use without Spring: measurements and simulations. */
public final class WaitingRooms {

    private WaitingRooms() {}

    /**
     * The embedded waiting room: in memory, journaled under {@code directory} (which one process uses at a time),
     * with the default settings and a ticket key kept in the directory. The result is {@link AutoCloseable}: close it
     * to stop its journal writer and release the directory.
     *
     * @param sync force each group of journal entries to disk before answering (true in production)
     */
    public static WaitingRoom inMemory(
            Programs programs, GatewayHealth health, Clock clock, Path directory, boolean sync) {
        return MemoryWaitingRooms.open(programs, health, clock, directory, sync);
    }

    /**
     * The embedded waiting room with its own admission limits, for simulations of launches of other sizes.
     *
     * @param holdTime how long an admission holds budget for its person
     * @param maxInFlight the most people admitted or paying at once
     */
    public static WaitingRoom inMemory(
            Programs programs,
            GatewayHealth health,
            Clock clock,
            Path directory,
            boolean sync,
            java.time.Duration holdTime,
            int maxInFlight) {
        return MemoryWaitingRooms.open(programs, health, clock, directory, sync, holdTime, maxInFlight);
    }

    /**
     * A waiting room over Redis: several of these (one per server node) share one queue through the same Redis and
     * prefix. Close it to close its Redis connection.
     *
     * @param ticketKeys the ticket key ring every node shares, as {@code kid:secret,...} (secrets of 32+ characters)
     */
    public static WaitingRoom redis(
            Programs programs,
            GatewayHealth health,
            Clock clock,
            String redisUrl,
            String prefix,
            String ticketKeys,
            java.time.Duration holdTime,
            int maxInFlight) {
        return dev.dangol.queue.internal.RedisWaitingRooms.open(
                programs, health, clock, redisUrl, prefix, ticketKeys, holdTime, maxInFlight);
    }
}
