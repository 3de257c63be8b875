package dev.dangol.wallet;

import dev.dangol.shared.Rejection;
import java.util.regex.Pattern;

/** The key a client sends with a money-moving request so that retrying it never moves money twice. */
public record IdempotencyKey(String value) {

    private static final Pattern FORM = Pattern.compile("[A-Za-z0-9._:-]{8,64}");

    public IdempotencyKey {
        if (value == null || !FORM.matcher(value).matches()) {
            throw Rejection.invalid(
                    "IDEMPOTENCY_KEY_INVALID",
                    "Send an Idempotency-Key header of 8 to 64 letters, digits, '.', '_', ':' or '-' (a UUID is"
                            + " ideal), and the same key again when you retry the same request.");
        }
    }
}
