package dev.dangol.merchant.internal;

import dev.dangol.merchant.GeoPoint;
import dev.dangol.merchant.Merchant;

/**
 * A merchant as the in-memory index holds it: with its place as a point on the unit sphere, in units of
 * 2<sup>-30</sup> (about 6 mm on the earth's surface). A new entry is made for every put, so that the index can tell
 * the current entry of a merchant from older ones by identity, even if the same merchant object is put again.
 */
record MerchantEntry(Merchant merchant, int x, int y, int z) {

    /** One unit of the sphere's radius, in the coordinates' units. */
    static final int UNIT = 1 << 30;

    static MerchantEntry of(Merchant merchant) {
        GeoPoint at = merchant.location();
        double latitude = Math.toRadians(at.latitudeE7() / 1e7);
        double longitude = Math.toRadians(at.longitudeE7() / 1e7);
        return new MerchantEntry(
                merchant,
                (int) Math.round(Math.cos(latitude) * Math.cos(longitude) * UNIT),
                (int) Math.round(Math.cos(latitude) * Math.sin(longitude) * UNIT),
                (int) Math.round(Math.sin(latitude) * UNIT));
    }
}
