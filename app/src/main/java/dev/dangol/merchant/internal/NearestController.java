package dev.dangol.merchant.internal;

import dev.dangol.merchant.GeoPoint;
import dev.dangol.merchant.Industry;
import dev.dangol.merchant.Merchant;
import dev.dangol.merchant.MerchantStatus;
import dev.dangol.merchant.Merchants;
import dev.dangol.merchant.NearbyMerchant;
import dev.dangol.merchant.NearestQuery;
import dev.dangol.program.Programs;
import dev.dangol.shared.Ids;
import dev.dangol.shared.ProgramId;
import dev.dangol.shared.Rejection;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Nationwide nearest-first merchant search over JSON: the merchants nearest a point, with filters and paging, no
 * radius needed. Public: finding where to spend vouchers needs no sign-in. Every parameter is read as text and checked
 * here, so that each mistake gets its own code and a sentence saying what would be right.
 */
@RestController
class NearestController {

    /** Decimal degrees as people and maps write them: an optional sign, digits, and at most 7 decimals. */
    private static final Pattern DEGREES = Pattern.compile("[+-]?[0-9]{1,3}(\\.[0-9]{1,7})?");

    private final Merchants merchants;
    private final Programs programs;

    NearestController(Merchants merchants, Programs programs) {
        this.merchants = merchants;
        this.programs = programs;
    }

    @GetMapping("/api/v1/merchants/nearest")
    NearestPage nearest(
            @RequestParam(required = false) String lat,
            @RequestParam(required = false) String lon,
            @RequestParam(required = false) String limit,
            @RequestParam(required = false) String offset,
            @RequestParam(required = false) String program,
            @RequestParam(required = false) String industry,
            @RequestParam(required = false) String open,
            @RequestParam(required = false) String name) {
        GeoPoint from = new GeoPoint(degrees("lat", lat, 90), degrees("lon", lon, 180));
        int pageSize = whole("limit", limit, 20, 1, NearestQuery.LIMIT_MAX);
        int skip = whole("offset", offset, 0, 0, NearestQuery.OFFSET_MAX);
        NearestQuery query =
                new NearestQuery(from, pageSize, skip, program(program), industry(industry), open(open), name(name));
        List<NearbyMerchant> found = merchants.nearest(query);
        // A full page may have a next one; the last page is the first one that comes back short.
        Integer nextOffset =
                found.size() == pageSize && skip + pageSize <= NearestQuery.OFFSET_MAX ? skip + pageSize : null;
        return new NearestPage(
                new Point(lat.strip(), lon.strip()),
                pageSize,
                skip,
                found.size(),
                nextOffset,
                found.stream().map(NearestController::view).toList());
    }

    record NearestPage(
            Point from, int limit, int offset, int returned, Integer nextOffset, List<NearbyMerchantJson> merchants) {}

    record Point(String lat, String lon) {}

    record IndustryJson(String code, String label) {}

    record NearbyMerchantJson(
            String id,
            String nameKorean,
            String nameRomanised,
            String address,
            String townCode,
            IndustryJson industry,
            String market,
            long metres,
            Point location,
            String status,
            String statusReason) {}

    private static NearbyMerchantJson view(NearbyMerchant found) {
        Merchant m = found.merchant();
        GeoPoint at = m.location();
        String[] latLon = at.toString().split(",");
        return new NearbyMerchantJson(
                m.id().value(),
                m.nameKorean(),
                m.nameRomanised(),
                m.address(),
                m.townCode(),
                new IndustryJson(m.industry().name(), m.industry().koreanLabel()),
                m.market(),
                found.metres(),
                new Point(latLon[0], latLon[1]),
                switch (m.status()) {
                    case MerchantStatus.Active a -> "ACTIVE";
                    case MerchantStatus.Suspended s -> "SUSPENDED";
                    case MerchantStatus.Closed c -> "CLOSED";
                },
                switch (m.status()) {
                    case MerchantStatus.Active a -> null;
                    case MerchantStatus.Suspended s -> s.reason();
                    case MerchantStatus.Closed c -> c.reason();
                });
    }

