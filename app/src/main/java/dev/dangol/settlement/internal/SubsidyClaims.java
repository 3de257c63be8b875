package dev.dangol.settlement.internal;

import dev.dangol.ledger.AccountBalance;
import dev.dangol.ledger.Ledger;
import dev.dangol.program.Programs;
import dev.dangol.program.Round;
import dev.dangol.program.VoucherLedger;
import dev.dangol.shared.Money;
import dev.dangol.shared.ProgramId;
import dev.dangol.shared.Rejection;
import dev.dangol.shared.RoundId;
import java.time.Clock;

/**
 * Subsidy claims, read from the round's subsidy account in the ledger. Every purchase of a round takes its discount
 * from that account (a debit) and every cancellation or refund gives the discount's share back (a credit), so its
 * posted debits are the discounts paid on confirmed purchases and its posted credits the subsidy returned; its pending
 * debits are purchases not yet confirmed. The account carries no history (it is the hottest account of a launch), and
 * needs none: its four balances are the claim.
 */
final class SubsidyClaims {

    private final Ledger ledger;
    private final Programs programs;
    private final Clock clock;

    SubsidyClaims(Ledger ledger, Programs programs, Clock clock) {
        this.ledger = ledger;
        this.programs = programs;
        this.clock = clock;
    }

    SubsidyClaim claim(ProgramId program, RoundId roundId) {
        Round round = programs.round(roundId)
                .filter(r -> r.programId().equals(program))
                .orElseThrow(() -> Rejection.notFound(
                        "ROUND_NOT_FOUND", "Program " + program + " has no round " + roundId + "; check both ids."));
        AccountBalance subsidy = ledger.lookupAccount(VoucherLedger.subsidy(roundId))
                .orElseThrow(() -> Rejection.notFound(
                        "ROUND_HAS_NO_SUBSIDY_ACCOUNT",
                        "Round " + roundId + " has no subsidy account in the ledger yet: nothing was sold in it."));
        Money paid = Money.krw(subsidy.debitsPosted());
        Money returned = Money.krw(subsidy.creditsPosted());
        return new SubsidyClaim(
                program,
                roundId,
                round.name(),
                round.discountBasisPoints(),
                paid,
                returned,
                paid.minus(returned),
                Money.krw(subsidy.debitsPending()),
                clock.instant());
    }
}
