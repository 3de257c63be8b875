package dev.dangol.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.dangol.identity.VerificationStarted;
import dev.dangol.identity.VerifiedPerson;
import dev.dangol.shared.IdSource;
import dev.dangol.shared.Rejection;
import dev.dangol.testing.MutableClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.SplittableRandom;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** The development verifier's rules: a 6-digit code, valid 3 minutes, at most 5 wrong tries, and a stable CI. */
class IdentityVerificationRulesTest {

    private static final byte[] SECRET = "a test secret of some length".getBytes(StandardCharsets.UTF_8);

    private final MutableClock clock = new MutableClock();
    private final DevelopmentVerification verification = verifier(SECRET, true, 1_000, 1);

    @Test
    void theRightCodeVerifiesThePersonOnce() {
        VerificationStarted started = verification.start(" 김  민준 ", "010-1234-5678");

        assertThat(started.devCode()).matches("[0-9]{6}");
        assertThat(started.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(3)));
        VerifiedPerson person = verification.complete(started.id(), started.devCode());

        assertThat(person.name()).isEqualTo("김 민준");
        assertThat(person.phone()).isEqualTo("01012345678");
        assertThat(person.ci()).isNotBlank().doesNotContain("01012345678");
        assertThat(person.toString()).doesNotContain(person.ci());
        assertThat(refusal(() -> verification.complete(started.id(), started.devCode()))
                        .code())
                .isEqualTo("VERIFICATION_NOT_FOUND");
    }

    @Test
    void theSamePersonOnTheSameNumberGetsTheSameCiFromAnyDeviceAndSpelling() {
        VerifiedPerson first = verify("김민준", "010-1234-5678");
        VerifiedPerson again = verify("김 민준", "01012345678");
        VerifiedPerson otherSecret = complete(
                verifier("another secret of some length".getBytes(StandardCharsets.UTF_8), true, 1_000, 2),
                "김민준",
                "010-1234-5678");

        assertThat(again.ci()).isEqualTo(first.ci());
        assertThat(otherSecret.ci()).isNotEqualTo(first.ci());
    }

    @Test
    void theDevelopmentCiComesFromNameAndNumberSoANewNumberIsANewPersonHere() {
        VerifiedPerson kim = verify("김민준", "010-1234-5678");

        assertThat(verify("김민준", "010-9999-5678").ci()).isNotEqualTo(kim.ci());
        assertThat(verify("이서연", "010-1234-5678").ci()).isNotEqualTo(kim.ci());
    }

    @Test
    void aWrongCodeSaysHowManyTriesAreLeft() {
        VerificationStarted started = verification.start("김민준", "010-1234-5678");

        Rejection wrong = refusal(() -> verification.complete(started.id(), wrongCode(started)));

        assertThat(wrong.code()).isEqualTo("CODE_WRONG");
        assertThat(wrong.kind()).isEqualTo(Rejection.Kind.REFUSED);
        assertThat(wrong.facts()).containsEntry("triesLeft", 4);
        assertThat(wrong.getMessage()).isEqualTo("That is not the code sent to your phone; 4 tries left.");
        assertThat(verification.complete(started.id(), started.devCode()).phone())
                .isEqualTo("01012345678");
    }

    @Test
    void fiveWrongCodesLockTheVerificationEvenAgainstTheRightOne() {
        VerificationStarted started = verification.start("김민준", "010-1234-5678");
        for (int tries = 4; tries >= 1; tries--) {
            assertThat(refusal(() -> verification.complete(started.id(), wrongCode(started)))
                            .facts())
                    .containsEntry("triesLeft", tries);
        }

        Rejection fifth = refusal(() -> verification.complete(started.id(), wrongCode(started)));

        assertThat(fifth.code()).isEqualTo("TOO_MANY_TRIES");
        assertThat(fifth.facts()).containsEntry("triesLeft", 0);
        assertThat(refusal(() -> verification.complete(started.id(), started.devCode()))
                        .code())
                .isEqualTo("TOO_MANY_TRIES");
    }

    @Test
    void aMalformedCodeIsRefusedWithoutUsingATry() {
        VerificationStarted started = verification.start("김민준", "010-1234-5678");
        for (int i = 0; i < 10; i++) {
            assertThat(refusal(() -> verification.complete(started.id(), "12a456"))
                            .code())
                    .isEqualTo("CODE_INVALID");
            assertThat(refusal(() -> verification.complete(started.id(), null)).kind())
                    .isEqualTo(Rejection.Kind.INVALID);
        }

        assertThat(refusal(() -> verification.complete(started.id(), wrongCode(started)))
                        .facts())
                .containsEntry("triesLeft", 4);
    }

    @Test
    void theCodeWorksUntilThreeMinutesHavePassedAndNotAtThreeMinutes() {
        VerificationStarted early = verification.start("김민준", "010-1234-5678");
        VerificationStarted late = verification.start("김민준", "010-1234-5678");

        clock.advance(Duration.ofMinutes(3).minusMillis(1));
        assertThat(verification.complete(early.id(), early.devCode()).name()).isEqualTo("김민준");
        clock.advance(Duration.ofMillis(1));

        Rejection expired = refusal(() -> verification.complete(late.id(), late.devCode()));
        assertThat(expired.code()).isEqualTo("VERIFICATION_EXPIRED");
        assertThat(expired.kind()).isEqualTo(Rejection.Kind.REFUSED);
        assertThat(expired.getMessage()).isEqualTo("The code expired: codes last 3 minutes. Ask for a new one.");
    }

    @Test
    void anExpiredVerificationIsForgottenAfterAWhile() {
        VerificationStarted started = verification.start("김민준", "010-1234-5678");
        clock.advance(Duration.ofMinutes(3)
                .plus(DevelopmentVerification.ENDED_KEPT_FOR)
                .plusSeconds(1));

        verification.start("이서연", "010-2222-3333");

        assertThat(refusal(() -> verification.complete(started.id(), started.devCode()))
                        .code())
                .isEqualTo("VERIFICATION_NOT_FOUND");
        assertThat(verification.pendingCount()).isEqualTo(1);
    }

    @Test
    void unknownVerificationsAreNotFound() {
        assertThat(refusal(() -> verification.complete("01ARZ3NDEKTSV4RRFFQ69G5FAV", "123456"))
                        .kind())
                .isEqualTo(Rejection.Kind.NOT_FOUND);
        assertThat(refusal(() -> verification.complete("../etc/passwd", "123456"))
                        .code())
                .isEqualTo("VERIFICATION_NOT_FOUND");
    }

    @Test
    void badNamesAndNumbersAreRefusedAndStartNothing() {
        assertThat(refusal(() -> verification.start("김민준", "02-123-4567")).code())
                .isEqualTo("PHONE_INVALID");
        assertThat(refusal(() -> verification.start("", "010-1234-5678")).code())
                .isEqualTo("NAME_INVALID");
        assertThat(refusal(() -> verification.start("1234", "010-1234-5678")).code())
                .isEqualTo("NAME_INVALID");
        assertThat(refusal(() -> verification.start("가".repeat(51), "010-1234-5678"))
                        .code())
                .isEqualTo("NAME_INVALID");
        assertThat(refusal(() -> verification.start(null, null)).kind()).isEqualTo(Rejection.Kind.INVALID);
        assertThat(verification.pendingCount()).isZero();
    }

    @Test
    void aNumberMayAskForFiveCodesAnHour() {
        for (int i = 0; i < 5; i++) {
            verification.start("김민준", "010-1234-5678");
            clock.advance(Duration.ofMinutes(10));
        }

        Rejection sixth = refusal(() -> verification.start("김민준", "010-1234-5678"));
        assertThat(sixth.code()).isEqualTo("TOO_MANY_VERIFICATIONS");
        assertThat(sixth.getMessage()).endsWith("ask again in 10 minutes.");
        assertThat(verification.start("이서연", "010-2222-3333").id()).isNotBlank();

        clock.advance(Duration.ofMinutes(10));
        assertThat(verification.start("김민준", "010-1234-5678").id()).isNotBlank();
    }

    @Test
    void theCodeIsNotRevealedUnlessDevelopmentCodesAreOn() {
        DevelopmentVerification quiet = verifier(SECRET, false, 1_000, 3);

        assertThat(quiet.start("김민준", "010-1234-5678").devCode()).isNull();
    }

    @Test
    void theStoreOfPendingVerificationsIsBounded() {
        DevelopmentVerification small = verifier(SECRET, true, 2, 4);
        small.start("김민준", "010-1111-0001");
        VerificationStarted second = small.start("이서연", "010-1111-0002");

        Rejection busy = refusal(() -> small.start("박지호", "010-1111-0003"));
        assertThat(busy.code()).isEqualTo("VERIFICATIONS_BUSY");
        assertThat(busy.kind()).isEqualTo(Rejection.Kind.UNAVAILABLE);

        small.complete(second.id(), second.devCode());
        clock.advance(Duration.ofHours(1).plusSeconds(1));
        assertThat(small.start("박지호", "010-1111-0003").id()).isNotBlank();
    }

    private VerifiedPerson verify(String name, String phone) {
        return complete(verification, name, phone);
    }

    private static VerifiedPerson complete(DevelopmentVerification verifier, String name, String phone) {
        VerificationStarted started = verifier.start(name, phone);
        return verifier.complete(started.id(), started.devCode());
    }

    private static String wrongCode(VerificationStarted started) {
        return "%06d".formatted((Integer.parseInt(started.devCode()) + 1) % 1_000_000);
    }

    private DevelopmentVerification verifier(byte[] secret, boolean reveal, int pendingMax, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        return new DevelopmentVerification(clock, random, new IdSource(clock, random), secret, reveal, pendingMax);
    }

    private static Rejection refusal(ThrowingCallable call) {
        Rejection refusal = catchThrowableOfType(Rejection.class, call);
        assertThat(refusal).as("a refusal").isNotNull();
        return refusal;
    }
}