    /** Decimal degrees to units of 10<sup>-7</sup> degree, exactly (no floating point), within +-max. */
    private static int degrees(String parameter, String text, int max) {
        String what = parameter.equals("lat") ? "latitude" : "longitude";
        if (text == null || text.isBlank()) {
            throw Rejection.invalid(
                    "LOCATION_MISSING",
                    "Give the point to search from as '" + parameter + "', the " + what + " in decimal degrees (for"
                            + " example lat=37.5700&lon=126.9996).");
        }
        String value = text.strip();
        if (!DEGREES.matcher(value).matches()) {
            throw Rejection.invalid(
                    "LOCATION_INVALID",
                    "'" + parameter + "' must be the " + what + " in decimal degrees with at most 7 decimals, such as "
                            + (parameter.equals("lat") ? "37.5700" : "126.9996") + "; it was '" + shortened(value)
                            + "'.");
        }
        boolean negative = value.startsWith("-");
        String unsigned = value.replaceFirst("^[+-]", "");
        int dot = unsigned.indexOf('.');
        String whole = dot < 0 ? unsigned : unsigned.substring(0, dot);
        String fraction = dot < 0 ? "" : unsigned.substring(dot + 1);
        long e7 = Long.parseLong(whole) * GeoPoint.DEGREE + Long.parseLong((fraction + "0000000").substring(0, 7));
        if (e7 > (long) max * GeoPoint.DEGREE) {
            throw Rejection.invalid(
                    "LOCATION_OUT_OF_RANGE",
                    "'" + parameter + "' must be from -" + max + " to " + max + " degrees; it was " + value
                            + ". Check that latitude and longitude are not swapped.");
        }
        return (int) (negative ? -e7 : e7);
    }

    private static int whole(String parameter, String text, int absent, int min, int max) {
        if (text == null || text.isBlank()) {
            return absent;
        }
        String code = parameter.toUpperCase(Locale.ROOT) + "_OUT_OF_RANGE";
        String sentence = "'" + parameter + "' must be a whole number from " + min + " to " + max + "; it was '"
                + shortened(text.strip()) + "'.";
        if (parameter.equals("offset")) {
            sentence += " Narrow the search with filters instead of paging further.";
        }
        if (!text.strip().matches("[0-9]{1,9}")) {
            throw Rejection.invalid(code, sentence);
        }
        int value = Integer.parseInt(text.strip());
        if (value < min || value > max) {
            throw Rejection.invalid(code, sentence);
        }
        return value;
    }

    private ProgramId program(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String value = text.strip();
        if (!Ids.isValid(value) || programs.program(ProgramId.of(value)).isEmpty()) {
            throw Rejection.invalid(
                    "UNKNOWN_PROGRAM",
                    "There is no voucher program '" + shortened(value) + "'. Leave 'program' out to see every"
                            + " merchant, or use a program id from GET /api/v1/programs.");
        }
        return ProgramId.of(value);
    }

    private static Industry industry(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String value = text.strip().toUpperCase(Locale.ROOT);
        return Arrays.stream(Industry.values())
                .filter(industry -> industry.name().equals(value))
                .findFirst()
                .orElseThrow(() -> Rejection.invalid(
                        "UNKNOWN_INDUSTRY",
                        "There is no industry '" + shortened(text.strip()) + "'. Use one of: "
                                + Arrays.stream(Industry.values())
                                        .map(Industry::name)
                                        .collect(Collectors.joining(", "))
                                + "."));
    }

    private static boolean open(String text) {
        if (text == null || text.isBlank()) {
            return true;
        }
        return switch (text.strip().toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default ->
                throw Rejection.invalid(
                        "OPEN_INVALID",
                        "'open' must be true (only merchants accepting vouchers now, the default) or false (closed and"
                                + " suspended ones too).");
        };
    }

    private static String name(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String value = text.strip();
        if (value.length() > 50) {
            throw Rejection.invalid(
                    "NAME_TOO_LONG", "'name' is a piece of the merchant's name, at most 50 characters long.");
        }
        return value;
    }

    /** Echoed input, cut short so that a huge parameter does not make a huge answer. */
    private static String shortened(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }
}
