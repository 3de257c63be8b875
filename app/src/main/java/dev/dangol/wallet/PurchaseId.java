package dev.dangol.wallet;

import dev.dangol.shared.PersonId;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The id of a purchase. It is derived from the buyer and the idempotency key the buyer's app chose, so that a retried
 * request always lands on the same purchase, and two people's keys never collide.
 */
public record PurchaseId(String value) {

    private static final Pattern FORM = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    public PurchaseId {
        if (value == null || !FORM.matcher(value).matches()) {
            throw new IllegalArgumentException("a purchase id is a lower-case UUID, was " + value);
        }
    }

    public static PurchaseId derive(PersonId buyer, IdempotencyKey key) {
        return new PurchaseId(nameBased("purchase", buyer, key));
    }

    /** A name-based (version 3) UUID of a kind of request, a person and their key. */
    static String nameBased(String kind, PersonId person, IdempotencyKey key) {
        return UUID.nameUUIDFromBytes(
                        (kind + "\u0000" + person.value() + "\u0000" + key.value()).getBytes(StandardCharsets.UTF_8))
                .toString();
    }

    public static boolean isValid(String value) {
        return value != null && FORM.matcher(value).matches();
    }

    @Override
    public String toString() {
        return value;
    }
}
