package dev.dangol.merchant;

/**
 * A point in WGS84 (EPSG:4326) in units of 10<sup>-7</sup> degree (about 1 cm), whole numbers as everywhere in
 * Dangol's domain. Projected coordinates from master data (EPSG:5174, EPSG:5179) are converted at the edge.
 */
public record GeoPoint(int latitudeE7, int longitudeE7) {

    public static final int DEGREE = 10_000_000;

    public GeoPoint {
        if (latitudeE7 < -90 * DEGREE || latitudeE7 > 90 * DEGREE) {
            throw new IllegalArgumentException("latitude must be -90 to 90 degrees");
        }
        if (longitudeE7 < -180 * DEGREE || longitudeE7 > 180 * DEGREE) {
            throw new IllegalArgumentException("longitude must be -180 to 180 degrees");
        }
    }

    /** Distance along the earth's surface in whole metres (haversine on a sphere of radius 6,371,008.8 m). */
    public long metresTo(GeoPoint other) {
        double lat1 = Math.toRadians(latitudeE7 / 1e7);
        double lat2 = Math.toRadians(other.latitudeE7 / 1e7);
        double dLat = lat2 - lat1;
        double dLon = Math.toRadians((other.longitudeE7 - (double) longitudeE7) / 1e7);
        double h = Math.sin(dLat / 2) * Math.sin(dLat / 2)
                + Math.cos(lat1) * Math.cos(lat2) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
        return Math.round(2 * 6_371_008.8 * Math.asin(Math.min(1, Math.sqrt(h))));
    }

    /** The point as {@code latitude,longitude} in decimal degrees, as maps take it. */
    @Override
    public String toString() {
        return degrees(latitudeE7) + "," + degrees(longitudeE7);
    }

    private static String degrees(int e7) {
        String sign = e7 < 0 ? "-" : "";
        long magnitude = Math.abs((long) e7);
        return sign + magnitude / DEGREE + "." + String.format("%07d", magnitude % DEGREE);
    }
}
