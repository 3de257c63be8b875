package dev.dangol.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LuhnTest {

    @Test
    void theWorkedExampleAndTestCardNumbersHold() {
        assertThat(Luhn.checkDigit("7992739871")).isEqualTo('3');
        assertThat(Luhn.holds("79927398713")).isTrue();
        assertThat(Luhn.holds("4111111111111111")).isTrue();
        assertThat(Luhn.holds("5555555555554444")).isTrue();
    }

    @Test
    void aMistypedDigitOrASwapOfNeighboursIsCaught() {
        assertThat(Luhn.holds("4111111111111112")).isFalse();
        assertThat(Luhn.holds("79927398731")).isFalse();
    }

    @Test
    void textThatIsNotDigitsNeverHolds() {
        assertThat(Luhn.holds("")).isFalse();
        assertThat(Luhn.holds("0")).isFalse();
        assertThat(Luhn.holds("4111-1111-1111-1111")).isFalse();
        assertThatThrownBy(() -> Luhn.checkDigit("12a")).isInstanceOf(IllegalArgumentException.class);
    }
}
