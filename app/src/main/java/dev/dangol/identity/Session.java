package dev.dangol.identity;

import dev.dangol.shared.PersonId;
import dev.dangol.shared.Rejection;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * A signed-in person. Web controllers take a {@code Session} parameter; the identity module resolves it from the
 * {@code Authorization: Bearer} header or the {@code dangol_session} cookie and answers 401 (problem+json) when there
 * is none or it is not valid. A session is kept alive by use, and waiting in a queue or paying counts as use, so
 * nobody is logged out while they wait.
 *
 * @param id the session's own id (not the token)
 * @param idleExpiresAt when the session ends if it is not used again before then
 */
public record Session(String id, PersonId person, Set<Role> roles, Instant idleExpiresAt) {

    public Session {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(person, "person");
        roles = Set.copyOf(roles);
        Objects.requireNonNull(idleExpiresAt, "idleExpiresAt");
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }

    /** Refuses with 403 unless the person holds the role. */
    public Session require(Role role) {
        if (!has(role)) {
            throw Rejection.forbidden(
                    "ROLE_REQUIRED", "This needs the " + role.name().toLowerCase(java.util.Locale.ROOT) + " role.");
        }
        return this;
    }
}
