package dev.dangol.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What the sandbox answers to a call, and after how long. The transport (HTTP, or the in-process adapter) waits
 * {@link #delay()} before it hands the answer over, so a caller with a shorter timeout sees a timeout, as on a real
 * network.
 */
public sealed interface Reply {

    /** How long the gateway takes before it answers (or, for {@link Silent}, before it drops the connection). */
    Duration delay();

    /** The payment the key names, in whatever final state it is. */
    record Answered(Payment payment, Duration delay) implements Reply {
        public Answered {
            Objects.requireNonNull(payment, "payment");
            Objects.requireNonNull(delay, "delay");
        }
    }

    /** The sandbox has never seen the key. */
    record NotFound(String idempotencyKey, Duration delay) implements Reply {
        public NotFound {
            Objects.requireNonNull(idempotencyKey, "idempotencyKey");
            Objects.requireNonNull(delay, "delay");
        }
    }

    /** The key was used before for a different charge; nothing was done. */
    record Conflict(String idempotencyKey, String detail, Duration delay) implements Reply {
        public Conflict {
            Objects.requireNonNull(idempotencyKey, "idempotencyKey");
            Objects.requireNonNull(detail, "detail");
            Objects.requireNonNull(delay, "delay");
        }
    }

    /** A server error (5xx): nothing was done, and the same call may be tried again. */
    record Failed(String code, String detail, Duration delay) implements Reply {
        public Failed {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(detail, "detail");
            Objects.requireNonNull(delay, "delay");
        }
    }

    /** The gateway is down until {@code until}: a 503 at once, or a refused connection. Nothing was done. */
    record Unavailable(Instant until, boolean refuseConnection) implements Reply {
        public Unavailable {
            Objects.requireNonNull(until, "until");
        }

        @Override
        public Duration delay() {
            return Duration.ZERO;
        }
    }

    /** The call timed out and no answer will ever come, though the call was applied. */
    record Silent(Duration delay) implements Reply {
        public Silent {
            Objects.requireNonNull(delay, "delay");
        }
    }
}
