package dev.dangol.shared;

/**
 * Dangol's own id of a merchant: the GUID it prints in its EMV QR codes' merchant account tag, and the name of the
 * merchant's accounts in the ledger. Identifiers a merchant had under earlier operators are aliases of it (see the
 * {@code merchant} and {@code acceptance} modules), never replaced by it.
 */
public record MerchantId(String value) {

    public MerchantId {
        Ids.require(value, "a merchant id");
    }

    public static MerchantId of(String value) {
        return new MerchantId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
