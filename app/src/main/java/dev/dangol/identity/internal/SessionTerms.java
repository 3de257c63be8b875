package dev.dangol.identity.internal;

import java.time.Duration;
import java.util.Objects;

/**
 * How long sessions last and how they are cached.
 *
 * @param idleTimeout a session unused (and not kept alive) this long ends; 30 minutes by default
 * @param absoluteLifetime no session lasts longer, however busy; 12 hours by default
 * @param freshFor how long a cached session is trusted before it is read from the store again; 30 seconds by default
 * @param touchWriteInterval how often uses are written to the store; 1 minute by default
 * @param retention how long ended sessions are kept before they are deleted; 30 days by default
 */
record SessionTerms(
        Duration idleTimeout,
        Duration absoluteLifetime,
        Duration freshFor,
        Duration touchWriteInterval,
        Duration retention,
        int cacheMax,
        int keepAlivesMax) {

    SessionTerms {
        positive(idleTimeout, "idleTimeout");
        positive(absoluteLifetime, "absoluteLifetime");
        positive(freshFor, "freshFor");
        positive(touchWriteInterval, "touchWriteInterval");
        positive(retention, "retention");
        if (idleTimeout.compareTo(absoluteLifetime) > 0) {
            throw new IllegalArgumentException("the idle timeout cannot be longer than the absolute lifetime");
        }
        // A session touched only in memory must be written before the store would judge it idle.
        if (touchWriteInterval.compareTo(idleTimeout) >= 0) {
            throw new IllegalArgumentException("uses must be written more often than the idle timeout");
        }
        if (cacheMax < 1 || keepAlivesMax < 1) {
            throw new IllegalArgumentException("cacheMax and keepAlivesMax must be positive");
        }
    }

    static SessionTerms defaults() {
        return new SessionTerms(
                Duration.ofMinutes(30),
                Duration.ofHours(12),
                Duration.ofSeconds(30),
                Duration.ofMinutes(1),
                Duration.ofDays(30),
                100_000,
                250_000);
    }

    private static void positive(Duration duration, String name) {
        Objects.requireNonNull(duration, name);
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, was " + duration);
        }
    }
}
