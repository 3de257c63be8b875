package dev.dangol.merchant.internal;

import dev.dangol.merchant.Merchant;
import dev.dangol.merchant.MerchantStatus;
import java.time.Instant;
import java.util.List;

/**
 * A merchant as the API shows it: the bank account masked, coordinates in decimal degrees. {@code previousAgencyIds}
 * is left out of lists, where looking them up for every merchant would cost a query each.
 */
record MerchantJson(
        String id,
        String agencyId,
        List<String> previousAgencyIds,
        String businessNumber,
        String nameKorean,
        String nameRomanised,
        String address,
        String townCode,
        Double latitude,
        Double longitude,
        String industry,
        String industryLabel,
        String market,
        String revenueBand,
        int feeBasisPoints,
        String status,
        String statusReason,
        Instant statusSince,
        AccountJson settlementAccount) {

    record AccountJson(String bankCode, String accountNumber, String holderName) {}

    static MerchantJson of(Merchant m, List<String> aliases) {
        String status;
        String reason = null;
        Instant since = null;
        switch (m.status()) {
            case MerchantStatus.Active a -> status = "ACTIVE";
            case MerchantStatus.Suspended s -> {
                status = "SUSPENDED";
                reason = s.reason();
                since = s.since();
            }
            case MerchantStatus.Closed c -> {
                status = "CLOSED";
                reason = c.reason();
                since = c.since();
            }
        }
        return new MerchantJson(
                m.id().value(),
                m.agencyId(),
                aliases,
                m.businessNumber().printed(),
                m.nameKorean(),
                m.nameRomanised(),
                m.address(),
                m.townCode(),
                m.location() == null ? null : m.location().latitudeE7() / 1e7,
                m.location() == null ? null : m.location().longitudeE7() / 1e7,
                m.industry().name(),
                m.industry().koreanLabel(),
                m.market(),
                m.revenueBand().name(),
                m.revenueBand().feeBasisPoints(),
                status,
                reason,
                since,
                m.settlementAccount() == null
                        ? null
                        : new AccountJson(
                                m.settlementAccount().bankCode(),
                                m.settlementAccount().masked(),
                                m.settlementAccount().holderName()));
    }
}
