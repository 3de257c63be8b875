package dev.dangol.settlement.internal;

import dev.dangol.shared.Money;
import dev.dangol.shared.ProgramId;
import dev.dangol.shared.RoundId;
import java.time.Instant;
import java.util.Objects;

/**
 * What a program claims from its funding agency for one round: the discounts its subsidy paid on purchases confirmed
 * in the round, less the subsidy that came back when purchases were cancelled or refunded.
 *
 * @param discountsPaid subsidy posted to buyers' lots (purchases confirmed)
 * @param subsidyReturned subsidy posted back by cancellations and refunds
 * @param claimed what the agency owes: discounts paid less subsidy returned
 * @param pending subsidy reserved by purchases not yet confirmed: not claimed, listed so the agency knows it may come
 * @param asOf when the ledger was read
 */
record SubsidyClaim(
        ProgramId program,
        RoundId round,
        String roundName,
        int discountBasisPoints,
        Money discountsPaid,
        Money subsidyReturned,
        Money claimed,
        Money pending,
        Instant asOf) {

    SubsidyClaim {
        Objects.requireNonNull(program, "program");
        Objects.requireNonNull(round, "round");
        Objects.requireNonNull(asOf, "asOf");
        if (!discountsPaid.minus(subsidyReturned).equals(claimed)) {
            throw new IllegalArgumentException("a claim is the discounts paid less the subsidy returned");
        }
    }

    /** The claim as CSV for the agency: a header row and one row, amounts in whole won. */
    String csv() {
        return "program,round,round_name,discount_basis_points,discounts_paid_krw,subsidy_returned_krw,claimed_krw,"
                + "pending_krw,as_of\r\n"
                + String.join(
                        ",",
                        program.value(),
                        round.value(),
                        quoted(roundName),
                        Integer.toString(discountBasisPoints),
                        Long.toString(discountsPaid.krw()),
                        Long.toString(subsidyReturned.krw()),
                        Long.toString(claimed.krw()),
                        Long.toString(pending.krw()),
                        asOf.toString())
                + "\r\n";
    }

    private static String quoted(String text) {
        return "\"" + (text == null ? "" : text.replace("\"", "\"\"")) + "\"";
    }
}
