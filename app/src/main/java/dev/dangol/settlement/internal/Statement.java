package dev.dangol.settlement.internal;

import dev.dangol.shared.MerchantId;
import dev.dangol.shared.Money;
import dev.dangol.shared.ProgramId;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A merchant's statement over business days: for each day and program what it took, what was cancelled, the fee and
 * the payout, and what the program still owes it now.
 *
 * @param stillPayable by program, what the merchant's payable account holds now: takings not yet paid out (held,
 *     not yet settled, or of a batch still open)
 */
record Statement(
        MerchantId merchant,
        LocalDate from,
        LocalDate to,
        List<Line> lines,
        Map<ProgramId, Money> stillPayable,
        Instant asOf) {

    Statement {
        Objects.requireNonNull(merchant, "merchant");
        lines = List.copyOf(lines);
        stillPayable = Map.copyOf(stillPayable);
    }

    /**
     * One business day in one program.
     *
     * @param settlement what the day's settlement run decided ({@link PayoutOutcome}), or {@code OPEN} while the
     *     day's batch is open, or {@code NOT_RUN} when it closed and no run has settled it yet
     */
    record Line(
            LocalDate businessDay,
            ProgramId program,
            Money payments,
            int paymentCount,
            Money cancellations,
            int cancellationCount,
            Money fee,
            Money payout,
            String settlement,
            LocalDate payoutDay,
            String reference) {}

    Money payments() {
        return lines.stream().map(Line::payments).reduce(Money.ZERO, Money::plus);
    }

    Money cancellations() {
        return lines.stream().map(Line::cancellations).reduce(Money.ZERO, Money::plus);
    }

    Money fees() {
        return lines.stream().map(Line::fee).reduce(Money.ZERO, Money::plus);
    }

    Money payouts() {
        return lines.stream().map(Line::payout).reduce(Money.ZERO, Money::plus);
    }
}
