package dev.dangol.wallet;

import dev.dangol.shared.PersonId;

/** The id of a gift, derived from the giver and the idempotency key like a {@link PurchaseId}. */
public record GiftId(String value) {

    public GiftId {
        if (!PurchaseId.isValid(value)) {
            throw new IllegalArgumentException("a gift id is a lower-case UUID, was " + value);
        }
    }

    public static GiftId derive(PersonId sender, IdempotencyKey key) {
        return new GiftId(PurchaseId.nameBased("gift", sender, key));
    }

    @Override
    public String toString() {
        return value;
    }
}
