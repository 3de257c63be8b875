package dev.dangol.acceptance.internal;

import dev.dangol.acceptance.Operator;

/**
 * The second previous operator's codes (docs/qr-formats.md): 14 digits, {@code 77}, an 11-digit shop serial and a
 * Luhn check digit. Any text of 8 to 24 ASCII digits is read as a Nuri code, so that a mistyped or damaged one gets
 * a specific reason.
 */
final class NuriCodes {

    static final int LENGTH = 14;

    private NuriCodes() {}

    static LegacyParse parse(String text) {
        if (text == null || text.length() < 8 || text.length() > 24) {
            return LegacyParse.FOREIGN;
        }
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return LegacyParse.FOREIGN;
            }
        }
        if (text.length() != LENGTH) {
            return broken(
                    "WRONG_LENGTH", "it has " + text.length() + " digits where Nuri printed 14; it may be cut short");
        }
        if (!text.startsWith("77")) {
            return broken("WRONG_PREFIX", "it does not start with 77 as every Nuri code does");
        }
        if (luhn(text.substring(0, LENGTH - 1)) != text.charAt(LENGTH - 1) - '0') {
            return broken("CHECK_DIGIT", "its check digit does not match; the sticker may be damaged");
        }
        return new LegacyParse.Valid(Operator.NURI);
    }

    /** The code for an 11-digit shop serial (for tests and the demo). */
    static String number(String serial) {
        if (!serial.matches("[0-9]{11}")) {
            throw new IllegalArgumentException("an 11-digit serial");
        }
        String body = "77" + serial;
        return body + luhn(body);
    }

    /** The Luhn check digit for the digits. */
    static int luhn(String digits) {
        int sum = 0;
        boolean twice = true;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int digit = digits.charAt(i) - '0';
            if (twice) {
                digit *= 2;
                if (digit > 9) {
                    digit -= 9;
                }
            }
            sum += digit;
            twice = !twice;
        }
        return (10 - sum % 10) % 10;
    }

    private static LegacyParse broken(String problem, String reason) {
        return new LegacyParse.Broken(Operator.NURI, problem, reason);
    }
}
