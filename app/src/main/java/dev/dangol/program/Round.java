package dev.dangol.program;

import dev.dangol.shared.Money;
import dev.dangol.shared.ProgramId;
import dev.dangol.shared.RoundId;
import java.time.Instant;

/**
 * One sale of a program: a fixed face-value budget sold first come, first served from its opening time.
 *
 * @param closesAt when sales end even if budget remains, or null for when the budget runs out
 * @param perPersonCap face value one person may buy in this round
 * @param discountBasisPoints this round's discount (a holiday round may give more than the program's usual)
 */
public record Round(
        RoundId id,
        ProgramId programId,
        String name,
        Money budget,
        Instant opensAt,
        Instant closesAt,
        Money perPersonCap,
        int discountBasisPoints,
        RoundStatus status) {

    public Round {
        Program.require(
                name != null && !name.isBlank() && name.length() <= 100, "a round needs a name of 1 to 100 characters");
        Program.require(budget.isPositive(), "a round's budget must be positive");
        Program.require(opensAt != null, "a round needs an opening time");
        Program.require(closesAt == null || closesAt.isAfter(opensAt), "a round must close after it opens");
        Program.require(perPersonCap.isPositive(), "the per-person cap must be positive");
        Program.requireBasisPoints(discountBasisPoints, "the discount");
        Program.require(status != null, "a round needs a status");
    }

    /** The phase at {@code now} given the budget left. */
    public RoundPhase phaseAt(Instant now, Money remaining, Money purchaseUnit) {
        RoundPhase scheduled = scheduledPhaseAt(now);
        if (scheduled != RoundPhase.UPCOMING
                && scheduled != RoundPhase.CLOSED
                && remaining.compareTo(purchaseUnit) < 0) {
            return RoundPhase.SOLD_OUT;
        }
        return scheduled;
    }

    /**
     * The phase by the clock and the operator alone, never {@link RoundPhase#SOLD_OUT}. A purchase checks this and
     * leaves the budget to the ledger, which refuses an oversale in the same step that would make it.
     */
    public RoundPhase scheduledPhaseAt(Instant now) {
        if (status == RoundStatus.CLOSED || (closesAt != null && !now.isBefore(closesAt))) {
            return RoundPhase.CLOSED;
        }
        if (now.isBefore(opensAt)) {
            return RoundPhase.UPCOMING;
        }
        return status == RoundStatus.PAUSED ? RoundPhase.PAUSED : RoundPhase.SELLING;
    }

    public Round withStatus(RoundStatus next) {
        return new Round(id, programId, name, budget, opensAt, closesAt, perPersonCap, discountBasisPoints, next);
    }
}
