package dev.dangol.payment.internal;

import dev.dangol.wallet.PaymentId;
import dev.dangol.wallet.PurchaseId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where auto-charges are recorded. Every change is conditional on the state (and attempt count) the caller saw, so of
 * several callers racing on one auto-charge (the request, a webhook, the resolver on two nodes) exactly one wins.
 */
interface AutoChargeRecords {

    Optional<AutoChargeRecord> find(PaymentId payment);

    Optional<AutoChargeRecord> findByGatewayKey(String gatewayKey);

    /** Records a new auto-charge; false if the payment has one already. */
    boolean insert(AutoChargeRecord record);

    /**
     * Moves an auto-charge from {@code from} to {@code to}, resetting its attempts.
     *
     * @param vouchers the purchase that holds the vouchers, or null to keep the one recorded
     * @return the auto-charge as moved, or empty if it was not in {@code from}
     */
    Optional<AutoChargeRecord> move(
            PaymentId payment,
            AutoChargeState from,
            AutoChargeState to,
            String reason,
            PurchaseId vouchers,
            Instant at,
            Instant nextAttemptAt);

    /** Counts one more unsettled attempt, if the auto-charge is still in {@code state} after {@code attemptsSeen}. */
    boolean postpone(PaymentId payment, AutoChargeState state, int attemptsSeen, Instant at, Instant nextAttemptAt);

    /**
     * Unsettled auto-charges (charging, approved, refunding) due at {@code now} with fewer than {@code attemptsMax}
     * attempts, oldest first, at most {@code limit}.
     */
    List<AutoChargeRecord> due(Instant now, int attemptsMax, int limit);
}
