package dev.dangol.shared;

/**
 * The Luhn check digit (ISO/IEC 7812), which card numbers and Dangol's consumer codes end with: it catches every
 * single mistyped digit and most swaps of two neighbouring digits.
 */
public final class Luhn {

    private Luhn() {}

    /** Whether the last of these digits is the check digit of the others; false for text that is not all digits. */
    public static boolean holds(CharSequence digits) {
        if (digits.length() < 2 || !allDigits(digits)) {
            return false;
        }
        return checkDigit(digits.subSequence(0, digits.length() - 1)) == digits.charAt(digits.length() - 1);
    }

    /** The check digit to append to these digits. */
    public static char checkDigit(CharSequence digits) {
        if (!allDigits(digits)) {
            throw new IllegalArgumentException("a Luhn check digit is computed over digits only");
        }
        int sum = 0;
        boolean twice = true;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (twice) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            twice = !twice;
        }
        return (char) ('0' + (10 - sum % 10) % 10);
    }

    private static boolean allDigits(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }
}
