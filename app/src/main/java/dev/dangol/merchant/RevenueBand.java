package dev.dangol.merchant;

import dev.dangol.shared.Money;

/**
 * A merchant's annual revenue band, as master data reports it. The band sets the settlement fee (0% to 0.5%, as
 * ZeroPay-style schemes charge) and decides eligibility where a program caps merchants' revenue.
 *
 * @param upperBound the most annual revenue in the band, inclusive; null for the top band
 * @param feeBasisPoints the settlement fee in basis points (50 = 0.5%)
 */
public enum RevenueBand {
    UP_TO_800M(Money.krw(800_000_000L), 0),
    UP_TO_1_2B(Money.krw(1_200_000_000L), 30),
    UP_TO_3B(Money.krw(3_000_000_000L), 50),
    OVER_3B(null, 50);

    private final Money upperBound;
    private final int feeBasisPoints;

    RevenueBand(Money upperBound, int feeBasisPoints) {
        this.upperBound = upperBound;
        this.feeBasisPoints = feeBasisPoints;
    }

    /** The band an annual revenue falls in. */
    public static RevenueBand of(Money annualRevenue) {
        if (annualRevenue.isNegative()) {
            throw new IllegalArgumentException("annual revenue must not be negative");
        }
        for (RevenueBand band : values()) {
            if (band.upperBound == null || !annualRevenue.exceeds(band.upperBound)) {
                return band;
            }
        }
        throw new IllegalStateException("the top band has no upper bound");
    }

    /** True if every revenue in this band is at most the cap. */
    public boolean atMost(Money cap) {
        return upperBound != null && !upperBound.exceeds(cap);
    }

    public int feeBasisPoints() {
        return feeBasisPoints;
    }
}
