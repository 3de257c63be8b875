package dev.dangol.acceptance.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes EMV merchant-presented QR payloads (EMVCo MPM): data objects of a two-digit tag, a two-digit length
 * counted in characters and the value, with the templates 26 to 51 (merchant accounts), 62 (additional data) and 64
 * (names in another language) holding data objects of their own, and the CRC (tag 63) last.
 *
 * <p>The check value is verified before anything else is read: a damaged or cut-off code is reported as such, not
 * as whatever its damaged structure happens to look like.
 */
final class EmvMpm {

    static final String FORMAT_INDICATOR = "000201";
    private static final String CRC_TAG = "6304";

    private EmvMpm() {}

    /** Reads a text as an EMV code. Never throws: every text gets a typed outcome. */
    static EmvParse parse(String text) {
        if (text == null || !text.startsWith(FORMAT_INDICATOR)) {
            return new EmvParse.Malformed("it does not start with the payload format indicator 000201");
        }
        int length = text.length();
        if (length < FORMAT_INDICATOR.length() + 8 || !text.startsWith(CRC_TAG, length - 8)) {
            return new EmvParse.Malformed("it has no check value (tag 63) at its end; it may be cut short");
        }
        String printed = text.substring(length - 4);
        if (!printed.matches("[0-9A-Fa-f]{4}")) {
            return new EmvParse.Malformed("its check value '" + printed + "' is not four hexadecimal digits");
        }
        String computed = Crc16.hex(Crc16.of(text.substring(0, length - 4)));
        if (!computed.equalsIgnoreCase(printed)) {
            return new EmvParse.CrcMismatch(printed, computed);
        }
        int[] points = text.codePoints().toArray();
        for (int point : points) {
            if (point < 0x20 || (point >= 0x7F && point < 0xA0)) {
                return new EmvParse.Malformed("it holds a control character");
            }
        }
        Map<String, String> fields = new LinkedHashMap<>();
        String error = objects(points, 0, points.length, fields, "");
        if (error != null) {
            return new EmvParse.Malformed(error);
        }
        if (!"01".equals(fields.get("00")) || !fields.keySet().iterator().next().equals("00")) {
            return new EmvParse.Malformed("its payload format indicator (tag 00) must come first and be 01");
        }
        String last = null;
        for (String tag : fields.keySet()) {
            last = tag;
        }
        if (!"63".equals(last)) {
            return new EmvParse.Malformed("its check value (tag 63) is not its last data object");
        }
        Map<String, Map<String, String>> templates = new LinkedHashMap<>();
        for (Map.Entry<String, String> field : fields.entrySet()) {
            if (isTemplate(field.getKey())) {
                int[] value = field.getValue().codePoints().toArray();
                Map<String, String> sub = new LinkedHashMap<>();
                String subError = objects(value, 0, value.length, sub, "tag " + field.getKey() + ": ");
                if (subError != null) {
                    return new EmvParse.Malformed(subError);
                }
                templates.put(field.getKey(), sub);
            }
        }
        String missing = missing(fields, templates);
        if (missing != null) {
            return new EmvParse.Malformed(missing);
        }
        return new EmvParse.Valid(new EmvPayload(fields, templates));
    }

    /** Writes a payload: the data objects in the order given, then the CRC. */
    static String encode(List<DataObject> objects) {
        StringBuilder text = new StringBuilder();
        for (DataObject object : objects) {
            text.append(object.encoded());
        }
        text.append(CRC_TAG);
        return text.append(Crc16.hex(Crc16.of(text.toString()))).toString();
    }

    /** One data object to write: a value, or a template of data objects. */
    record DataObject(String tag, String value) {

        DataObject {
            if (tag == null || !tag.matches("[0-9]{2}") || "63".equals(tag)) {
                throw new IllegalArgumentException("a tag is two digits other than 63, was " + tag);
            }
            int characters = value == null ? 0 : value.codePointCount(0, value.length());
            if (characters < 1 || characters > 99) {
                throw new IllegalArgumentException("tag " + tag + " needs a value of 1 to 99 characters");
            }
        }

        static DataObject template(String tag, List<DataObject> objects) {
            StringBuilder value = new StringBuilder();
            for (DataObject object : objects) {
                value.append(object.encoded());
            }
            return new DataObject(tag, value.toString());
        }

        String encoded() {
            int characters = value.codePointCount(0, value.length());
            return tag + (characters < 10 ? "0" : "") + characters + value;
        }
    }

    static boolean isTemplate(String tag) {
        int number = Integer.parseInt(tag);
        return (number >= 26 && number <= 51) || number == 62 || number == 64;
    }

    /** Reads data objects from points[from, to) into the map; returns what is wrong, or null. */
    private static String objects(int[] points, int from, int to, Map<String, String> into, String where) {
        int position = from;
        while (position < to) {
            if (to - position < 4) {
                return where + "it ends in the middle of a data object's tag and length";
            }
            for (int i = position; i < position + 4; i++) {
                if (points[i] < '0' || points[i] > '9') {
                    return where + "a tag and length must be four digits, found '" + new String(points, position, 4)
                            + "'";
                }
            }
            String tag = new String(points, position, 2);
            int length = (points[position + 2] - '0') * 10 + (points[position + 3] - '0');
            position += 4;
            if (length == 0) {
                return where + "tag " + tag + " has an empty value";
            }
            if (length > to - position) {
                return where + "tag " + tag + " claims " + length + " characters but only " + (to - position)
                        + " remain";
            }
            if (into.containsKey(tag)) {
                return where + "tag " + tag + " appears twice";
            }
            into.put(tag, new String(points, position, length));
            position += length;
        }
        return null;
    }

    private static String missing(Map<String, String> fields, Map<String, Map<String, String>> templates) {
        String initiation = fields.get("01");
        if (initiation != null && !initiation.equals("11") && !initiation.equals("12")) {
            return "its point of initiation (tag 01) must be 11 (static) or 12 (dynamic)";
        }
        boolean account = false;
        for (String tag : fields.keySet()) {
            int number = Integer.parseInt(tag);
            account |= number >= 2 && number <= 51;
        }
        if (!account) {
            return "it names no merchant account (tags 02 to 51)";
        }
        Map<String, String> required = new HashMap<>();
        required.put("52", "[0-9]{4}");
        required.put("53", "[0-9]{3}");
        required.put("58", "[A-Za-z]{2}");
        List<String> absent = new ArrayList<>();
        for (String tag : List.of("52", "53", "58", "59", "60")) {
            String value = fields.get(tag);
            if (value == null || (required.containsKey(tag) && !value.matches(required.get(tag)))) {
                absent.add(tag);
            }
        }
        if (fields.containsKey("59")
                && fields.get("59").codePointCount(0, fields.get("59").length()) > 25) {
            absent.add("59");
        }
        if (fields.containsKey("60")
                && fields.get("60").codePointCount(0, fields.get("60").length()) > 15) {
            absent.add("60");
        }
        if (!absent.isEmpty()) {
            return "its required data objects " + absent + " (category, currency, country, name, city) are missing"
                    + " or wrong";
        }
        if (templates.containsKey("64") && templates.get("64").get("00") == null) {
            return "its alternate-language template (tag 64) has no language (sub-tag 00)";
        }
        return null;
    }
}
