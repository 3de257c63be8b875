package dev.dangol.loadgen;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.api.Test;

class ReplayTest {

    private static final String OPERATOR = "01010000009";

    @Test
    void noStartSecondGivesAPersonTheOperatorsNumber() {
        // CI failed once when the start second made nonce 10: person 9's number was 010-1000-0009, the operator's.
        for (long second = 0; second < 180; second++) {
            int nonce = Replay.crowdNonce(second, OPERATOR, 40);
            assertThat(nonce).isBetween(10, 99);
            for (int person = 0; person < 40; person++) {
                assertThat(String.format(Locale.ROOT, "010%02d%06d", nonce, person))
                        .as("start second %d, person %d", second, person)
                        .isNotEqualTo(OPERATOR);
            }
        }
    }

    @Test
    void theNonceMovesOnlyWhenItWouldClash() {
        assertThat(Replay.crowdNonce(0, OPERATOR, 40)).isEqualTo(11);
        assertThat(Replay.crowdNonce(0, OPERATOR, 9)).isEqualTo(10);
        assertThat(Replay.crowdNonce(0, "010-1000-0009", 40)).isEqualTo(11);
        assertThat(Replay.crowdNonce(1, OPERATOR, 40)).isEqualTo(11);
        assertThat(Replay.crowdNonce(89, OPERATOR, 40)).isEqualTo(99);
        assertThat(Replay.crowdNonce(90, OPERATOR, 40)).isEqualTo(11);
    }
}
