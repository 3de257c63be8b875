package dev.dangol.queue;

import dev.dangol.shared.Money;
import dev.dangol.shared.RoundId;

/**
 * A round's queue at a glance, for operators and metrics.
 *
 * @param pool budget neither sold nor held: what admission can still hand out
 * @param admissionsLastMinute admissions in the last minute: the measured admission rate
 * @param rateCap the operator's cap on admissions a second, or 0 for none
 */
public record QueueOverview(
        RoundId round,
        long waiting,
        long admitted,
        long inCheckout,
        long holds,
        Money held,
        Money sold,
        Money pool,
        long admissionsLastMinute,
        int rateCap,
        boolean paused,
        boolean soldOut) {}
