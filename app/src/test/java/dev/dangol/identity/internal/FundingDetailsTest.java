package dev.dangol.identity.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.dangol.program.FundingMethod;
import dev.dangol.shared.Luhn;
import dev.dangol.shared.PersonId;
import dev.dangol.shared.Rejection;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** What is kept of a bank account or card: a masked label, a keyed fingerprint and a token; never the number. */
class FundingDetailsTest {

    private static final byte[] KEY = "a test secret of some length".getBytes(StandardCharsets.UTF_8);
    private static final PersonId KIM = PersonId.of("kim");

    @Test
    void aBankAccountIsLabelledWithItsBankAndLastFourDigits() {
        FundingDetails account = FundingDetails.bankAccount("004", "123-456-78-9012");

        assertThat(account.method()).isEqualTo(FundingMethod.BANK_ACCOUNT);
        assertThat(account.label()).isEqualTo("KB국민은행 ****9012");
        assertThat(account.toString()).doesNotContain("12345678");
        assertThat(FundingDetails.bankAccount("999", "1234567890").label()).isEqualTo("은행 999 ****7890");
    }

    @Test
    void aCardKeepsOnlyItsLastFourDigits() {
        FundingDetails card = FundingDetails.card("4111 1111 1111 1111");

        assertThat(card.method()).isEqualTo(FundingMethod.CARD);
        assertThat(card.label()).isEqualTo("카드 ****1111");
        assertThat(card.toString()).doesNotContain("41111111");
    }

    @Test
    void numbersEndingIn0002GetATokenTheSandboxDeclines() {
        SplittableRandom random = new SplittableRandom(1);

        assertThat(FundingDetails.card("4000 0000 0000 0002").sandboxToken(random))
                .startsWith("sbx_card_decline_");
        assertThat(FundingDetails.bankAccount("088", "110-000-000002").sandboxToken(random))
                .startsWith("sbx_bank_decline_");
        assertThat(FundingDetails.card("4111111111111111").sandboxToken(random))
                .startsWith("sbx_card_")
                .doesNotContain("decline")
                .doesNotContain("4111");
    }

    @Test
    void theFingerprintRecognisesTheSameAccountOfTheSamePersonOnly() {
        String once = FundingDetails.bankAccount("004", "123-456-78-9012").fingerprint(KEY, KIM);

        assertThat(FundingDetails.bankAccount("004", "12345678 9012").fingerprint(KEY, KIM))
                .isEqualTo(once);
        assertThat(FundingDetails.bankAccount("088", "123-456-78-9012").fingerprint(KEY, KIM))
                .isNotEqualTo(once);
        assertThat(FundingDetails.bankAccount("004", "123-456-78-9012").fingerprint(KEY, PersonId.of("lee")))
                .isNotEqualTo(once);
        assertThat(once).doesNotContain("9012");
    }

    @Test
    void badNumbersAreRefusedWithWhatWouldBeRight() {
        assertThat(code(() -> FundingDetails.bankAccount("4", "1234567890"))).isEqualTo("BANK_CODE_INVALID");
        assertThat(code(() -> FundingDetails.bankAccount(null, "1234567890"))).isEqualTo("BANK_CODE_INVALID");
        assertThat(code(() -> FundingDetails.bankAccount("004", "12345"))).isEqualTo("ACCOUNT_NUMBER_INVALID");
        assertThat(code(() -> FundingDetails.bankAccount("004", "1234abcd90"))).isEqualTo("ACCOUNT_NUMBER_INVALID");
        assertThat(code(() -> FundingDetails.card("4111 1111 1111 1112"))).isEqualTo("CARD_NUMBER_INVALID");
        assertThat(code(() -> FundingDetails.card("411111"))).isEqualTo("CARD_NUMBER_INVALID");
        assertThat(code(() -> FundingDetails.card(null))).isEqualTo("CARD_NUMBER_INVALID");
    }

    @Test
    void theLuhnCheckAcceptsKnownTestCardNumbers() {
        assertThat(Luhn.holds("4242424242424242")).isTrue();
        assertThat(Luhn.holds("5555555555554444")).isTrue();
        assertThat(Luhn.holds("4000000000000002")).isTrue();
        assertThat(Luhn.holds("4242424242424241")).isFalse();
    }

    private static String code(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        Rejection refusal = catchThrowableOfType(Rejection.class, call);
        assertThat(refusal).as("a refusal").isNotNull();
        assertThat(refusal.kind()).isEqualTo(Rejection.Kind.INVALID);
        return refusal.code();
    }
}
