package dev.dangol.identity.internal;

import dev.dangol.identity.Role;
import dev.dangol.shared.PersonId;
import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The session table in memory, with the same rules as {@link JdbcSessionStore}, counting reads and writes so that a
 * test can say how often the database would be asked.
 */
final class InMemorySessionStore implements SessionStore {

    private final Map<String, StoredSession> byDigest = new ConcurrentHashMap<>();
    final AtomicInteger reads = new AtomicInteger();
    final AtomicInteger writtenRows = new AtomicInteger();

    @Override
    public void insert(StoredSession session) {
        byDigest.put(session.tokenSha256(), session);
    }

    @Override
    public Optional<StoredSession> find(String tokenSha256) {
        reads.incrementAndGet();
        return Optional.ofNullable(byDigest.get(tokenSha256));
    }

    @Override
    public void touch(Collection<Touch> touches) {
        for (Touch touch : touches) {
            writtenRows.incrementAndGet();
            byDigest.replaceAll((digest, s) -> s.id().equals(touch.sessionId()) && s.revokedAt() == null
                    ? used(s, touch.usedAt(), touch.idleExpiresAt())
                    : s);
        }
    }

    @Override
    public void keepAlive(Collection<KeepAlive> keepAlives) {
        for (KeepAlive keepAlive : keepAlives) {
            writtenRows.incrementAndGet();
            byDigest.replaceAll((digest, s) -> s.person().equals(keepAlive.person())
                            && s.revokedAt() == null
                            && s.idleExpiresAt().isAfter(keepAlive.at())
                    ? used(s, keepAlive.at(), keepAlive.idleExpiresAt())
                    : s);
        }
    }

    @Override
    public void revoke(String sessionId, Instant at) {
        writtenRows.incrementAndGet();
        byDigest.replaceAll((digest, s) -> s.id().equals(sessionId) && s.revokedAt() == null
                ? new StoredSession(
                        s.id(),
                        s.tokenSha256(),
                        s.person(),
                        s.roles(),
                        s.createdAt(),
                        s.lastUsedAt(),
                        s.idleExpiresAt(),
                        s.absoluteExpiresAt(),
                        at)
                : s);
    }

    @Override
    public void changeRoles(PersonId person, Set<Role> roles) {
        byDigest.replaceAll((digest, s) -> s.person().equals(person) && s.revokedAt() == null
                ? new StoredSession(
                        s.id(),
                        s.tokenSha256(),
                        s.person(),
                        roles,
                        s.createdAt(),
                        s.lastUsedAt(),
                        s.idleExpiresAt(),
                        s.absoluteExpiresAt(),
                        s.revokedAt())
                : s);
    }

    @Override
    public int purgeEndedBefore(Instant instant, int limit) {
        int before = byDigest.size();
        byDigest.values()
                .removeIf(s -> s.idleExpiresAt().isBefore(instant)
                        || (s.revokedAt() != null && s.revokedAt().isBefore(instant)));
        return before - byDigest.size();
    }

    int size() {
        return byDigest.size();
    }

    Optional<StoredSession> byId(String id) {
        return byDigest.values().stream().filter(s -> s.id().equals(id)).findFirst();
    }

    private static StoredSession used(StoredSession s, Instant at, Instant idleExpiry) {
        Instant lastUsed = at.isAfter(s.lastUsedAt()) ? at : s.lastUsedAt();
        Instant idle = idleExpiry.isAfter(s.idleExpiresAt()) ? idleExpiry : s.idleExpiresAt();
        return new StoredSession(
                s.id(),
                s.tokenSha256(),
                s.person(),
                s.roles(),
                s.createdAt(),
                lastUsed,
                idle.isAfter(s.absoluteExpiresAt()) ? s.absoluteExpiresAt() : idle,
                s.absoluteExpiresAt(),
                s.revokedAt());
    }
}
