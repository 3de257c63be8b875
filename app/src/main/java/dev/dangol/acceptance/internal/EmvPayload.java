package dev.dangol.acceptance.internal;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * An EMV merchant-presented payload as read: top-level data objects in the order printed, and the sub-fields of the
 * templates (26 to 51, 62, 64). Values are the text printed, never normalised.
 */
record EmvPayload(Map<String, String> fields, Map<String, Map<String, String>> templates) {

    EmvPayload {
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(fields)));
        LinkedHashMap<String, Map<String, String>> copy = new LinkedHashMap<>();
        templates.forEach((tag, sub) -> copy.put(tag, Collections.unmodifiableMap(new LinkedHashMap<>(sub))));
        templates = Collections.unmodifiableMap(copy);
    }

    /** A top-level value, or null. */
    String value(String tag) {
        return fields.get(tag);
    }

    /** A template's sub-fields, empty when the payload has no such template. */
    Map<String, String> template(String tag) {
        return templates.getOrDefault(tag, Map.of());
    }

    /** The merchant account template (26 to 51) whose globally unique identifier (sub-field 00) is this one. */
    Map<String, String> accountWithGuid(String guid) {
        for (Map.Entry<String, Map<String, String>> entry : templates.entrySet()) {
            int tag = Integer.parseInt(entry.getKey());
            if (tag >= 26 && tag <= 51 && guid.equalsIgnoreCase(entry.getValue().get("00"))) {
                return entry.getValue();
            }
        }
        return Map.of();
    }

    /** The merchant's name as the code gives it: the alternate-language name (64/01) if any, else tag 59; or null. */
    String merchantName() {
        String alternate = template("64").get("01");
        return alternate != null && !alternate.isBlank() ? alternate : value("59");
    }
}
