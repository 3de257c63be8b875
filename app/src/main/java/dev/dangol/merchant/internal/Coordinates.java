package dev.dangol.merchant.internal;

import dev.dangol.merchant.GeoPoint;
import java.util.Locale;
import java.util.Optional;
import org.locationtech.proj4j.CRSFactory;
import org.locationtech.proj4j.CoordinateReferenceSystem;
import org.locationtech.proj4j.CoordinateTransform;
import org.locationtech.proj4j.CoordinateTransformFactory;
import org.locationtech.proj4j.ProjCoordinate;

/**
 * Turns master data's coordinates into WGS84 points: longitude and latitude as they are, or metres in the two
 * projections Korean public data uses, EPSG:5174 (Korean 1985 / Modified Central Belt, the old cadastral grid) and
 * EPSG:5179 (Korea 2000 / Unified CS, UTM-K).
 *
 * <p>EPSG:5179's datum (Korea 2000, GRS80) equals WGS84 to well under a metre, so its definition from proj4j's EPSG
 * file is used as it is. EPSG:5174 is on the Bessel ellipsoid, whose datum lies some 300 to 400 metres off; proj4j's
 * EPSG file gives it no datum shift, so the widely used seven-parameter shift is given here. It agrees with PROJ's
 * EPSG transformation (Molodensky-Badekas, which proj4j lacks) within about a metre across Korea; the sync test checks
 * both projections against points PROJ computed.
 */
final class Coordinates {

    /** Korea's mainland and islands with a margin: a point outside is a wrong CRS or swapped columns. */
    private static final int LATITUDE_MIN_E7 = 32 * GeoPoint.DEGREE;

    private static final int LATITUDE_MAX_E7 = 39 * GeoPoint.DEGREE;
    private static final int LONGITUDE_MIN_E7 = 124 * GeoPoint.DEGREE;
    private static final int LONGITUDE_MAX_E7 = 132 * GeoPoint.DEGREE;

    static final String EPSG_5174 = "+proj=tmerc +lat_0=38 +lon_0=127.0028902777778 +k=1 +x_0=200000 +y_0=500000"
            + " +ellps=bessel +units=m +no_defs +towgs84=-115.80,474.99,674.11,1.16,-2.31,-1.63,6.43";

    /** The coordinate systems a file may name in its {@code crs} column. */
    enum Crs {
        WGS84,
        EPSG_5174,
        EPSG_5179;

        /** Reads a file's CRS name: blank, {@code WGS84} or {@code EPSG:4326}, {@code EPSG:5174}, {@code EPSG:5179}. */
        static Optional<Crs> parse(String text) {
            if (text == null || text.isBlank()) {
                return Optional.of(WGS84);
            }
            return switch (text.strip().toUpperCase(Locale.ROOT).replace(" ", "")) {
                case "WGS84", "EPSG:4326", "4326" -> Optional.of(WGS84);
                case "EPSG:5174", "5174" -> Optional.of(EPSG_5174);
                case "EPSG:5179", "5179" -> Optional.of(EPSG_5179);
                default -> Optional.empty();
            };
        }
    }

    private final CoordinateTransform from5174;
    private final CoordinateTransform from5179;

    Coordinates() {
        CRSFactory crs = new CRSFactory();
        CoordinateReferenceSystem wgs84 = crs.createFromName("EPSG:4326");
        CoordinateTransformFactory transforms = new CoordinateTransformFactory();
        this.from5174 = transforms.createTransform(crs.createFromParameters("EPSG:5174", EPSG_5174), wgs84);
        this.from5179 = transforms.createTransform(crs.createFromName("EPSG:5179"), wgs84);
    }

    /**
     * The WGS84 point of {@code x} and {@code y} in the given system (x is longitude or easting, y latitude or
     * northing), or a sentence saying what is wrong with them.
     */
    Result toWgs84(Crs crs, double x, double y) {
        if (!Double.isFinite(x) || !Double.isFinite(y)) {
            return new Result(null, "the coordinates are not numbers");
        }
        double longitude;
        double latitude;
        if (crs == Crs.WGS84) {
            longitude = x;
            latitude = y;
        } else {
            ProjCoordinate out = new ProjCoordinate();
            // proj4j's transforms keep state while they work, so each is used by one thread at a time.
            CoordinateTransform transform = crs == Crs.EPSG_5174 ? from5174 : from5179;
            synchronized (transform) {
                transform.transform(new ProjCoordinate(x, y), out);
            }
            longitude = out.x;
            latitude = out.y;
        }
        if (!Double.isFinite(longitude) || !Double.isFinite(latitude)) {
            return new Result(
                    null,
                    "the coordinates cannot be converted from " + crs.name().replace('_', ':'));
        }
        long latitudeE7 = Math.round(latitude * GeoPoint.DEGREE);
        long longitudeE7 = Math.round(longitude * GeoPoint.DEGREE);
        if (latitudeE7 < LATITUDE_MIN_E7
                || latitudeE7 > LATITUDE_MAX_E7
                || longitudeE7 < LONGITUDE_MIN_E7
                || longitudeE7 > LONGITUDE_MAX_E7) {
            return new Result(
                    null,
                    String.format(
                            Locale.ROOT,
                            "the coordinates (x %.3f, y %.3f in %s) fall outside Korea at %.5f, %.5f; check the crs"
                                    + " column and that x and y are not swapped",
                            x,
                            y,
                            crs.name().replace('_', ':'),
                            latitude,
                            longitude));
        }
        return new Result(new GeoPoint((int) latitudeE7, (int) longitudeE7), null);
    }

    /** A converted point, or the reason there is none. */
    record Result(GeoPoint point, String problem) {}
}
