package dev.dangol.payment.internal;

import dev.dangol.gateway.PaymentGateway;
import dev.dangol.gateway.PaymentResult;
import dev.dangol.gateway.PaymentStatus;
import dev.dangol.shared.Rejection;
import dev.dangol.wallet.IdempotencyKey;
import dev.dangol.wallet.Purchase;
import dev.dangol.wallet.PurchaseOrder;
import dev.dangol.wallet.PurchaseStatus;
import dev.dangol.wallet.Wallets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Brings recorded auto-charges to a final state from what the gateway says, whoever heard it: the citizen's request, a
 * webhook, or the resolver that asks the gateway about auto-charges nobody settled. Every step is safe to repeat and
 * to race: each change of state is claimed by a conditional write first (so one caller acts on each state), and the
 * wallet and the gateway answer a repeated key with their first outcome.
 *
 * <ul>
 *   <li>approved: the reservation is confirmed; if it lapsed, the same vouchers are reserved and confirmed again if
 *       the round's budget and the person's limits still allow it, and otherwise the charge is cancelled (refunded);
 *   <li>declined or cancelled: the reservation is released;
 *   <li>never heard of, once the gateway has had ample time to receive the charge: the reservation is released;
 *   <li>no answer: asked again later, less often each time, and after a bounded number of attempts left to an
 *       operator (a webhook or the citizen's retry still settles it).
 * </ul>
 */
final class AutoChargeSettlement {

    /** The wallet's key for the purchase that replaces a lapsed reservation after a late approval. */
    static IdempotencyKey lateKey(AutoChargeRecord record) {
        return new IdempotencyKey("autocharge-late:" + record.payment().value());
    }

    /** Attempts wait {@code resolveAfter} times two to this power at most: 16 times, with the defaults 8 minutes. */
    private static final int BACKOFF_DOUBLINGS_MAX = 4;

    private final Wallets wallets;
    private final PaymentGateway gateway;
    private final AutoChargeRecords records;
    private final Clock clock;
    private final AutoChargeObserver observer;
    private final Duration resolveAfter;
    private final Duration notFoundAfter;
    private final int attemptsMax;

    /**
     * @param resolveAfter how long the request has to settle an auto-charge before the resolver asks about it, and the
     *     first wait between the resolver's attempts
     * @param notFoundAfter how long after the charge was sent a gateway that has never heard of it means it never came
     * @param attemptsMax how many times the resolver asks without an answer before it leaves the auto-charge to an
     *     operator
     */
    AutoChargeSettlement(
            Wallets wallets,
            PaymentGateway gateway,
            AutoChargeRecords records,
            Clock clock,
            AutoChargeObserver observer,
            Duration resolveAfter,
            Duration notFoundAfter,
            int attemptsMax) {
        this.wallets = Objects.requireNonNull(wallets);
        this.gateway = Objects.requireNonNull(gateway);
        this.records = Objects.requireNonNull(records);
        this.clock = Objects.requireNonNull(clock);
        this.observer = Objects.requireNonNull(observer);
        this.resolveAfter = Objects.requireNonNull(resolveAfter);
        this.notFoundAfter = Objects.requireNonNull(notFoundAfter);
        if (!resolveAfter.isPositive() || !notFoundAfter.isPositive()) {
            throw new IllegalArgumentException("the resolver's waits must be positive");
        }
        if (attemptsMax < 1 || attemptsMax > 1_000) {
            throw new IllegalArgumentException("attempts are 1 to 1,000, were " + attemptsMax);
        }
        this.attemptsMax = attemptsMax;
    }

    AutoChargeRecords records() {
        return records;
    }

    /** When the resolver first looks at an auto-charge recorded {@code at}. */
    Instant firstAttemptAt(Instant at) {
        return at.plus(resolveAfter);
    }

    /** Applies what the gateway said to an auto-charge, whatever state it is in; repeated answers change nothing. */
    AutoChargeRecord settle(AutoChargeRecord record, PaymentResult answer) {
        AutoChargeRecord current = record;
        // A lost claim means someone else moved the record: apply the answer once more to where they moved it. States
        // only move forward, so this ends within as many turns as there are states.
        for (int turn = 0; turn < AutoChargeState.values().length; turn++) {
            Optional<AutoChargeRecord> next = apply(current, answer);
            if (next.isPresent()) {
                return next.get();
            }
            current = records.find(current.payment()).orElse(current);
        }
        return current;
    }

    /** The record after acting on the answer, or empty if a claim was lost to another caller. */
    private Optional<AutoChargeRecord> apply(AutoChargeRecord record, PaymentResult answer) {
        AutoChargeState state = record.state();
        return switch (answer.status()) {
            case APPROVED ->
                switch (state) {
                    case CHARGING ->
                        claim(record, AutoChargeState.APPROVED, null).map(this::deliver);
                    case APPROVED -> Optional.of(deliver(record));
                    case REFUNDING -> Optional.of(refund(record));
                    // The person was told nothing was charged, so an approval now is given back, not turned into
                    // vouchers they did not expect.
                    case RELEASED ->
                        claim(record, AutoChargeState.REFUNDING, "APPROVED_AFTER_RELEASE")
                                .map(this::refund);
                    case CONFIRMED, REFUNDED -> Optional.of(record);
                };
            case DECLINED, CANCELLED ->
                switch (state) {
                    case CHARGING -> {
                        // The gateway's reason is kept as a short code (the column holds 64 characters).
                        String reason = answer.reason() == null
                                ? "DECLINED"
                                : answer.reason()
                                        .substring(
                                                0, Math.min(64, answer.reason().length()));
                        yield release(record, reason, "declined");
                    }
                    case REFUNDING ->
                        claim(record, AutoChargeState.REFUNDED, record.reason()).map(this::refunded);
                    // Whoever released it may still be giving the reservation back: do it too (harmless twice), so
                    // that a request answers only once the hold is back.
                    case RELEASED -> {
                        releaseReservation(record);
                        yield Optional.of(record);
                    }
                    // An approved charge cancelled at the gateway by someone else: the vouchers stay; an operator
                    // reconciles it (the gateway's captures no longer match the purchases).
                    case APPROVED, CONFIRMED, REFUNDED -> Optional.of(record);
                };
            case NOT_FOUND -> {
                // Right after a timeout the charge may still be on its way, so only once it has had ample time is it
                // taken as never received.
                if (state == AutoChargeState.CHARGING
                        && !clock.instant().isBefore(record.createdAt().plus(notFoundAfter))) {
                    yield release(record, "NOT_RECEIVED_BY_GATEWAY", "not_received");
                }
                yield Optional.of(current(record));
            }
            // A webhook may have settled it while the gateway kept the caller waiting.
            case UNKNOWN -> Optional.of(current(record));
        };
    }

    private Optional<AutoChargeRecord> release(AutoChargeRecord record, String reason, String outcome) {
        Optional<AutoChargeRecord> released = claim(record, AutoChargeState.RELEASED, reason);
        released.ifPresent(r -> {
            releaseReservation(r);
            observer.outcome(r, outcome);
        });
        return released;
    }

    private void releaseReservation(AutoChargeRecord released) {
        try {
            wallets.release(released.payer(), released.purchase());
        } catch (Rejection gone) {
            // The hold lapsed already; it cannot have been confirmed, since confirming needs the APPROVED claim.
            throwIfUnavailable(gone);
        }
    }

    /**
     * Turns an approved charge into vouchers: the reservation if it still holds, else a new purchase of the same
     * vouchers, else a refund. The record is APPROVED (claimed); every step repeats harmlessly after a crash.
     */
    AutoChargeRecord deliver(AutoChargeRecord approved) {
        Optional<Purchase> reserved = wallets.purchase(approved.payer(), approved.purchase());
        if (reserved.isPresent()
                && (reserved.get().status() == PurchaseStatus.RESERVED
                        || reserved.get().status() == PurchaseStatus.CONFIRMED)) {
            try {
                Purchase confirmed = wallets.confirm(approved.payer(), approved.purchase());
                return finish(approved, AutoChargeState.CONFIRMED, null, confirmed, "confirmed");
            } catch (Rejection lapsed) {
                // Lapsed between the look and the confirmation: bought again below. A ledger that cannot serve now is
                // no answer at all: the record stays APPROVED for the resolver.
                throwIfUnavailable(lapsed);
            }
        }
        // The lapsed reservation is given up first, so that its limits count for the one made again now rather than
        // at the wallet's next lapse run (decision 0018). It cannot be confirmed any more; a refusal changes nothing.
        try {
            wallets.release(approved.payer(), approved.purchase());
        } catch (Rejection gone) {
            // Released or never made, or the ledger is busy: the lapse job gives the limits back in any case.
        }
        Purchase again;
        try {
            again = wallets.reserve(new PurchaseOrder(
                    approved.payer(), approved.round(), approved.faceValue(), approved.method(), lateKey(approved)));
            if (!again.paid().equals(approved.amount())) {
                // The round's discount changed since: these vouchers would not be what the charge paid for.
                release(again);
                return refundLate(approved, "DISCOUNT_CHANGED");
            }
            again = wallets.confirm(approved.payer(), again.id());
        } catch (Rejection refused) {
            // Refunding is for a refusal by the rules (budget, limits, a closed round), never for a busy ledger.
            throwIfUnavailable(refused);
            return refundLate(approved, refused.code());
        }
        AutoChargeRecord confirmed = finish(approved, AutoChargeState.CONFIRMED, "LATE_APPROVAL", again, "confirmed");
        if (confirmed.state() == AutoChargeState.CONFIRMED && "LATE_APPROVAL".equals(confirmed.reason())) {
            observer.lateApproval(confirmed, "confirmed");
        }
        return confirmed;
    }

    private static void throwIfUnavailable(Rejection rejection) {
        if (rejection.kind() == Rejection.Kind.UNAVAILABLE) {
            throw rejection;
        }
    }

    private AutoChargeRecord finish(
            AutoChargeRecord approved, AutoChargeState to, String reason, Purchase vouchers, String outcome) {
        Instant now = clock.instant();
        return records.move(approved.payment(), AutoChargeState.APPROVED, to, reason, vouchers.id(), now, now)
                .map(moved -> {
                    observer.outcome(moved, outcome);
                    return moved;
                })
                .orElseGet(() -> current(approved));
    }

    private void release(Purchase purchase) {
        try {
            wallets.release(purchase.buyer(), purchase.id());
        } catch (Rejection alreadyGone) {
            // Confirmed cannot be: only this claim confirms it. Anything else means the hold is gone already.
        }
    }

    private AutoChargeRecord refundLate(AutoChargeRecord approved, String reason) {
        return claim(approved, AutoChargeState.REFUNDING, reason)
                .map(this::refund)
                .orElseGet(() -> current(approved));
    }

    /** Cancels the approved charge at the gateway; until the gateway confirms it, the record stays REFUNDING. */
    AutoChargeRecord refund(AutoChargeRecord refunding) {
        PaymentResult cancelled = gateway.cancel(
                refunding.gatewayKey(), "Dangol could not give vouchers for the auto-charge: " + refunding.reason());
        if (cancelled.status() != PaymentStatus.CANCELLED && cancelled.status() != PaymentStatus.DECLINED) {
            return refunding; // asked again by the resolver
        }
        return claim(refunding, AutoChargeState.REFUNDED, refunding.reason())
                .map(this::refunded)
                .orElseGet(() -> current(refunding));
    }

    private AutoChargeRecord refunded(AutoChargeRecord refunded) {
        observer.outcome(refunded, "refunded");
        if (!"APPROVED_AFTER_RELEASE".equals(refunded.reason())) {
            observer.lateApproval(refunded, "refunded");
        }
        return refunded;
    }

    /** Moves the record on from the state it was seen in; empty if another caller moved it first. */
    private Optional<AutoChargeRecord> claim(AutoChargeRecord record, AutoChargeState to, String reason) {
        Instant now = clock.instant();
        return records.move(record.payment(), record.state(), to, reason, null, now, now.plus(resolveAfter));
    }

    /** A webhook, possibly late or repeated; keys that are not auto-charges' are left to their owners. */
    void paymentNotified(PaymentResult result) {
        if (!result.idempotencyKey().startsWith(AutoCharge.GATEWAY_KEY_PREFIX)) {
            return;
        }
        records.findByGatewayKey(result.idempotencyKey()).ifPresent(record -> settle(record, result));
    }

    /**
     * Asks about the auto-charges that are due, oldest first, at most {@code limit}; returns how many it looked at. A
     * failure on one is reported and does not stop the others.
     */
    int resolveDue(int limit) {
        List<AutoChargeRecord> due = records.due(clock.instant(), attemptsMax, limit);
        for (AutoChargeRecord record : due) {
            try {
                resolve(record);
            } catch (RuntimeException failure) {
                observer.resolveFailed(record, failure);
                postpone(record);
            }
        }
        return due.size();
    }

    private void resolve(AutoChargeRecord record) {
        AutoChargeRecord after = switch (record.state()) {
            case CHARGING -> settle(record, gateway.inquire(record.gatewayKey()));
            case APPROVED -> deliver(record);
            case REFUNDING -> refund(record);
            case CONFIRMED, RELEASED, REFUNDED -> record;
        };
        if (after.state() == record.state()
                && after.attempts() == record.attempts()
                && !after.state().isFinal()) {
            postpone(record);
        }
    }

    /** One more attempt without an answer: the next waits twice as long, and the last one is flagged. */
    private void postpone(AutoChargeRecord record) {
        Instant now = clock.instant();
        int doublings = Math.min(record.attempts(), BACKOFF_DOUBLINGS_MAX);
        Instant next = now.plus(resolveAfter.multipliedBy(1L << doublings));
        if (records.postpone(record.payment(), record.state(), record.attempts(), now, next)
                && record.attempts() + 1 >= attemptsMax) {
            observer.unresolved(record.postponed(now, next));
        }
    }

    private AutoChargeRecord current(AutoChargeRecord record) {
        return records.find(record.payment()).orElse(record);
    }
}
