package dev.dangol.identity.internal;

import dev.dangol.identity.Role;
import dev.dangol.shared.PersonId;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;

/** Where sessions are kept: the {@code session} table, or memory in unit tests. */
interface SessionStore {

    void insert(StoredSession session);

    Optional<StoredSession> find(String tokenSha256);

    /**
     * Records uses: each session's last use and idle expiry move forward to the touch's (never back, since another
     * node may have written a later one), up to its absolute expiry; signed-out sessions stay as they are.
     */
    void touch(Collection<Touch> touches);

    /**
     * Extends every open, unexpired session of each person as if used at the given time, up to its absolute expiry.
     */
    void keepAlive(Collection<KeepAlive> keepAlives);

    void revoke(String sessionId, Instant at);

    /** Gives every open session of the person these roles. */
    void changeRoles(PersonId person, Set<Role> roles);

    /** Deletes at most {@code limit} sessions that ended before the instant; returns how many. */
    int purgeEndedBefore(Instant instant, int limit);

    /** A use of one session, written behind. */
    record Touch(String sessionId, Instant usedAt, Instant idleExpiresAt) {}

    /** A keep-alive of a person's sessions, written behind. */
    record KeepAlive(PersonId person, Instant at, Instant idleExpiresAt) {}
}
