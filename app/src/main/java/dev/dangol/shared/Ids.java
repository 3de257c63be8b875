package dev.dangol.shared;

import java.util.regex.Pattern;

/** Checks for the text form of identifiers that Dangol stores and puts in URLs and ledger account names. */
public final class Ids {

    /** Letters, digits, '-' and '_', so that an id can stand inside a ledger account name and a URL path unescaped. */
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    public static final int MAX_LENGTH = 64;

    private Ids() {}

    public static String require(String value, String what) {
        if (value == null || !ID.matcher(value).matches()) {
            throw new IllegalArgumentException(what + " must be 1 to 64 letters, digits, '-' or '_', was "
                    + (value == null ? "missing" : "'" + value + "'"));
        }
        return value;
    }

    public static boolean isValid(String value) {
        return value != null && ID.matcher(value).matches();
    }
}
