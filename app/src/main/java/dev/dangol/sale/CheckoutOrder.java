package dev.dangol.sale;

import dev.dangol.program.FundingMethod;
import dev.dangol.shared.Money;
import dev.dangol.shared.PersonId;
import dev.dangol.shared.RoundId;
import dev.dangol.wallet.IdempotencyKey;
import java.util.Objects;

/**
 * An admitted person's order: this much face value of the round, paid from one of their linked funding sources.
 *
 * @param fundingSourceId the person's linked source, as they chose it
 * @param sourceToken the gateway's token for that source
 */
public record CheckoutOrder(
        PersonId buyer,
        RoundId round,
        Money faceValue,
        FundingMethod method,
        String fundingSourceId,
        String sourceToken,
        IdempotencyKey key) {

    public CheckoutOrder {
        Objects.requireNonNull(buyer, "buyer");
        Objects.requireNonNull(round, "round");
        Objects.requireNonNull(faceValue, "faceValue");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(fundingSourceId, "fundingSourceId");
        Objects.requireNonNull(sourceToken, "sourceToken");
        Objects.requireNonNull(key, "key");
    }

    /** Whether a retry with the same key asks for the same thing. */
    public boolean sameRequestAs(Checkout checkout) {
        return checkout.buyer().equals(buyer)
                && checkout.round().equals(round)
                && checkout.faceValue().equals(faceValue)
                && checkout.method() == method
                && checkout.fundingSourceId().equals(fundingSourceId);
    }
}
