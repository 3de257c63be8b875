package dev.dangol.settlement.internal;

import dev.dangol.shared.MerchantId;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/** What settlement runs decided, kept beside the ledger that holds the money they moved. */
interface SettlementRecords {

    /** Keeps these payouts, replacing what an earlier run of the same day decided for the same program and merchant. */
    void save(List<Payout> payouts);

    /** Notes that a day's run finished. */
    void finished(LocalDate businessDay, Instant at, int payouts);

    /** When a day's run last finished, if it did. */
    Optional<Instant> finishedAt(LocalDate businessDay);

    /** A day's payouts in (program, merchant) order, at most {@code limit}. */
    List<Payout> payouts(LocalDate businessDay, int limit);

    /** A merchant's payouts for business days in [from, to], oldest first, at most {@code limit}. */
    List<Payout> payoutsOf(MerchantId merchant, LocalDate from, LocalDate to, int limit);
}
