package dev.dangol.identity.internal;

import dev.dangol.identity.Role;
import dev.dangol.identity.Session;
import dev.dangol.shared.PersonId;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * A session as the store keeps it: the token only as its SHA-256, so that a copy of the table lets nobody sign in.
 *
 * @param revokedAt when it was signed out, or null
 */
record StoredSession(
        String id,
        String tokenSha256,
        PersonId person,
        Set<Role> roles,
        Instant createdAt,
        Instant lastUsedAt,
        Instant idleExpiresAt,
        Instant absoluteExpiresAt,
        Instant revokedAt) {

    StoredSession {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(tokenSha256, "tokenSha256");
        Objects.requireNonNull(person, "person");
        roles = Set.copyOf(roles);
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(lastUsedAt, "lastUsedAt");
        Objects.requireNonNull(idleExpiresAt, "idleExpiresAt");
        Objects.requireNonNull(absoluteExpiresAt, "absoluteExpiresAt");
        if (tokenSha256.length() != 64) {
            throw new IllegalArgumentException("a token digest is 64 hex characters");
        }
        if (idleExpiresAt.isAfter(absoluteExpiresAt)) {
            throw new IllegalArgumentException("a session cannot outlive its absolute expiry");
        }
    }

    Session toSession(Instant idleExpiry) {
        return new Session(id, person, roles, idleExpiry);
    }
}
