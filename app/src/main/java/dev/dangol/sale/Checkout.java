package dev.dangol.sale;

import dev.dangol.program.FundingMethod;
import dev.dangol.shared.Money;
import dev.dangol.shared.PersonId;
import dev.dangol.shared.RoundId;
import dev.dangol.wallet.PurchaseId;
import java.time.Instant;
import java.util.Objects;

/**
 * One attempt to buy and pay, as recorded before the gateway is asked, so that a restart can resolve it.
 *
 * @param purchase the purchase the vouchers are in (a late approval that was re-reserved has a purchase of its own)
 * @param reason why it was declined or refunded, or null
 */
public record Checkout(
        CheckoutId id,
        PersonId buyer,
        RoundId round,
        Money faceValue,
        FundingMethod method,
        String fundingSourceId,
        PurchaseId purchase,
        CheckoutStatus status,
        String reason,
        Instant createdAt,
        Instant updatedAt) {

    public Checkout {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(buyer, "buyer");
        Objects.requireNonNull(round, "round");
        Objects.requireNonNull(faceValue, "faceValue");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(fundingSourceId, "fundingSourceId");
        Objects.requireNonNull(purchase, "purchase");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
    }

    public String paymentKey() {
        return id.paymentKey();
    }

    public Checkout with(CheckoutStatus next, String why, PurchaseId purchaseNow, Instant at) {
        return new Checkout(
                id, buyer, round, faceValue, method, fundingSourceId, purchaseNow, next, why, createdAt, at);
    }
}
