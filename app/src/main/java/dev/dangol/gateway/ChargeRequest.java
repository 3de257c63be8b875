package dev.dangol.gateway;

import dev.dangol.program.FundingMethod;
import dev.dangol.shared.Money;
import dev.dangol.shared.PersonId;
import java.util.Objects;

/**
 * A charge to ask the gateway for.
 *
 * @param idempotencyKey chosen by Dangol, one per payment attempt; the gateway charges a key at most once
 * @param sourceToken the gateway's token for the linked bank account or card (never the number itself)
 */
public record ChargeRequest(
        String idempotencyKey,
        PersonId payer,
        FundingMethod method,
        String sourceToken,
        Money amount,
        String description) {

    public ChargeRequest {
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        Objects.requireNonNull(payer, "payer");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(sourceToken, "sourceToken");
        Objects.requireNonNull(description, "description");
        if (!amount.isPositive()) {
            throw new IllegalArgumentException("a charge must be positive");
        }
    }
}
