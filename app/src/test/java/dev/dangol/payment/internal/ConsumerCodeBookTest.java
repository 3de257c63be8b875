package dev.dangol.payment.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The pure rules of a consumer code; the rules that need the store are in {@link ConsumerCodeBookContract}. */
class ConsumerCodeBookTest {

    @Test
    void aCodeIsValidForMoreThanZeroAndAtMostTenMinutes() {
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> new ConsumerCodeBook(
                        null,
                        java.time.Clock.systemUTC(),
                        new java.util.SplittableRandom(1),
                        java.time.Duration.ZERO,
                        10)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> new ConsumerCodeBook(
                        null,
                        java.time.Clock.systemUTC(),
                        new java.util.SplittableRandom(1),
                        java.time.Duration.ofMinutes(11),
                        10)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
