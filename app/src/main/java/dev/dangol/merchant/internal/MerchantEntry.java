package dev.dangol.merchant.internal;

import dev.dangol.merchant.GeoPoint;
import dev.dangol.merchant.Merchant;
import java.util.Locale;

/**
 * A merchant as the in-memory index holds it: with its place as a point on the unit sphere, in units of
 * 2<sup>-30</sup> (about 6 mm on the earth's surface). A new entry is made for every put, so that the index can tell
 * the current entry of a merchant from older ones by identity, even if the same merchant object is put again.
 *
 * <p>For name searches it also holds both names in lower case, joined by {@link #SEPARATOR}, and their {@link
 * #nameBits}: a 64-bit signature of every character and every pair of neighbouring characters. A name text whose own
 * signature has a bit the entry's lacks cannot be in either name, so most merchants are ruled out by one AND, without
 * reading a string: a name filter then costs little more than no filter.
 *
 * @param names the Korean and romanised names in lower case ({@link Locale#ROOT}), joined by {@link #SEPARATOR}
 */
record MerchantEntry(Merchant merchant, int x, int y, int z, String names, long nameBits) {

    /** One unit of the sphere's radius, in the coordinates' units. */
    static final int UNIT = 1 << 30;

    /** A Unicode non-character, which no name text is expected to hold (one that does is checked the slow way). */
    static final char SEPARATOR = '\uFFFF';

    static MerchantEntry of(Merchant merchant) {
        GeoPoint at = merchant.location();
        double latitude = Math.toRadians(at.latitudeE7() / 1e7);
        double longitude = Math.toRadians(at.longitudeE7() / 1e7);
        String names = merchant.nameKorean().toLowerCase(Locale.ROOT)
                + SEPARATOR
                + merchant.nameRomanised().toLowerCase(Locale.ROOT);
        return new MerchantEntry(
                merchant,
                (int) Math.round(Math.cos(latitude) * Math.cos(longitude) * UNIT),
                (int) Math.round(Math.cos(latitude) * Math.sin(longitude) * UNIT),
                (int) Math.round(Math.sin(latitude) * UNIT),
                names,
                nameBits(names));
    }

    /**
     * The signature of lower-case text: a bit for each character and for each pair of neighbouring characters (pairs
     * across the separator left out). If {@code a} contains {@code b}, every bit of b's signature is in a's.
     */
    static long nameBits(String lowerCase) {
        long bits = 0;
        for (int i = 0; i < lowerCase.length(); i++) {
            char c = lowerCase.charAt(i);
            if (c == SEPARATOR) {
                continue;
            }
            bits |= 1L << (((c << 16) | SEPARATOR) * 0x9E3779B1 >>> 26);
            if (i + 1 < lowerCase.length() && lowerCase.charAt(i + 1) != SEPARATOR) {
                bits |= 1L << (((c << 16) | lowerCase.charAt(i + 1)) * 0x9E3779B1 >>> 26);
            }
        }
        return bits;
    }
}
