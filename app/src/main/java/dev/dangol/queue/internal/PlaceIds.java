package dev.dangol.queue.internal;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.random.RandomGenerator;

/**
 * The public ids of places: 128 random bits as 22 base64url characters. They say nothing about the person, and a
 * store may keep them as two longs.
 */
final class PlaceIds {

    static final int LENGTH = 22;

    private PlaceIds() {}

    static String random(RandomGenerator random) {
        return of(random.nextLong(), random.nextLong());
    }

    static String of(long high, long low) {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(
                        ByteBuffer.allocate(16).putLong(high).putLong(low).array());
    }

    static boolean isValid(String placeId) {
        if (placeId == null || placeId.length() != LENGTH) {
            return false;
        }
        for (int i = 0; i < LENGTH; i++) {
            char c = placeId.charAt(i);
            if (!(c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_')) {
                return false;
            }
        }
        // The last character carries the last 2 of the 128 bits and 4 bits of padding, which must be zero, so that
        // every place has exactly one spelling.
        char last = placeId.charAt(LENGTH - 1);
        return last == 'A' || last == 'Q' || last == 'g' || last == 'w';
    }

    /** The high 64 bits of a valid place id. */
    static long high(String placeId) {
        return ByteBuffer.wrap(Base64.getUrlDecoder().decode(placeId)).getLong(0);
    }

    /** The low 64 bits of a valid place id. */
    static long low(String placeId) {
        return ByteBuffer.wrap(Base64.getUrlDecoder().decode(placeId)).getLong(8);
    }
}
