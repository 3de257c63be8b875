package dev.dangol.wallet;

import dev.dangol.program.FundingMethod;
import dev.dangol.shared.Money;
import dev.dangol.shared.PersonId;
import dev.dangol.shared.ProgramId;
import dev.dangol.shared.RoundId;
import java.time.Instant;

/**
 * A purchase as the ledger records it.
 *
 * @param paid what the buyer pays: face value less the discount
 * @param subsidy the discount, paid by the round's subsidy
 * @param holdExpiresAt when an unpaid reservation lapses
 * @param validUntil when the vouchers expire
 * @param balance face value still unspent in the purchase's lot
 * @param refunded what went back to the buyer by cancellation or refund
 */
public record Purchase(
        PurchaseId id,
        PersonId buyer,
        ProgramId program,
        RoundId round,
        Money faceValue,
        Money paid,
        Money subsidy,
        FundingMethod funding,
        PurchaseStatus status,
        Instant reservedAt,
        Instant holdExpiresAt,
        Instant validUntil,
        Money balance,
        Money refunded) {}
