package dev.dangol.wallet;

import dev.dangol.shared.MerchantId;
import dev.dangol.shared.PersonId;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The id of a payment to a merchant, derived from who asked for it and their idempotency key, so that a retry with
 * the same key names the same payment and its ledger transfers.
 */
public record PaymentId(String value) {

    public PaymentId {
        if (!PurchaseId.isValid(value)) {
            throw new IllegalArgumentException("a payment id is a lower-case UUID, was " + value);
        }
    }

    /** A payment the citizen started (scanning the merchant's code), keyed by the citizen's key. */
    public static PaymentId byCitizen(PersonId payer, IdempotencyKey key) {
        return new PaymentId(PurchaseId.nameBased("payment", payer, key));
    }

    /** A payment the merchant started (scanning the citizen's one-time code), keyed by the merchant's key. */
    public static PaymentId byMerchant(MerchantId merchant, IdempotencyKey key) {
        return new PaymentId(
                UUID.nameUUIDFromBytes(("merchant-payment\u0000" + merchant.value() + "\u0000" + key.value())
                                .getBytes(StandardCharsets.UTF_8))
                        .toString());
    }

    public static boolean isValid(String value) {
        return PurchaseId.isValid(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
