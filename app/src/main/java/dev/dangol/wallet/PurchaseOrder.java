package dev.dangol.wallet;

import dev.dangol.program.FundingMethod;
import dev.dangol.shared.Money;
import dev.dangol.shared.PersonId;
import dev.dangol.shared.RoundId;
import java.util.Objects;

/** A person's request to buy vouchers of a round, at face value, paid by a funding method. */
public record PurchaseOrder(PersonId buyer, RoundId round, Money faceValue, FundingMethod funding, IdempotencyKey key) {

    public PurchaseOrder {
        Objects.requireNonNull(buyer, "buyer");
        Objects.requireNonNull(round, "round");
        Objects.requireNonNull(faceValue, "faceValue");
        Objects.requireNonNull(funding, "funding");
        Objects.requireNonNull(key, "key");
    }
}
