package dev.dangol.wallet;

import dev.dangol.program.FundingMethod;
import dev.dangol.shared.Money;
import java.time.Instant;

/**
 * Vouchers that arrived together, by one purchase or one gift, and so share an expiry. Spending takes from the lot
 * that expires first.
 *
 * @param source the purchase or gift id the lot came from
 * @param received face value credited to the lot
 * @param balance what can be spent now
 * @param reserved what is held by a payment in progress
 */
public record Lot(
        String id,
        Origin origin,
        String source,
        FundingMethod funding,
        Money received,
        Money balance,
        Money reserved,
        Instant acquiredAt,
        Instant validUntil) {

    public enum Origin {
        PURCHASE,
        GIFT
    }
}
