package dev.dangol.settlement.internal;

import dev.dangol.shared.Money;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * What one run of a business day's settlement decided, every payout included.
 *
 * @param from the first instant of the day's batch
 * @param until the end of the day's batch, exclusive
 */
record SettlementRun(
        LocalDate businessDay,
        Instant from,
        Instant until,
        LocalDate payoutDay,
        List<Payout> payouts,
        Instant finishedAt) {

    SettlementRun {
        Objects.requireNonNull(businessDay, "businessDay");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(until, "until");
        Objects.requireNonNull(payoutDay, "payoutDay");
        payouts = List.copyOf(payouts);
        Objects.requireNonNull(finishedAt, "finishedAt");
    }

    long count(PayoutOutcome outcome) {
        return payouts.stream().filter(p -> p.outcome() == outcome).count();
    }

    Money paid() {
        return payouts.stream().map(Payout::payout).reduce(Money.ZERO, Money::plus);
    }

    Money fees() {
        return payouts.stream()
                .filter(p -> p.outcome() == PayoutOutcome.PAID)
                .map(Payout::fee)
                .reduce(Money.ZERO, Money::plus);
    }

    /** The takings of held payouts: still owed to their merchants, still in their payable accounts. */
    Money held() {
        return payouts.stream()
                .filter(p -> p.outcome().isHeld())
                .map(Payout::net)
                .reduce(Money.ZERO, Money::plus);
    }
}
