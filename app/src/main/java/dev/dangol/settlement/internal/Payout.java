package dev.dangol.settlement.internal;

import dev.dangol.merchant.SettlementAccount;
import dev.dangol.shared.MerchantId;
import dev.dangol.shared.Money;
import dev.dangol.shared.ProgramId;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;

/**
 * One merchant's settlement in one program for one business day, as a run decided it.
 *
 * @param feeBasisPoints the fee rate of the merchant's revenue band when the run decided
 * @param fee the fee: the net times the rate, rounded down to the won, so the merchant is never charged more than its
 *     rate
 * @param payout what reaches the merchant's bank: net less fee; zero unless paid
 * @param account where it was paid, or null when nothing was paid
 * @param reference the reference the bank file and the merchant's statement carry
 */
record Payout(
        LocalDate businessDay,
        ProgramId program,
        MerchantId merchant,
        Money payments,
        int paymentCount,
        Money cancellations,
        int cancellationCount,
        int feeBasisPoints,
        Money fee,
        Money payout,
        PayoutOutcome outcome,
        SettlementAccount account,
        LocalDate payoutDay,
        String reference,
        Instant decidedAt) {

    Payout {
        Objects.requireNonNull(businessDay, "businessDay");
        Objects.requireNonNull(program, "program");
        Objects.requireNonNull(merchant, "merchant");
        Objects.requireNonNull(payments, "payments");
        Objects.requireNonNull(cancellations, "cancellations");
        Objects.requireNonNull(fee, "fee");
        Objects.requireNonNull(payout, "payout");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(payoutDay, "payoutDay");
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(decidedAt, "decidedAt");
        if (feeBasisPoints < 0 || feeBasisPoints > 10_000) {
            throw new IllegalArgumentException("a fee rate is 0 to 10000 basis points, not " + feeBasisPoints);
        }
        if (outcome == PayoutOutcome.PAID) {
            if (account == null) {
                throw new IllegalArgumentException("a paid payout names the account it went to");
            }
            if (!payments.minus(cancellations).minus(fee).equals(payout)) {
                throw new IllegalArgumentException("a payout is payments less cancellations less the fee");
            }
        } else if (!payout.equals(Money.ZERO)) {
            throw new IllegalArgumentException("only a paid payout moves money");
        }
    }

    Money net() {
        return payments.minus(cancellations);
    }

    /** The reference of a day's payout to a merchant in a program: short enough for a bank file's field. */
    static String reference(LocalDate businessDay, ProgramId program, MerchantId merchant) {
        return "DG" + businessDay.toString().replace("-", "") + "-" + program + "-" + merchant;
    }

    /** The ledger id of the fee transfer: one per day, program and merchant, so a run never charges twice. */
    static String feeTransferId(LocalDate businessDay, ProgramId program, MerchantId merchant) {
        return "settlement-fee:" + businessDay + ":" + program + ":" + merchant;
    }

    /** The ledger id of the payout transfer: one per day, program and merchant, so a run never pays twice. */
    static String payoutTransferId(LocalDate businessDay, ProgramId program, MerchantId merchant) {
        return "settlement:" + businessDay + ":" + program + ":" + merchant;
    }
}
