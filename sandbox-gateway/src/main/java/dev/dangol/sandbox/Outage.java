package dev.dangol.sandbox;

import java.time.Instant;
import java.util.Objects;

/**
 * A window in which the gateway is down: every call is answered 503 at once, or, with {@code refuseConnections}, the
 * connection is dropped without an answer, as when a gateway's load balancer has no healthy node behind it.
 *
 * @param end the first instant the gateway is back
 */
public record Outage(Instant start, Instant end, boolean refuseConnections) {

    public Outage {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (!end.isAfter(start)) {
            throw new IllegalArgumentException("an outage must end after it starts");
        }
    }

    public boolean covers(Instant instant) {
        return !instant.isBefore(start) && instant.isBefore(end);
    }
}
