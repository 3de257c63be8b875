package dev.dangol.wallet;

import dev.dangol.shared.Money;

/**
 * Money a purchase gave back.
 *
 * @param toBuyer what goes back to the buyer's funding source
 * @param toSubsidy the discount share that goes back to the round's subsidy
 * @param faceValue face value taken out of the wallet
 */
public record Refund(PurchaseId purchase, Kind kind, Money faceValue, Money toBuyer, Money toSubsidy) {

    public enum Kind {
        CANCELLATION,
        REMAINDER
    }
}
