package dev.dangol.payment.internal;

import dev.dangol.gateway.ChargeRequest;
import dev.dangol.gateway.PaymentGateway;
import dev.dangol.gateway.PaymentResult;
import dev.dangol.gateway.PaymentStatus;
import dev.dangol.identity.FundingSource;
import dev.dangol.identity.FundingSources;
import dev.dangol.program.Program;
import dev.dangol.program.Programs;
import dev.dangol.program.Round;
import dev.dangol.program.RoundPhase;
import dev.dangol.shared.Money;
import dev.dangol.shared.PersonId;
import dev.dangol.shared.ProgramId;
import dev.dangol.shared.Rejection;
import dev.dangol.wallet.IdempotencyKey;
import dev.dangol.wallet.PaymentId;
import dev.dangol.wallet.Purchase;
import dev.dangol.wallet.PurchaseId;
import dev.dangol.wallet.PurchaseOrder;
import dev.dangol.wallet.PurchaseStatus;
import dev.dangol.wallet.Wallets;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Buys the shortfall of a payment through the gateway so that the payment can complete in the same request. Each step
 * is its own short write and nothing is locked while the gateway is asked: the wallet reserves the purchase (budget
 * and limits held in the ledger), the gateway charges the person's first linked funding source, and the reservation is
 * confirmed on approval or released on a decline.
 *
 * <p>Every key is derived from the payment's id, so a retry of the same payment lands on the same purchase and the
 * same gateway key: the gateway charges a key at most once, and the wallet reserves a key at most once.
 */
final class AutoCharge {

    private final Wallets wallets;
    private final Programs programs;
    private final FundingSources fundingSources;
    private final PaymentGateway gateway;

    AutoCharge(Wallets wallets, Programs programs, FundingSources fundingSources, PaymentGateway gateway) {
        this.wallets = Objects.requireNonNull(wallets);
        this.programs = Objects.requireNonNull(programs);
        this.fundingSources = Objects.requireNonNull(fundingSources);
        this.gateway = Objects.requireNonNull(gateway);
    }

    /** The wallet's key for the purchase that tops up a payment. */
    static IdempotencyKey purchaseKey(PaymentId payment) {
        return new IdempotencyKey("autocharge:" + payment.value());
    }

    /** The gateway's key for the charge that pays that purchase. */
    static String gatewayKey(PurchaseId purchase) {
        return "ac-" + purchase.value();
    }

    /**
     * Buys at least {@code shortfall} of the program's vouchers for the payer, in whole purchase units, and returns
     * once they are in the wallet; otherwise throws a {@link Rejection} that says why nothing was bought.
     */
    Purchase topUp(PersonId payer, ProgramId programId, Money shortfall, PaymentId payment) {
        IdempotencyKey key = purchaseKey(payment);
        FundingSource source = fundingSources.fundingSources(payer).stream()
                .findFirst()
                .orElseThrow(() -> Rejection.refused(
                        "AUTO_CHARGE_NO_FUNDING",
                        "Auto-charge needs a linked bank account or card; link one under funding sources, or pay"
                                + " without 'autoCharge'."));
        // A retry finds the purchase of the first attempt and finishes it, whatever the wallet holds by now.
        Optional<Purchase> earlier = wallets.purchase(payer, PurchaseId.derive(payer, key));
        Purchase purchase;
        if (earlier.isPresent()) {
            purchase = earlier.get();
        } else {
            Program program = programs.program(programId)
                    .orElseThrow(
                            () -> Rejection.notFound("PROGRAM_NOT_FOUND", "There is no program " + programId + "."));
            Money face = roundUp(shortfall, program.purchaseUnit());
            Round round = openRound(programId, face)
                    .orElseThrow(() -> Rejection.conflict(
                            "AUTO_CHARGE_NO_ROUND",
                            "There is no open round of " + program.name() + " with " + face
                                    + " left to buy the shortfall; pay a smaller amount or without 'autoCharge'."));
            try {
                purchase = wallets.reserve(new PurchaseOrder(payer, round.id(), face, source.method(), key));
            } catch (Rejection refused) {
                throw new Rejection(
                        refused.kind(),
                        refused.code(),
                        "Auto-charge could not buy " + face + " of " + program.name() + ": " + refused.getMessage(),
                        refused.facts());
            }
        }
        return switch (purchase.status()) {
            case CONFIRMED -> purchase;
            case RESERVED, RELEASED, HOLD_EXPIRED -> charge(purchase, source);
            case CANCELLED, REMAINDER_REFUNDED ->
                throw Rejection.conflict(
                        "IDEMPOTENCY_KEY_REUSED",
                        "The vouchers auto-charged for this payment were refunded; pay again with a new key.");
        };
    }

    private Purchase charge(Purchase purchase, FundingSource source) {
        String key = gatewayKey(purchase.id());
        PaymentResult answer = gateway.charge(new ChargeRequest(
                key,
                purchase.buyer(),
                purchase.funding(),
                source.gatewayToken(),
                purchase.paid(),
                "Dangol auto-charge " + purchase.faceValue().krw() + " KRW, purchase " + purchase.id()));
        if (answer.status() == PaymentStatus.UNKNOWN) {
            answer = gateway.inquire(key);
        }
        return switch (answer.status()) {
            case APPROVED -> confirm(purchase, key);
            case DECLINED, CANCELLED -> {
                release(purchase);
                throw Rejection.refused(
                        "AUTO_CHARGE_DECLINED",
                        "Your " + source.label() + " was declined for " + purchase.paid() + " ("
                                + (answer.reason() == null ? "declined" : answer.reason())
                                + "); nothing was charged. Use another funding source or pay without 'autoCharge'.");
            }
            case NOT_FOUND, UNKNOWN ->
                // The reservation stays: a retry with the same Idempotency-Key asks the gateway again by the same
                // key, and if nobody retries the hold lapses by itself.
                throw Rejection.unavailable(
                        "AUTO_CHARGE_PENDING",
                        "The payment gateway has not answered for the auto-charge yet; retry with the same"
                                + " Idempotency-Key in a moment (you will not be charged twice).");
        };
    }

    private Purchase confirm(Purchase purchase, String key) {
        if (purchase.status() == PurchaseStatus.RESERVED) {
            try {
                return wallets.confirm(purchase.buyer(), purchase.id());
            } catch (Rejection lapsed) {
                // Lapsed between the charge and now: give the money back rather than hold it without vouchers.
            }
        }
        gateway.cancel(key, "Dangol could not complete the auto-charge: the reservation lapsed");
        throw Rejection.conflict(
                "AUTO_CHARGE_EXPIRED",
                "The auto-charge took too long and its reservation lapsed; the charge is being refunded. Pay again"
                        + " with a new Idempotency-Key.");
    }

    private void release(Purchase purchase) {
        if (purchase.status() != PurchaseStatus.RESERVED) {
            return;
        }
        try {
            wallets.release(purchase.buyer(), purchase.id());
        } catch (Rejection alreadyGone) {
            // The hold lapsed already: nothing left to give back.
        }
    }

    /** The first round of the program selling now with at least {@code face} of budget left. */
    private Optional<Round> openRound(ProgramId program, Money face) {
        List<Round> rounds = programs.rounds(program);
        return rounds.stream()
                .filter(r -> programs.phase(r) == RoundPhase.SELLING)
                .filter(r -> programs.budget(r.id()).remaining().compareTo(face) >= 0)
                .findFirst();
    }

    static Money roundUp(Money amount, Money unit) {
        long units = Math.ceilDiv(amount.krw(), unit.krw());
        return Money.krw(Math.multiplyExact(units, unit.krw()));
    }
}
