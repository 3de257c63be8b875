package dev.dangol.identity.internal;

import dev.dangol.identity.Role;
import dev.dangol.identity.Session;
import dev.dangol.identity.Sessions;
import dev.dangol.shared.IdSource;
import dev.dangol.shared.PersonId;
import dev.dangol.shared.Rejection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.random.RandomGenerator;
import java.util.regex.Pattern;

/**
 * Sessions behind opaque tokens, checked from a bounded in-memory cache and touched write-behind.
 *
 * <p>A token is 256 random bits; the store keeps only its SHA-256. A session found in the cache is trusted for
 * {@code freshFor} (30 s by default) before it is read from the store again, so that a sign-out or a role change on
 * another node reaches this one within that time. Every use moves the session's idle expiry forward in memory; {@link
 * #flush} (run every minute) writes the uses and keep-alives of the last minute to the store in batches, so each session
 * is written at most once a minute and a status poll every few seconds costs no database access.
 *
 * <p>Bounds: at most {@code cacheMax} cached sessions and {@code keepAlivesMax} pending keep-alives. A session that
 * finds the cache full is checked in the store on every use, and its use written at once if its last written use is a
 * minute old; a keep-alive that finds its buffer full flushes the buffer first.
 */
final class SessionBook implements Sessions {

    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9_-]{43}");
    private static final int TOKEN_BYTES = 32;
    private static final int WRITE_BATCH = 500;
    private static final Duration EVICT_AT_MOST_EVERY = Duration.ofSeconds(1);

    private final SessionStore store;
    private final Clock clock;
    private final RandomGenerator random;
    private final IdSource ids;
    private final SessionTerms terms;
    private final Map<String, Cached> cache = new ConcurrentHashMap<>();
    private final Map<PersonId, Instant> keptAlive = new ConcurrentHashMap<>();
    private volatile Instant lastEviction = Instant.EPOCH;

    SessionBook(SessionStore store, Clock clock, RandomGenerator random, IdSource ids, SessionTerms terms) {
        this.store = store;
        this.clock = clock;
        this.random = random;
        this.ids = ids;
        this.terms = terms;
    }

    /** Opens a session for a person who has just proved who they are. */
    OpenedSession open(PersonId person, Set<Role> roles) {
        byte[] secret = new byte[TOKEN_BYTES];
        synchronized (random) {
            random.nextBytes(secret);
        }
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        Instant now = clock.instant();
        Instant absolute = now.plus(terms.absoluteLifetime());
        StoredSession session = new StoredSession(
                ids.next(),
                Digests.sha256Hex(token),
                person,
                roles,
                now,
                now,
                earlier(now.plus(terms.idleTimeout()), absolute),
                absolute,
                null);
        store.insert(session);
        cacheIfRoom(session.tokenSha256(), new Cached(session, now), now);
        return new OpenedSession(token, session.toSession(session.idleExpiresAt()));
    }

    @Override
    public Session authenticate(String token) {
        if (token == null || token.isEmpty()) {
            throw Rejection.unauthenticated(
                    "SIGN_IN_REQUIRED",
                    "Sign in first: verify your mobile number at POST /api/v1/identity/verifications.");
        }
        if (!TOKEN.matcher(token).matches()) {
            throw invalid();
        }
        String digest = Digests.sha256Hex(token);
        Instant now = clock.instant();
        Cached cached = cache.get(digest);
        if (cached == null || cached.staleAt(now, terms.freshFor())) {
            cached = reload(digest, cached, now);
        }
        Session session = cached.use(now, keptAlive.get(cached.person()), terms);
        if (session == null) {
            cache.remove(digest, cached);
            throw expired(cached.row(), now);
        }
        if (!cached.inCache) {
            writeNowIfDue(cached, now);
        }
        return session;
    }

    @Override
    public void keepAlive(PersonId person) {
        Objects.requireNonNull(person, "person");
        Instant now = clock.instant();
        if (keptAlive.size() >= terms.keepAlivesMax() && !keptAlive.containsKey(person)) {
            flushKeepAlives();
        }
        keptAlive.merge(person, now, SessionBook::later);
    }

    @Override
    public void end(Session session) {
        Instant now = clock.instant();
        store.revoke(session.id(), now);
        cache.values().removeIf(c -> c.row().id().equals(session.id()));
    }

    /** Gives the person's open sessions new roles: here at once, on other nodes once their cache entry goes stale. */
    void changeRoles(PersonId person, Set<Role> roles) {
        store.changeRoles(person, roles);
        cache.values().stream().filter(c -> c.person().equals(person)).forEach(Cached::markStale);
    }

    /**
     * Writes the uses and keep-alives gathered since the last flush, and forgets cached sessions that are stale and
     * have nothing left to write. Runs every minute and when the application stops.
     */
    void flush() {
        Instant now = clock.instant();
        List<SessionStore.Touch> touches = new ArrayList<>();
        for (Cached cached : cache.values()) {
            SessionStore.Touch touch = cached.takeTouch(terms);
            if (touch != null) {
                touches.add(touch);
                if (touches.size() == WRITE_BATCH) {
                    store.touch(touches);
                    touches = new ArrayList<>();
                }
            }
        }
        if (!touches.isEmpty()) {
            store.touch(touches);
        }
        flushKeepAlives();
        cache.values().removeIf(c -> c.forgettable(now, terms.freshFor()));
    }

    /** Deletes sessions that ended longer ago than the retention; returns how many. */
    int purge(int limit) {
        return store.purgeEndedBefore(clock.instant().minus(terms.retention()), limit);
    }

    int cachedCount() {
        return cache.size();
    }

    private void flushKeepAlives() {
        List<SessionStore.KeepAlive> batch = new ArrayList<>();
        for (PersonId person : List.copyOf(keptAlive.keySet())) {
            Instant at = keptAlive.remove(person);
            if (at == null) {
                continue;
            }
            batch.add(new SessionStore.KeepAlive(person, at, at.plus(terms.idleTimeout())));
            // The cached sessions learn of the keep-alive too, so that they need not wait for a reload.
            cache.values().stream().filter(c -> c.person().equals(person)).forEach(c -> c.keptAliveAt(at, terms));
            if (batch.size() == WRITE_BATCH) {
                store.keepAlive(batch);
                batch = new ArrayList<>();
            }
        }
        if (!batch.isEmpty()) {
            store.keepAlive(batch);
        }
    }

    private Cached reload(String digest, Cached before, Instant now) {
        StoredSession row = store.find(digest).orElseThrow(SessionBook::invalid);
        if (row.revokedAt() != null) {
            cache.remove(digest);
            throw Rejection.unauthenticated("SESSION_ENDED", "Sign in again: this session was signed out.");
        }
        Cached fresh = new Cached(row, now);
        if (before != null) {
            fresh.carryOver(before);
        }
        if (before != null && before.inCache) {
            cache.put(digest, fresh);
            fresh.inCache = true;
        } else {
            cacheIfRoom(digest, fresh, now);
        }
        return fresh;
    }

    private void cacheIfRoom(String digest, Cached entry, Instant now) {
        if (cache.size() >= terms.cacheMax()
                && Duration.between(lastEviction, now).compareTo(EVICT_AT_MOST_EVERY) >= 0) {
            lastEviction = now;
            cache.values().removeIf(c -> c.forgettable(now, terms.freshFor()));
        }
        if (cache.size() < terms.cacheMax()) {
            cache.put(digest, entry);
            entry.inCache = true;
        }
    }

    /** A session the cache had no room for is written through, still at most once a minute. */
    private void writeNowIfDue(Cached cached, Instant now) {
        if (Duration.between(cached.row().lastUsedAt(), now).compareTo(terms.touchWriteInterval()) >= 0) {
            SessionStore.Touch touch = cached.takeTouch(terms);
            if (touch != null) {
                store.touch(List.of(touch));
            }
        }
    }

    private Rejection expired(StoredSession row, Instant now) {
        if (!now.isBefore(row.absoluteExpiresAt())) {
            return Rejection.unauthenticated(
                    "SESSION_EXPIRED",
                    "Sign in again: a session lasts at most " + hours(terms.absoluteLifetime()) + ".");
        }
        return Rejection.unauthenticated(
                "SESSION_EXPIRED",
                "Sign in again: your session ended after " + minutes(terms.idleTimeout()) + " without use.");
    }

    private static Rejection invalid() {
        return Rejection.unauthenticated(
                "SESSION_INVALID", "Sign in again: this session is not known here (it may be mistyped or forged).");
    }

    private static String minutes(Duration duration) {
        long minutes = duration.toMinutes();
        return minutes == 1 ? "1 minute" : minutes + " minutes";
    }

    private static String hours(Duration duration) {
        long hours = duration.toHours();
        return hours >= 1 ? (hours == 1 ? "1 hour" : hours + " hours") : minutes(duration);
    }

    private static Instant earlier(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    /** A session as this node last read it, with the uses it has seen since; mutable under its own lock. */
    private static final class Cached {
        private final StoredSession row;
        private Instant checkedAt;
        private Instant lastUsed;
        private Instant lastWritten;
        volatile boolean inCache;

        Cached(StoredSession row, Instant checkedAt) {
            this.row = row;
            this.checkedAt = checkedAt;
            this.lastUsed = row.lastUsedAt();
            this.lastWritten = row.lastUsedAt();
        }

        StoredSession row() {
            return row;
        }

        PersonId person() {
            return row.person();
        }

        synchronized boolean staleAt(Instant now, Duration freshFor) {
            return !now.isBefore(checkedAt.plus(freshFor));
        }

        synchronized void markStale() {
            checkedAt = Instant.EPOCH;
        }

        /** Keeps the uses this node saw before the reload, which the store may not have yet. */
        synchronized void carryOver(Cached before) {
            synchronized (before) {
                lastUsed = later(lastUsed, before.lastUsed);
                lastWritten = later(lastWritten, before.lastWritten);
            }
        }

        /** A keep-alive at {@code at} counts as a use, unless the session had already ended by then. */
        synchronized void keptAliveAt(Instant at, SessionTerms terms) {
            if (at.isBefore(idleExpiry(lastUsed, terms))) {
                lastUsed = later(lastUsed, at);
            }
        }

        /** The session after a use at {@code now}, or null if it had already expired. */
        synchronized Session use(Instant now, Instant keptAliveAt, SessionTerms terms) {
            if (keptAliveAt != null) {
                keptAliveAt(keptAliveAt, terms);
            }
            if (!now.isBefore(idleExpiry(lastUsed, terms))) {
                return null;
            }
            lastUsed = later(lastUsed, now);
            return row.toSession(idleExpiry(lastUsed, terms));
        }

        /** The use not yet written, marked as written; or null. */
        synchronized SessionStore.Touch takeTouch(SessionTerms terms) {
            if (!lastUsed.isAfter(lastWritten)) {
                return null;
            }
            lastWritten = lastUsed;
            return new SessionStore.Touch(row.id(), lastUsed, idleExpiry(lastUsed, terms));
        }

        synchronized boolean forgettable(Instant now, Duration freshFor) {
            return !lastUsed.isAfter(lastWritten) && !now.isBefore(checkedAt.plus(freshFor));
        }

        /** The later of the stored idle expiry (another node may have moved it) and the one this use gives. */
        private Instant idleExpiry(Instant used, SessionTerms terms) {
            return earlier(later(row.idleExpiresAt(), used.plus(terms.idleTimeout())), row.absoluteExpiresAt());
        }
    }
}
