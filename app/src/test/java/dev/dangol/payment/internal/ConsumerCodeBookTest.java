package dev.dangol.payment.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.dangol.shared.PersonId;
import dev.dangol.shared.ProgramId;
import dev.dangol.shared.Rejection;
import dev.dangol.testing.MutableClock;
import dev.dangol.wallet.IdempotencyKey;
import dev.dangol.wallet.PaymentId;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ConsumerCodeBookTest {

    static final PersonId KIM = PersonId.of("kim");
    static final ProgramId ONNURI = ProgramId.of("onnuri");
    static final Duration VALIDITY = Duration.ofMinutes(3);

    final MutableClock clock = new MutableClock(Instant.parse("2026-11-02T00:00:00Z"), ZoneOffset.UTC);
    final ConsumerCodeBook book = new ConsumerCodeBook(clock, new SplittableRandom(42), VALIDITY, 1_000);

    static PaymentId payment(String key) {
        return PaymentId.byMerchant(dev.dangol.shared.MerchantId.of("shop"), new IdempotencyKey("key-" + key));
    }

    static String code(ThrowingClaim claim) {
        return catchThrowableOfType(Rejection.class, claim::run).code();
    }

    interface ThrowingClaim {
        void run();
    }

    @Test
    void aCodeIsSixteenDigitsWithACheckDigitAndPaysOnce() {
        ConsumerCodeBook.Issued issued = book.issue(KIM, ONNURI);
        assertThat(issued.code()).matches("[0-9]{16}");
        assertThat(ConsumerCodeBook.luhnHolds(issued.code())).isTrue();
        assertThat(issued.expiresAt()).isEqualTo(clock.instant().plus(VALIDITY));

        ConsumerCodeBook.Claim claim = book.claim(issued.code(), payment("a1234567"));
        assertThat(claim.person()).isEqualTo(KIM);
        assertThat(claim.program()).isEqualTo(ONNURI);
        book.used(claim);

        assertThat(code(() -> book.claim(issued.code(), payment("b1234567")))).isEqualTo("CODE_USED");
        // The same payment retried gets its claim back, marked as used already.
        assertThat(book.claim(issued.code(), payment("a1234567")).alreadyUsed()).isTrue();
    }

    @Test
    void expiredMistypedMalformedUnknownReplacedAndBusyCodesEachHaveTheirOwnReason() {
        String first = book.issue(KIM, ONNURI).code();
        String second = book.issue(KIM, ONNURI).code();
        assertThat(code(() -> book.claim(first, payment("c1234567")))).isEqualTo("CODE_REPLACED");

        char last = second.charAt(15);
        String mistyped = second.substring(0, 15) + (char) ('0' + (last - '0' + 1) % 10);
        assertThat(code(() -> book.claim(mistyped, payment("c1234567")))).isEqualTo("CODE_MISTYPED");
        assertThat(code(() -> book.claim("12345", payment("c1234567")))).isEqualTo("CODE_MALFORMED");
        String unknown = "123456789012345" + ConsumerCodeBook.checkDigit("123456789012345");
        assertThat(code(() -> book.claim(unknown, payment("c1234567")))).isEqualTo("CODE_UNKNOWN");

        ConsumerCodeBook.Claim claim = book.claim(second, payment("d1234567"));
        assertThat(code(() -> book.claim(second, payment("e1234567")))).isEqualTo("CODE_IN_USE");
        book.release(claim);

        clock.advance(VALIDITY);
        assertThat(code(() -> book.claim(second, payment("e1234567")))).isEqualTo("CODE_EXPIRED");
        clock.advance(ConsumerCodeBook.REMEMBERED);
        assertThat(code(() -> book.claim(second, payment("e1234567")))).isEqualTo("CODE_UNKNOWN");
    }

    @Test
    void theBookHoldsAtMostItsCapacityAndForgetsOldCodesToMakeRoom() {
        ConsumerCodeBook small = new ConsumerCodeBook(clock, new SplittableRandom(7), VALIDITY, 10);
        Set<String> codes = new HashSet<>();
        for (int i = 0; i < 10; i++) {
            codes.add(small.issue(PersonId.of("p" + i), ONNURI).code());
        }
        assertThat(codes).hasSize(10);
        assertThat(code(() -> small.issue(PersonId.of("late"), ONNURI))).isEqualTo("CONSUMER_CODES_BUSY");

        clock.advance(VALIDITY.plus(ConsumerCodeBook.REMEMBERED));
        small.issue(PersonId.of("late"), ONNURI);
        assertThat(small.size()).isEqualTo(1);
    }
}
