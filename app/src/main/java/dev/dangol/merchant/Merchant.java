package dev.dangol.merchant;

import dev.dangol.shared.MerchantId;

/**
 * A merchant as the registry holds it.
 *
 * @param agencyId the agency's key for this merchant in its master data (the key a sync matches rows by); ids it had
 *     before are kept as aliases
 * @param nameRomanised Latin letters only, as EMV QR codes' merchant name needs
 * @param townCode the 5-digit administrative code of the town it is registered in (시군구), as programs name it
 * @param location where it is, or null when master data gave no usable coordinates
 * @param market the recognised traditional market or shopping district it is in (Onnuri-like programs need one), or
 *     null
 * @param settlementAccount where its takings are paid, or null until the merchant gives one
 */
public record Merchant(
        MerchantId id,
        String agencyId,
        BusinessNumber businessNumber,
        String nameKorean,
        String nameRomanised,
        String address,
        String townCode,
        GeoPoint location,
        Industry industry,
        String market,
        RevenueBand revenueBand,
        MerchantStatus status,
        SettlementAccount settlementAccount) {

    public Merchant {
        require(id != null, "a merchant needs an id");
        require(
                agencyId != null && agencyId.matches("[A-Za-z0-9_-]{1,40}"),
                "an agency id must be 1 to 40 letters, digits, '-' or '_'");
        require(businessNumber != null, "a merchant needs a business number");
        require(
                nameKorean != null && !nameKorean.isBlank() && nameKorean.length() <= 100,
                "a merchant needs a name of 1 to 100 characters");
        require(
                nameRomanised != null && nameRomanised.matches("[\\x20-\\x7E]{1,100}") && !nameRomanised.isBlank(),
                "a merchant needs a romanised name of 1 to 100 printable Latin characters");
        require(
                address != null && !address.isBlank() && address.length() <= 200,
                "a merchant needs an address of 1 to 200 characters");
        require(townCode != null && townCode.matches("[0-9]{5}"), "a town code must be 5 digits");
        require(industry != null, "a merchant needs an industry");
        require(
                market == null || (!market.isBlank() && market.length() <= 100),
                "a market name must be 1 to 100 characters");
        require(revenueBand != null, "a merchant needs a revenue band");
        require(status != null, "a merchant needs a status");
    }

    public boolean isActive() {
        return status.accepts();
    }

    /** The same merchant with another status (suspended, reactivated, closed). */
    public Merchant withStatus(MerchantStatus next) {
        return new Merchant(
                id,
                agencyId,
                businessNumber,
                nameKorean,
                nameRomanised,
                address,
                townCode,
                location,
                industry,
                market,
                revenueBand,
                next,
                settlementAccount);
    }

    /** The same merchant paid into another account. */
    public Merchant withSettlementAccount(SettlementAccount account) {
        return new Merchant(
                id,
                agencyId,
                businessNumber,
                nameKorean,
                nameRomanised,
                address,
                townCode,
                location,
                industry,
                market,
                revenueBand,
                status,
                account);
    }

    private static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }
}
