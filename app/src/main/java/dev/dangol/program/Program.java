package dev.dangol.program;

import dev.dangol.shared.Money;
import dev.dangol.shared.ProgramId;
import java.util.Set;

/**
 * A voucher program and its rules. Every figure is configuration: rounds, towns and years differ (see FACTS.md).
 *
 * @param townCode the town a regional program belongs to (a 5-digit administrative code), or null for a national one
 * @param discountBasisPoints the discount a buyer gets, in basis points (1000 = 10%); a round may set its own
 * @param monthlyPurchaseLimit face value a person may buy per calendar month (Korean time)
 * @param cardMonthlyLimit face value a person may buy by card per calendar month
 * @param holdingCap the most a person may hold at once, gifts received included
 * @param purchaseUnit purchases come in multiples of this face value
 * @param validityMonths how long a voucher stays valid after purchase
 * @param merchants which merchants may accept its vouchers
 */
public record Program(
        ProgramId id,
        String name,
        ProgramKind kind,
        String townCode,
        int discountBasisPoints,
        Money monthlyPurchaseLimit,
        Money cardMonthlyLimit,
        Money holdingCap,
        Money purchaseUnit,
        int validityMonths,
        CancellationRule cancellation,
        PartialRefundRule partialRefund,
        GiftRule gifts,
        MerchantRule merchants) {

    /** A program whose merchants follow the default rule of its kind ({@link MerchantRule#defaultFor}). */
    public Program(
            ProgramId id,
            String name,
            ProgramKind kind,
            String townCode,
            int discountBasisPoints,
            Money monthlyPurchaseLimit,
            Money cardMonthlyLimit,
            Money holdingCap,
            Money purchaseUnit,
            int validityMonths,
            CancellationRule cancellation,
            PartialRefundRule partialRefund,
            GiftRule gifts) {
        this(
                id,
                name,
                kind,
                townCode,
                discountBasisPoints,
                monthlyPurchaseLimit,
                cardMonthlyLimit,
                holdingCap,
                purchaseUnit,
                validityMonths,
                cancellation,
                partialRefund,
                gifts,
                kind == null ? null : MerchantRule.defaultFor(kind, townCode));
    }

    public Program {
        require(
                name != null && !name.isBlank() && name.length() <= 100,
                "a program needs a name of 1 to 100 characters");
        require(kind != null, "a program needs a kind");
        require(
                kind == ProgramKind.NATIONAL ? townCode == null : townCode != null && townCode.matches("[0-9]{5}"),
                "a regional program needs a 5-digit town code and a national one none");
        requireBasisPoints(discountBasisPoints, "the discount");
        require(monthlyPurchaseLimit.isPositive(), "the monthly purchase limit must be positive");
        require(cardMonthlyLimit.isPositive(), "the monthly card limit must be positive");
        require(holdingCap.isPositive(), "the holding cap must be positive");
        require(purchaseUnit.isPositive(), "the purchase unit must be positive");
        require(monthlyPurchaseLimit.isMultipleOf(purchaseUnit), "the monthly limit must be a multiple of the unit");
        require(validityMonths > 0 && validityMonths <= 120, "validity must be 1 to 120 months");
        require(cancellation != null && partialRefund != null && gifts != null, "a program needs all its rules");
        require(merchants != null, "a program needs a rule for its merchants");
    }

    /** This program with another rule for its merchants. */
    public Program withMerchants(MerchantRule rule) {
        return new Program(
                id,
                name,
                kind,
                townCode,
                discountBasisPoints,
                monthlyPurchaseLimit,
                cardMonthlyLimit,
                holdingCap,
                purchaseUnit,
                validityMonths,
                cancellation,
                partialRefund,
                gifts,
                rule);
    }

    /**
     * Cancellation of an untouched purchase for a full refund.
     *
     * @param windowDays days after purchase during which it may be cancelled
     * @param anyTimeWhileUnused if true, an untouched purchase may be cancelled at any time (Seoul), and the window
     *     is ignored
     */
    public record CancellationRule(int windowDays, boolean anyTimeWhileUnused) {
        public CancellationRule {
            require(windowDays >= 0 && windowDays <= 3650, "the cancellation window must be 0 to 3650 days");
        }
    }

    /**
     * Refund of what is left of a purchase once most of it is used.
     *
     * @param usedShareBasisPoints share of the face value that must be used first (6000 = 60%)
     * @param smallFaceValueMax purchases of at most this face value need the small share instead
     * @param smallUsedShareBasisPoints the share for small purchases (8000 = 80%)
     * @param netOfDiscount refund the remainder less its discount share (Onnuri), or in full
     * @param funding funding methods whose purchases may be partly refunded (Seoul refuses cards)
     */
    public record PartialRefundRule(
            int usedShareBasisPoints,
            Money smallFaceValueMax,
            int smallUsedShareBasisPoints,
            boolean netOfDiscount,
            Set<FundingMethod> funding) {
        public PartialRefundRule {
            requireBasisPoints(usedShareBasisPoints, "the used share");
            requireBasisPoints(smallUsedShareBasisPoints, "the small used share");
            require(!smallFaceValueMax.isNegative(), "the small face value must not be negative");
            funding = Set.copyOf(funding);
        }

        /** The used share, in basis points, a purchase of this face value needs before its remainder is refunded. */
        public int thresholdFor(Money faceValue) {
            return faceValue.exceeds(smallFaceValueMax) ? usedShareBasisPoints : smallUsedShareBasisPoints;
        }
    }

    /**
     * Gifting vouchers to another member.
     *
     * @param monthlyReceiptLimit the most a person may receive as gifts per calendar month
     * @param giftableFunding vouchers bought by these methods may be gifted (Seoul refuses cards)
     */
    public record GiftRule(boolean enabled, Money monthlyReceiptLimit, Set<FundingMethod> giftableFunding) {
        public GiftRule {
            require(monthlyReceiptLimit.isPositive(), "the monthly gift receipt limit must be positive");
            giftableFunding = Set.copyOf(giftableFunding);
        }
    }

    static void require(boolean condition, String message) {
        if (!condition) {
            throw new IllegalArgumentException(message);
        }
    }

    static void requireBasisPoints(int basisPoints, String what) {
        require(basisPoints >= 0 && basisPoints <= 10_000, what + " must be 0 to 10000 basis points (0% to 100%)");
    }
}
