package dev.dangol.merchant;

/**
 * A Korean business registration number (사업자등록번호): ten digits, kept without dashes. Its check digit is verified,
 * so that a typing error in a master-data file is refused rather than registered as another merchant.
 */
public record BusinessNumber(String digits) {

    private static final int[] WEIGHTS = {1, 3, 7, 1, 3, 7, 1, 3, 5};

    public BusinessNumber {
        if (digits == null || !digits.matches("[0-9]{10}")) {
            throw new IllegalArgumentException(
                    "a business number must be 10 digits, was " + (digits == null ? "missing" : "'" + digits + "'"));
        }
        if (!checkDigitHolds(digits)) {
            throw new IllegalArgumentException("business number " + digits + " fails its check digit");
        }
    }

    /** Accepts the usual printed forms, such as {@code 123-45-67890}. */
    public static BusinessNumber parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("a business number must be 10 digits, was missing");
        }
        return new BusinessNumber(text.strip().replace("-", ""));
    }

    public static boolean checkDigitHolds(String digits) {
        int sum = 0;
        for (int i = 0; i < 9; i++) {
            sum += (digits.charAt(i) - '0') * WEIGHTS[i];
        }
        sum += ((digits.charAt(8) - '0') * 5) / 10;
        return (10 - sum % 10) % 10 == digits.charAt(9) - '0';
    }

    /** The printed form, {@code 123-45-67890}. */
    public String printed() {
        return digits.substring(0, 3) + "-" + digits.substring(3, 5) + "-" + digits.substring(5);
    }

    @Override
    public String toString() {
        return digits;
    }
}
