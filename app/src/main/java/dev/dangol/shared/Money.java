package dev.dangol.shared;

/**
 * An amount of Korean won. Money is always a whole number of KRW held in a {@code long}; every arithmetic step is
 * overflow-checked so that an absurd input fails loudly instead of wrapping round to a plausible-looking balance.
 */
public record Money(long krw) implements Comparable<Money> {

    public static final Money ZERO = new Money(0);

    public static Money krw(long krw) {
        return new Money(krw);
    }

    public Money plus(Money other) {
        return new Money(Math.addExact(krw, other.krw));
    }

    public Money minus(Money other) {
        return new Money(Math.subtractExact(krw, other.krw));
    }

    public Money times(long factor) {
        return new Money(Math.multiplyExact(krw, factor));
    }

    /**
     * The share of this amount given in basis points (1/100 of a percent), rounded down to the won. Rounding down
     * means a discount never pays out more than its rate.
     */
    public Money basisPoints(int basisPoints) {
        if (basisPoints < 0 || basisPoints > 10_000) {
            throw new IllegalArgumentException("basis points must be within 0..10000, was " + basisPoints);
        }
        return new Money(Math.multiplyExact(krw, (long) basisPoints) / 10_000);
    }

    public boolean isPositive() {
        return krw > 0;
    }

    public boolean isNegative() {
        return krw < 0;
    }

    public boolean isMultipleOf(Money unit) {
        if (!unit.isPositive()) {
            throw new IllegalArgumentException("a unit must be positive, was " + unit);
        }
        return krw % unit.krw == 0;
    }

    public boolean exceeds(Money other) {
        return krw > other.krw;
    }

    public static Money min(Money a, Money b) {
        return a.krw <= b.krw ? a : b;
    }

    @Override
    public int compareTo(Money other) {
        return Long.compare(krw, other.krw);
    }

    /** Formats as people read won amounts, for example {@code 1,000,000 KRW}. */
    @Override
    public String toString() {
        return String.format("%,d KRW", krw);
    }
}
