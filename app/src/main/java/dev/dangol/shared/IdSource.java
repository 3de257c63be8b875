package dev.dangol.shared;

import java.time.Clock;
import java.util.random.RandomGenerator;

/**
 * Makes new ids that sort by the time they were made (48 bits of milliseconds, then 80 random bits, in Crockford
 * base 32 like a ULID). Time and randomness are passed in so that a test can replay a run exactly.
 */
public final class IdSource {

    private static final char[] ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ".toCharArray();

    private final Clock clock;
    private final RandomGenerator random;

    public IdSource(Clock clock, RandomGenerator random) {
        this.clock = clock;
        this.random = random;
    }

    public String next() {
        long millis = clock.millis();
        long high;
        long low;
        synchronized (this) {
            high = random.nextLong();
            low = random.nextLong();
        }
        char[] out = new char[26];
        // 10 characters of time (50 bits, the top 2 always zero), 16 of randomness.
        for (int i = 9; i >= 0; i--) {
            out[i] = ALPHABET[(int) (millis & 31)];
            millis >>>= 5;
        }
        for (int i = 0; i < 8; i++) {
            out[10 + i] = ALPHABET[(int) ((high >>> (i * 5)) & 31)];
            out[18 + i] = ALPHABET[(int) ((low >>> (i * 5)) & 31)];
        }
        return new String(out);
    }
}
