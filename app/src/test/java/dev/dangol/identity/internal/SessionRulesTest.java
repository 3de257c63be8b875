package dev.dangol.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.dangol.identity.Role;
import dev.dangol.identity.Session;
import dev.dangol.shared.IdSource;
import dev.dangol.shared.PersonId;
import dev.dangol.shared.Rejection;
import dev.dangol.testing.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** Sessions: idle expiry and keep-alive, the absolute lifetime, sign-out, and what a use costs the database. */
class SessionRulesTest {

    private static final PersonId KIM = PersonId.of("kim");
    private static final PersonId LEE = PersonId.of("lee");

    private final MutableClock clock = new MutableClock();
    private final InMemorySessionStore store = new InMemorySessionStore();
    private final SessionBook sessions = book(SessionTerms.defaults(), 1);

    @Test
    void aNewSessionIsAcceptedByItsTokenAndCarriesItsRoles() {
        OpenedSession opened = sessions.open(KIM, Set.of(Role.CITIZEN, Role.OPERATOR));

        Session session = sessions.authenticate(opened.token());

        assertThat(session.person()).isEqualTo(KIM);
        assertThat(session.id()).isEqualTo(opened.session().id());
        assertThat(session.roles()).containsExactlyInAnyOrder(Role.CITIZEN, Role.OPERATOR);
        assertThat(session.idleExpiresAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(30)));
    }

    @Test
    void tokensAreLongAndRandomAndStoredOnlyAsTheirDigest() {
        OpenedSession first = sessions.open(KIM, Set.of(Role.CITIZEN));
        OpenedSession second = sessions.open(KIM, Set.of(Role.CITIZEN));

        assertThat(first.token()).hasSize(43).isNotEqualTo(second.token());
        StoredSession stored = store.byId(first.session().id()).orElseThrow();
        assertThat(stored.tokenSha256()).isEqualTo(Digests.sha256Hex(first.token()));
        assertThat(stored.tokenSha256()).doesNotContain(first.token());
    }

    @Test
    void aSessionUnusedForTheIdleTimeoutEnds() {
        OpenedSession opened = sessions.open(KIM, Set.of(Role.CITIZEN));
        clock.advance(Duration.ofMinutes(30).minusSeconds(1));
        sessions.authenticate(opened.token());

        clock.advance(Duration.ofMinutes(30));

        Rejection refusal = refusal(() -> sessions.authenticate(opened.token()));
        assertThat(refusal.code()).isEqualTo("SESSION_EXPIRED");
        assertThat(refusal.kind()).isEqualTo(Rejection.Kind.UNAUTHENTICATED);
        assertThat(refusal.getMessage()).isEqualTo("Sign in again: your session ended after 30 minutes without use.");
    }

    @Test
    void theIdleTimeoutCountsFromTheLastUseToTheSecond() {
        OpenedSession opened = sessions.open(KIM, Set.of(Role.CITIZEN));
        clock.advance(Duration.ofMinutes(29));
        sessions.authenticate(opened.token());
        clock.advance(Duration.ofMinutes(30).minusMillis(1));

        assertThat(sessions.authenticate(opened.token()).idleExpiresAt())
                .isEqualTo(clock.instant().plus(Duration.ofMinutes(30)));
        clock.advance(Duration.ofMinutes(30));
        assertThat(refusal(() -> sessions.authenticate(opened.token())).code()).isEqualTo("SESSION_EXPIRED");
    }

    @Test
    void everyUseKeepsTheSessionAliveUntilItsAbsoluteLifetime() {
        OpenedSession opened = sessions.open(KIM, Set.of(Role.CITIZEN));
        for (int minute = 0; minute < 12 * 60 - 20; minute += 20) {
            clock.advance(Duration.ofMinutes(20));
            sessions.authenticate(opened.token());
            sessions.flush();
        }
        clock.advance(Duration.ofMinutes(20));

        Rejection refusal = refusal(() -> sessions.authenticate(opened.token()));
        assertThat(refusal.code()).isEqualTo("SESSION_EXPIRED");
        assertThat(refusal.getMessage()).isEqualTo("Sign in again: a session lasts at most 12 hours.");
    }

    @Test
    void pollingEveryFewSecondsReadsTheDatabaseOnlyWhenTheCacheGoesStaleAndWritesNothingUntilTheFlush() {
        OpenedSession opened = sessions.open(KIM, Set.of(Role.CITIZEN));
        int written = store.writtenRows.get();

        for (int poll = 0; poll < 9; poll++) {
            clock.advanceSeconds(3);
            sessions.authenticate(opened.token());
        }
        assertThat(store.reads.get()).isZero();

        for (int poll = 0; poll < 191; poll++) {
            clock.advanceSeconds(3);
            sessions.authenticate(opened.token());
        }
        // 200 polls over 10 minutes: one read each time the 30-second freshness ran out, and not one write.
        assertThat(store.reads.get()).isEqualTo(20);
        assertThat(store.writtenRows.get()).isEqualTo(written);

        sessions.flush();
        assertThat(store.writtenRows.get()).isEqualTo(written + 1);
        sessions.flush();
        assertThat(store.writtenRows.get()).isEqualTo(written + 1);
        assertThat(store.byId(opened.session().id()).orElseThrow().lastUsedAt()).isEqualTo(clock.instant());
    }

    @Test
    void aUseOnOneNodeKeepsTheSessionAliveOnAnotherOnceWritten() {
        SessionBook otherNode = book(SessionTerms.defaults(), 2);
        OpenedSession opened = sessions.open(KIM, Set.of(Role.CITIZEN));
        clock.advance(Duration.ofMinutes(20));
        sessions.authenticate(opened.token());
        sessions.flush();

        clock.advance(Duration.ofMinutes(20));

        assertThat(otherNode.authenticate(opened.token()).person()).isEqualTo(KIM);
    }

    @Test
    void keepAliveHoldsASessionOpenWhileItsOwnerWaitsWithoutCalling() {
        OpenedSession opened = sessions.open(KIM, Set.of(Role.CITIZEN));
        for (int minute = 0; minute < 120; minute++) {
            clock.advance(Duration.ofMinutes(1));
            sessions.keepAlive(KIM);
            sessions.flush();
        }

        assertThat(sessions.authenticate(opened.token()).person()).isEqualTo(KIM);
        assertThat(book(SessionTerms.defaults(), 3).authenticate(opened.token()).person())
                .isEqualTo(KIM);
    }

    @Test
    void withoutKeepAliveTheSameWaitEndsTheSession() {
        OpenedSession opened = sessions.open(KIM, Set.of(Role.CITIZEN));
        for (int minute = 0; minute < 120; minute++) {
            clock.advance(Duration.ofMinutes(1));
            sessions.keepAlive(LEE);
            sessions.flush();
        }

        assertThat(refusal(() -> sessions.authenticate(opened.token())).code()).isEqualTo("SESSION_EXPIRED");
    }

    @Test
    void keepAliveExtendsAtOnceOnTheNodeThatWasToldEvenBeforeItIsWritten() {
        OpenedSession opened = sessions.open(KIM, Set.of(Role.CITIZEN));
        clock.advance(Duration.ofMinutes(20));
        sessions.keepAlive(KIM);
        clock.advance(Duration.ofMinutes(20));

        assertThat(sessions.authenticate(opened.token()).idleExpiresAt())
                .isEqualTo(clock.instant().plus(Duration.ofMinutes(30)));
    }

    @Test
    void keepAliveRevivesNoSessionThatAlreadyEnded() {
        OpenedSession idle = sessions.open(KIM, Set.of(Role.CITIZEN));
        OpenedSession signedOut = sessions.open(KIM, Set.of(Role.CITIZEN));
        sessions.end(sessions.authenticate(signedOut.token()));
        clock.advance(Duration.ofMinutes(31));

        sessions.keepAlive(KIM);
        sessions.flush();

        assertThat(refusal(() -> sessions.authenticate(idle.token())).code()).isEqualTo("SESSION_EXPIRED");
        assertThat(refusal(() -> sessions.authenticate(signedOut.token())).code())
                .isEqualTo("SESSION_ENDED");
    }

    @Test
    void signingOutEndsTheSessionAtOnceHereAndWithinTheCacheFreshnessElsewhere() {
        SessionBook otherNode = book(SessionTerms.defaults(), 2);
        OpenedSession opened = sessions.open(KIM, Set.of(Role.CITIZEN));
        otherNode.authenticate(opened.token());

        sessions.end(sessions.authenticate(opened.token()));

        Rejection here = refusal(() -> sessions.authenticate(opened.token()));
        assertThat(here.code()).isEqualTo("SESSION_ENDED");
        assertThat(here.getMessage()).isEqualTo("Sign in again: this session was signed out.");
        clock.advanceSeconds(30);
        assertThat(refusal(() -> otherNode.authenticate(opened.token())).code()).isEqualTo("SESSION_ENDED");
    }

    @Test
    void signingOutOneSessionLeavesThePersonsOtherSessionsOpen() {
        OpenedSession phone = sessions.open(KIM, Set.of(Role.CITIZEN));
        OpenedSession laptop = sessions.open(KIM, Set.of(Role.CITIZEN));

        sessions.end(sessions.authenticate(phone.token()));

        assertThat(sessions.authenticate(laptop.token()).person()).isEqualTo(KIM);
    }

    @Test
    void forgedTokensAreRefusedAndMalformedOnesCostNoRead() {
        sessions.open(KIM, Set.of(Role.CITIZEN));

        assertThat(refusal(() -> sessions.authenticate("not a token")).code()).isEqualTo("SESSION_INVALID");
        assertThat(refusal(() -> sessions.authenticate("x".repeat(500))).code()).isEqualTo("SESSION_INVALID");
        assertThat(store.reads.get()).isZero();

        Rejection forged = refusal(() -> sessions.authenticate("A".repeat(43)));
        assertThat(forged.code()).isEqualTo("SESSION_INVALID");
        assertThat(forged.kind()).isEqualTo(Rejection.Kind.UNAUTHENTICATED);
        assertThat(refusal(() -> sessions.authenticate(null)).code()).isEqualTo("SIGN_IN_REQUIRED");
    }

    @Test
    void roleChangesReachOpenSessions() {
        SessionBook otherNode = book(SessionTerms.defaults(), 2);
        OpenedSession opened = sessions.open(KIM, Set.of(Role.CITIZEN));
        otherNode.authenticate(opened.token());

        sessions.changeRoles(KIM, Set.of(Role.CITIZEN, Role.MERCHANT));

        assertThat(sessions.authenticate(opened.token()).roles())
                .containsExactlyInAnyOrder(Role.CITIZEN, Role.MERCHANT);
        clock.advanceSeconds(30);
        assertThat(otherNode.authenticate(opened.token()).has(Role.MERCHANT)).isTrue();
    }

    @Test
    void theCacheStaysWithinItsBoundAndSessionsBeyondItStillWorkAndAreWrittenAtMostOnceAMinute() {
        SessionTerms small = new SessionTerms(
                Duration.ofMinutes(30),
                Duration.ofHours(12),
                Duration.ofSeconds(30),
                Duration.ofMinutes(1),
                Duration.ofDays(30),
                2,
                10);
        SessionBook bounded = book(small, 4);
        List<OpenedSession> opened = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            opened.add(bounded.open(PersonId.of("p" + i), Set.of(Role.CITIZEN)));
        }
        int written = store.writtenRows.get();

        for (int poll = 0; poll < 20; poll++) {
            clock.advanceSeconds(3);
            for (OpenedSession session : opened) {
                assertThat(bounded.authenticate(session.token()).person())
                        .isEqualTo(session.session().person());
            }
        }

        assertThat(bounded.cachedCount()).isLessThanOrEqualTo(2);
        // Three sessions found no room: each was written once in the minute, when its last write was a minute old.
        assertThat(store.writtenRows.get() - written).isEqualTo(3);
    }

    @Test
    void keepAlivesBeyondTheirBoundAreWrittenAtOnce() {
        SessionTerms small = new SessionTerms(
                Duration.ofMinutes(30),
                Duration.ofHours(12),
                Duration.ofSeconds(30),
                Duration.ofMinutes(1),
                Duration.ofDays(30),
                10,
                2);
        SessionBook bounded = book(small, 5);

        bounded.keepAlive(KIM);
        bounded.keepAlive(LEE);
        assertThat(store.writtenRows.get()).isZero();
        bounded.keepAlive(PersonId.of("park"));

        assertThat(store.writtenRows.get()).isEqualTo(2);
    }

    @Test
    void endedSessionsAreDeletedAfterTheRetention() {
        OpenedSession opened = sessions.open(KIM, Set.of(Role.CITIZEN));
        clock.advance(Duration.ofMinutes(30).plus(Duration.ofDays(30)));
        assertThat(sessions.purge(100)).isZero();

        clock.advanceSeconds(1);

        assertThat(sessions.purge(100)).isEqualTo(1);
        assertThat(store.byId(opened.session().id())).isEmpty();
    }

    private SessionBook book(SessionTerms terms, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        return new SessionBook(store, clock, random, new IdSource(clock, new SplittableRandom(seed + 100)), terms);
    }

    private static Rejection refusal(ThrowingCallable call) {
        Rejection refusal = catchThrowableOfType(Rejection.class, call);
        assertThat(refusal).as("a refusal").isNotNull();
        return refusal;
    }
}
