package dev.dangol.acceptance.internal;

import dev.dangol.acceptance.Operator;
import java.util.Locale;

/**
 * The first previous operator's codes (docs/qr-formats.md): {@code https://pay.hanbit.example/m/<code>}, or
 * {@code http://} on stickers printed before 2021, where the code is nine characters of Crockford's base-32 alphabet
 * and a tenth that checks them: the sum of each character's value times its position (1 to 9), modulo 32.
 */
final class HanbitCodes {

    static final String ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    private static final String HOST = "pay.hanbit.example";
    private static final String[] PREFIXES = {"https://" + HOST + "/m/", "http://" + HOST + "/m/"};

    private HanbitCodes() {}

    static LegacyParse parse(String text) {
        if (text == null) {
            return LegacyParse.FOREIGN;
        }
        String lower = text.toLowerCase(Locale.ROOT);
        if (!lower.startsWith("https://" + HOST) && !lower.startsWith("http://" + HOST)) {
            return LegacyParse.FOREIGN;
        }
        String code = null;
        for (String prefix : PREFIXES) {
            if (text.startsWith(prefix)) {
                code = text.substring(prefix.length());
            }
        }
        if (code == null) {
            return broken("WRONG_PATH", "its address is not of the form https://" + HOST + "/m/<code>");
        }
        if (code.length() != 10) {
            return broken(
                    "WRONG_LENGTH",
                    "its code has " + code.length() + " characters where Hanbit printed 10; it may be cut short");
        }
        int sum = 0;
        for (int i = 0; i < 9; i++) {
            int value = ALPHABET.indexOf(code.charAt(i));
            if (value < 0) {
                return broken("WRONG_CHARACTER", "its code holds '" + code.charAt(i) + "', which Hanbit never printed");
            }
            sum += value * (i + 1);
        }
        if (ALPHABET.charAt(sum % 32) != code.charAt(9)) {
            return broken("CHECK_CHARACTER", "its check character does not match; the sticker may be damaged");
        }
        return new LegacyParse.Valid(Operator.HANBIT);
    }

    /** The code for nine characters of the alphabet, with its check character (for tests and the demo). */
    static String url(String nine) {
        if (nine.length() != 9) {
            throw new IllegalArgumentException("nine characters");
        }
        int sum = 0;
        for (int i = 0; i < 9; i++) {
            int value = ALPHABET.indexOf(nine.charAt(i));
            if (value < 0) {
                throw new IllegalArgumentException("not in the alphabet: " + nine.charAt(i));
            }
            sum += value * (i + 1);
        }
        return PREFIXES[0] + nine + ALPHABET.charAt(sum % 32);
    }

    private static LegacyParse broken(String problem, String reason) {
        return new LegacyParse.Broken(Operator.HANBIT, problem, reason);
    }
}
