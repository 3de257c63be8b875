package dev.dangol.payment.internal;

import dev.dangol.program.FundingMethod;
import dev.dangol.shared.Money;
import dev.dangol.shared.PersonId;
import dev.dangol.shared.ProgramId;
import dev.dangol.shared.RoundId;
import dev.dangol.wallet.PaymentId;
import dev.dangol.wallet.PurchaseId;
import java.time.Instant;
import java.util.Objects;

/**
 * One auto-charge as recorded before the gateway is asked, so that a timeout or a crash can be resolved by its key.
 *
 * @param payment the payment the vouchers were bought for; one auto-charge per payment
 * @param purchase the reservation made for it, whose id the gateway key is derived from
 * @param gatewayKey the key the gateway knows the charge by
 * @param amount what the gateway was asked to charge: the face value less the round's discount
 * @param reason why it was released or refunded (the gateway's reason or the wallet's refusal), or null
 * @param vouchers the confirmed purchase that holds the vouchers (the reservation, or one bought again after a late
 *     approval), or null until confirmed
 * @param attempts times the resolver asked without settling it, since the state last changed
 * @param nextAttemptAt when the resolver may ask next
 */
record AutoChargeRecord(
        PaymentId payment,
        PersonId payer,
        ProgramId program,
        RoundId round,
        PurchaseId purchase,
        String gatewayKey,
        Money faceValue,
        Money amount,
        FundingMethod method,
        AutoChargeState state,
        String reason,
        PurchaseId vouchers,
        int attempts,
        Instant nextAttemptAt,
        Instant createdAt,
        Instant updatedAt) {

    AutoChargeRecord {
        Objects.requireNonNull(payment, "payment");
        Objects.requireNonNull(payer, "payer");
        Objects.requireNonNull(program, "program");
        Objects.requireNonNull(round, "round");
        Objects.requireNonNull(purchase, "purchase");
        Objects.requireNonNull(gatewayKey, "gatewayKey");
        Objects.requireNonNull(faceValue, "faceValue");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(nextAttemptAt, "nextAttemptAt");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        if (!faceValue.isPositive() || !amount.isPositive()) {
            throw new IllegalArgumentException("an auto-charge buys and charges a positive amount");
        }
        if (attempts < 0) {
            throw new IllegalArgumentException("attempts cannot be negative, was " + attempts);
        }
        if (state == AutoChargeState.CONFIRMED && vouchers == null) {
            throw new IllegalArgumentException("a confirmed auto-charge names the purchase that holds its vouchers");
        }
    }

    /** The record in its next state; the resolver starts counting its attempts afresh. */
    AutoChargeRecord moved(AutoChargeState next, String why, PurchaseId confirmed, Instant at, Instant nextAttempt) {
        return new AutoChargeRecord(
                payment,
                payer,
                program,
                round,
                purchase,
                gatewayKey,
                faceValue,
                amount,
                method,
                next,
                why,
                confirmed == null ? vouchers : confirmed,
                0,
                nextAttempt,
                createdAt,
                at);
    }

    /** The record after one more attempt that settled nothing. */
    AutoChargeRecord postponed(Instant at, Instant nextAttempt) {
        return new AutoChargeRecord(
                payment,
                payer,
                program,
                round,
                purchase,
                gatewayKey,
                faceValue,
                amount,
                method,
                state,
                reason,
                vouchers,
                attempts + 1,
                nextAttempt,
                createdAt,
                at);
    }
}
