package dev.dangol.sale.internal;

import dev.dangol.gateway.ChargeRequest;
import dev.dangol.gateway.PaymentGateway;
import dev.dangol.gateway.PaymentResult;
import dev.dangol.gateway.PaymentStatus;
import dev.dangol.queue.Hold;
import dev.dangol.queue.WaitingRoom;
import dev.dangol.sale.Checkout;
import dev.dangol.sale.CheckoutId;
import dev.dangol.sale.CheckoutOrder;
import dev.dangol.sale.CheckoutStatus;
import dev.dangol.sale.Checkouts;
import dev.dangol.shared.PersonId;
import dev.dangol.shared.Rejection;
import dev.dangol.wallet.IdempotencyKey;
import dev.dangol.wallet.Purchase;
import dev.dangol.wallet.PurchaseOrder;
import dev.dangol.wallet.Wallets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The purchase saga. Each step is its own short write; nothing is locked and no database transaction is open while
 * the gateway is asked:
 *
 * <ol>
 *   <li>the waiting room marks the buyer's hold as in checkout (refusing anyone not admitted, or more than the hold);
 *   <li>the wallet reserves the purchase in the ledger: one pending chain over the budget and every limit;
 *   <li>the checkout is recorded, so that a crash from here on can be resolved by asking the gateway;
 *   <li>the gateway is asked to charge, with the checkout's payment key as idempotency key;
 *   <li>approved: the reservation is posted; declined: voided; unknown: the gateway is asked again by key, now and
 *       by {@link #resolveUnknown} until it answers.
 * </ol>
 *
 * <p>The waiting room holds the buyer's budget until {@code reservationTime + margin}, longer than the ledger holds
 * the reservation, so the pool never hands out budget that the ledger still reserves for this checkout. An approval
 * that arrives after the ledger let the reservation lapse is a <em>late approval</em>: Dangol buys the vouchers again
 * if the budget allows, or cancels the payment so that the money goes back.
 */
final class CheckoutSaga implements Checkouts {

    /** Marks a late approval whose budget was already taken from the pool, so that a retry does not take it twice. */
    private static final String POOL_TAKEN = "POOL_TAKEN";

    private static final Set<CheckoutStatus> PAYING = EnumSet.of(CheckoutStatus.PAYING);
    private static final Set<CheckoutStatus> LATE = EnumSet.of(CheckoutStatus.LATE_APPROVAL);

    private final WaitingRoom waitingRoom;
    private final Wallets wallets;
    private final PaymentGateway gateway;
    private final CheckoutRecords records;
    private final Clock clock;
    private final SaleObserver observer;
    private final Duration reservationTime;
    private final Duration queueMargin;
    private final Duration notFoundAfter;

    /**
     * @param reservationTime how long the ledger holds a reservation (the wallet's hold time)
     * @param queueMargin how much longer than that the waiting room keeps the buyer's budget in checkout
     * @param notFoundAfter how long after a charge was sent a gateway that has never heard of it means it never came
     */
    CheckoutSaga(
            WaitingRoom waitingRoom,
            Wallets wallets,
            PaymentGateway gateway,
            CheckoutRecords records,
            Clock clock,
            SaleObserver observer,
            Duration reservationTime,
            Duration queueMargin,
            Duration notFoundAfter) {
        this.waitingRoom = Objects.requireNonNull(waitingRoom);
        this.wallets = Objects.requireNonNull(wallets);
        this.gateway = Objects.requireNonNull(gateway);
        this.records = Objects.requireNonNull(records);
        this.clock = Objects.requireNonNull(clock);
        this.observer = Objects.requireNonNull(observer);
        this.reservationTime = reservationTime;
        this.queueMargin = queueMargin;
        this.notFoundAfter = notFoundAfter;
    }

    @Override
    public Checkout checkout(CheckoutOrder order) {
        CheckoutId id = CheckoutId.derive(order.buyer(), order.key());
        Optional<Checkout> existing = records.find(id);
        if (existing.isPresent()) {
            return retried(order, existing.get());
        }
        Instant started = clock.instant();
        Hold hold;
        try {
            hold = waitingRoom.beginCheckout(
                    order.round(), order.buyer(), order.faceValue(), started.plus(reservationTime.plus(queueMargin)));
        } catch (Rejection refused) {
            // Two tries with the same key at once: the first one put the hold in checkout, so the second is refused
            // by the waiting room; it gets the first one's checkout.
            Optional<Checkout> raced = records.find(id);
            if (raced.isPresent()) {
                return retried(order, raced.get());
            }
            throw refused;
        }
        Purchase purchase;
        try {
            purchase = wallets.reserve(
                    new PurchaseOrder(order.buyer(), order.round(), order.faceValue(), order.method(), order.key()));
        } catch (Rejection refused) {
            waitingRoom.checkoutFailed(order.round(), order.buyer(), order.faceValue());
            if (refused.code().equals("ROUND_SOLD_OUT") || refused.code().equals("ROUND_BUDGET_TOO_SMALL")) {
                observer.admittedMetSoldOut();
            }
            throw refused;
        } catch (RuntimeException unavailable) {
            waitingRoom.checkoutFailed(order.round(), order.buyer(), order.faceValue());
            throw unavailable;
        }
        Checkout recorded = new Checkout(
                id,
                order.buyer(),
                order.round(),
                order.faceValue(),
                order.method(),
                order.fundingSourceId(),
                purchase.id(),
                CheckoutStatus.PAYING,
                null,
                started,
                started);
        if (!records.insert(recorded)) {
            // Cannot happen while the waiting room lets one checkout at a time through; if it does, the first
            // record stands and this reservation lapses by itself.
            return retried(order, records.find(id).orElseThrow());
        }
        PaymentResult answer = gateway.charge(new ChargeRequest(
                recorded.paymentKey(),
                order.buyer(),
                order.method(),
                order.sourceToken(),
                purchase.paid(),
                "Dangol " + hold.round() + " vouchers " + order.faceValue().krw() + " KRW, checkout " + id));
        if (answer.status() == PaymentStatus.UNKNOWN) {
            observer.outcomeUnknown();
            answer = gateway.inquire(recorded.paymentKey());
        }
        return settle(recorded, answer);
    }

    private Checkout retried(CheckoutOrder order, Checkout existing) {
        if (!order.sameRequestAs(existing)) {
            throw Rejection.conflict(
                    "IDEMPOTENCY_KEY_REUSED",
                    "This Idempotency-Key was already used for another order ("
                            + existing.faceValue().krw() + " KRW). Use a new key for a new order.");
        }
        if (existing.status() == CheckoutStatus.PAYING) {
            return settle(existing, gateway.inquire(existing.paymentKey()));
        }
        return existing;
    }

    @Override
    public Optional<Checkout> find(PersonId buyer, CheckoutId id) {
        return records.find(id).filter(c -> c.buyer().equals(buyer));
    }

    @Override
    public void paymentNotified(PaymentResult result) {
        String key = result.idempotencyKey();
        if (!key.startsWith("dg-") || !CheckoutId.isValid(key.substring(3))) {
            return;
        }
        records.find(new CheckoutId(key.substring(3))).ifPresent(checkout -> settle(checkout, result));
    }

    @Override
    public int resolveUnknown(int limit) {
        Instant now = clock.instant();
        List<Checkout> open = records.unresolved(now.minusSeconds(1), limit);
        for (Checkout checkout : open) {
            if (checkout.status() == CheckoutStatus.LATE_APPROVAL) {
                lateApproval(checkout);
            } else {
                settle(checkout, gateway.inquire(checkout.paymentKey()));
            }
        }
        return open.size();
    }

    /** Applies what the gateway said to a checkout, whatever state it is in; repeated answers change nothing. */
    private Checkout settle(Checkout checkout, PaymentResult answer) {
        return switch (answer.status()) {
            case APPROVED -> approved(checkout);
            case DECLINED, CANCELLED -> declined(checkout, answer.reason() == null ? "DECLINED" : answer.reason());
            case NOT_FOUND -> {
                // The gateway has not heard of the payment. Right after a timeout the request may still be on its
                // way, so only once it has had ample time is it taken as never received.
                if (checkout.status() == CheckoutStatus.PAYING
                        && !clock.instant().isBefore(checkout.createdAt().plus(notFoundAfter))) {
                    yield declined(checkout, "NOT_RECEIVED_BY_GATEWAY");
                }
                yield current(checkout);
            }
            case UNKNOWN -> current(checkout);
        };
    }

    private Checkout approved(Checkout checkout) {
        switch (checkout.status()) {
            case PAID, REFUNDED, LATE_APPROVAL -> {
                return checkout.status() == CheckoutStatus.LATE_APPROVAL ? lateApproval(checkout) : checkout;
            }
            case DECLINED -> {
                // The person was told it failed: charging them now would surprise them, so the money goes back.
                return records.transition(
                                checkout.id(),
                                EnumSet.of(CheckoutStatus.DECLINED),
                                CheckoutStatus.LATE_APPROVAL,
                                "APPROVED_AFTER_DECLINE",
                                null,
                                clock.instant())
                        .map(this::refund)
                        .orElseGet(() -> current(checkout));
            }
            case PAYING -> {}
        }
        try {
            wallets.confirm(checkout.buyer(), checkout.purchase());
        } catch (Rejection gone) {
            // The reservation lapsed (or was voided) before the approval came: a late approval.
            return records.transition(
                            checkout.id(), PAYING, CheckoutStatus.LATE_APPROVAL, gone.code(), null, clock.instant())
                    .map(this::lateApproval)
                    .orElseGet(() -> current(checkout));
        }
        return records.transition(checkout.id(), PAYING, CheckoutStatus.PAID, null, null, clock.instant())
                .map(paid -> {
                    waitingRoom.checkoutPaid(paid.round(), paid.buyer(), paid.faceValue());
                    observer.checkoutSettled(CheckoutStatus.PAID);
                    return paid;
                })
                .orElseGet(() -> current(checkout));
    }

    private Checkout declined(Checkout checkout, String reason) {
        if (checkout.status() != CheckoutStatus.PAYING) {
            return checkout;
        }
        try {
            wallets.release(checkout.buyer(), checkout.purchase());
        } catch (Rejection alreadyPaid) {
            // PURCHASE_ALREADY_CONFIRMED cannot follow a decline; anything else means the hold is gone already.
        }
        return records.transition(checkout.id(), PAYING, CheckoutStatus.DECLINED, reason, null, clock.instant())
                .map(failed -> {
                    waitingRoom.checkoutFailed(failed.round(), failed.buyer(), failed.faceValue());
                    observer.checkoutSettled(CheckoutStatus.DECLINED);
                    return failed;
                })
                .orElseGet(() -> current(checkout));
    }

    /**
     * Gives up the lapsed reservation of a late approval first, so that its limits count for the purchase made again
     * now, not at the wallet's next lapse run (decision 0018). Its hold is gone already; a refusal changes nothing.
     */
    private void giveUp(Checkout late) {
        try {
            wallets.release(late.buyer(), late.purchase());
        } catch (Rejection gone) {
            // Released, never reserved, or the ledger is busy: the lapse job gives the limits back in any case.
        }
    }

    /**
     * A payment the gateway approved after its reservation lapsed. The checkout is already claimed (LATE_APPROVAL),
     * so only one caller gets here per checkout at a time; every step is safe to repeat after a crash.
     */
    private Checkout lateApproval(Checkout claimed) {
        Checkout late = claimed;
        if ("APPROVED_AFTER_DECLINE".equals(late.reason())) {
            return refund(late);
        }
        Instant now = clock.instant();
        boolean ownHold = now.isBefore(late.createdAt().plus(reservationTime).plus(queueMargin.dividedBy(2)));
        if (!ownHold && !POOL_TAKEN.equals(late.reason())) {
            if (!waitingRoom.takeFromPool(late.round(), late.faceValue())) {
                return refund(late);
            }
            late = records.transition(late.id(), LATE, CheckoutStatus.LATE_APPROVAL, POOL_TAKEN, null, now)
                    .orElse(late);
        }
        IdempotencyKey again = new IdempotencyKey("late-" + late.id());
        Checkout taken = late;
        giveUp(late);
        try {
            Purchase bought = wallets.reserve(
                    new PurchaseOrder(late.buyer(), late.round(), late.faceValue(), late.method(), again));
            wallets.confirm(late.buyer(), bought.id());
            Checkout paid = records.transition(
                            taken.id(), LATE, CheckoutStatus.PAID, "LATE_APPROVAL", bought.id(), clock.instant())
                    .orElseGet(() -> current(taken));
            if (paid.status() == CheckoutStatus.PAID && "LATE_APPROVAL".equals(paid.reason())) {
                waitingRoom.checkoutPaid(paid.round(), paid.buyer(), paid.faceValue());
                observer.lateApproval("re-reserved");
                observer.checkoutSettled(CheckoutStatus.PAID);
            }
            return paid;
        } catch (Rejection refused) {
            if (!ownHold || POOL_TAKEN.equals(late.reason())) {
                waitingRoom.returnToPool(late.round(), late.faceValue());
            }
            return refund(late);
        }
    }

    /** Cancels an approved payment at the gateway; until the gateway confirms, the checkout stays LATE_APPROVAL. */
    private Checkout refund(Checkout late) {
        PaymentResult cancelled = gateway.cancel(late.paymentKey(), "Dangol could not honour a late approval");
        if (cancelled.status() != PaymentStatus.CANCELLED && cancelled.status() != PaymentStatus.DECLINED) {
            return late; // asked again by resolveUnknown
        }
        return records.transition(
                        late.id(), LATE, CheckoutStatus.REFUNDED, "LATE_APPROVAL_REFUNDED", null, clock.instant())
                .map(refunded -> {
                    observer.lateApproval("refunded");
                    observer.checkoutSettled(CheckoutStatus.REFUNDED);
                    return refunded;
                })
                .orElseGet(() -> current(late));
    }

    private Checkout current(Checkout checkout) {
        return records.find(checkout.id()).orElse(checkout);
    }
}
