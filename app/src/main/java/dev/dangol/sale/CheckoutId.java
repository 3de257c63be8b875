package dev.dangol.sale;

import dev.dangol.shared.PersonId;
import dev.dangol.wallet.IdempotencyKey;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The id of a checkout, derived from the buyer and the idempotency key their app chose, so that a retried request
 * always lands on the same checkout.
 */
public record CheckoutId(String value) {

    private static final Pattern FORM = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    public CheckoutId {
        if (value == null || !FORM.matcher(value).matches()) {
            throw new IllegalArgumentException("a checkout id is a lower-case UUID, was " + value);
        }
    }

    public static CheckoutId derive(PersonId buyer, IdempotencyKey key) {
        return new CheckoutId(UUID.nameUUIDFromBytes(
                        ("checkout\u0000" + buyer.value() + "\u0000" + key.value()).getBytes(StandardCharsets.UTF_8))
                .toString());
    }

    public static boolean isValid(String value) {
        return value != null && FORM.matcher(value).matches();
    }

    /** The key the gateway knows this checkout's payment by. */
    public String paymentKey() {
        return "dg-" + value;
    }

    @Override
    public String toString() {
        return value;
    }
}
