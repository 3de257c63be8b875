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
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Buys the shortfall of a payment through the gateway so that the payment can complete in the same request. Each step
 * is its own short write and nothing is locked while the gateway is asked: the wallet reserves the purchase (budget
 * and limits held in the ledger), the auto-charge is recorded, the gateway charges the person's first linked funding
 * source, and the reservation is confirmed on approval or released on a decline.
 *
 * <p>Every key is derived from the payment's id, so a retry of the same payment lands on the same purchase, the same
 * record and the same gateway key: the gateway charges a key at most once, and the wallet reserves a key at most once.
 * An auto-charge the request could not settle (the gateway did not answer) is settled later by a webhook, a retry or
 * the resolver ({@link AutoChargeSettlement}), so that nobody is charged without getting the vouchers or a refund.
 */
final class AutoCharge {

    /** What every auto-charge's gateway key starts with. */
    static final String GATEWAY_KEY_PREFIX = "ac-";

    private final Wallets wallets;
    private final Programs programs;
    private final FundingSources fundingSources;
    private final PaymentGateway gateway;
    private final AutoChargeSettlement settlement;
    private final AutoChargeRecords records;
    private final Clock clock;
    private final AutoChargeObserver observer;

    AutoCharge(
            Wallets wallets,
            Programs programs,
            FundingSources fundingSources,
            PaymentGateway gateway,
            AutoChargeSettlement settlement,
            Clock clock,
            AutoChargeObserver observer) {
        this.wallets = Objects.requireNonNull(wallets);
        this.programs = Objects.requireNonNull(programs);
        this.fundingSources = Objects.requireNonNull(fundingSources);
        this.gateway = Objects.requireNonNull(gateway);
        this.settlement = Objects.requireNonNull(settlement);
        this.records = settlement.records();
        this.clock = Objects.requireNonNull(clock);
        this.observer = Objects.requireNonNull(observer);
    }

    /** The wallet's key for the purchase that tops up a payment. */
    static IdempotencyKey purchaseKey(PaymentId payment) {
        return new IdempotencyKey("autocharge:" + payment.value());
    }

    /** The gateway's key for the charge that pays that purchase. */
    static String gatewayKey(PurchaseId purchase) {
        return GATEWAY_KEY_PREFIX + purchase.value();
    }

    /**
     * Buys at least {@code shortfall} of the program's vouchers for the payer, in whole purchase units, and returns
     * once they are in the wallet; otherwise throws a {@link Rejection} that says why nothing was bought.
     */
    Purchase topUp(PersonId payer, ProgramId programId, Money shortfall, PaymentId payment) {
        FundingSource source = fundingSources.fundingSources(payer).stream()
                .findFirst()
                .orElseThrow(() -> Rejection.refused(
                        "AUTO_CHARGE_NO_FUNDING",
                        "Auto-charge needs a linked bank account or card; link one under funding sources, or pay"
                                + " without 'autoCharge'."));
        Optional<AutoChargeRecord> recorded = records.find(payment);
        if (recorded.isPresent()) {
            // A retry: finish what the first attempt started, whatever the wallet holds by now.
            return finish(resume(recorded.get(), source), source);
        }
        Optional<Purchase> earlier = wallets.purchase(payer, PurchaseId.derive(payer, purchaseKey(payment)));
        Purchase purchase;
        if (earlier.isPresent()) {
            // Reserved by an attempt that stopped before recording it, or confirmed before auto-charges were recorded.
            purchase = earlier.get();
            switch (purchase.status()) {
                case CONFIRMED -> {
                    return purchase;
                }
                case CANCELLED, REMAINDER_REFUNDED -> throw refunded();
                case RESERVED, RELEASED, HOLD_EXPIRED -> {}
            }
        } else {
            purchase = reserve(payer, programId, shortfall, source, payment);
        }
        AutoChargeRecord record = recordOf(payment, purchase);
        if (!records.insert(record)) {
            // A concurrent try with the same key recorded it first: carry on from where it is.
            return finish(resume(records.find(payment).orElseThrow(), source), source);
        }
        return finish(charge(record, source), source);
    }

    private Purchase reserve(
            PersonId payer, ProgramId programId, Money shortfall, FundingSource source, PaymentId payment) {
        Program program = programs.program(programId)
                .orElseThrow(() -> Rejection.notFound("PROGRAM_NOT_FOUND", "There is no program " + programId + "."));
        Money face = roundUp(shortfall, program.purchaseUnit());
        Round round = openRound(programId, face)
                .orElseThrow(() -> Rejection.conflict(
                        "AUTO_CHARGE_NO_ROUND",
                        "There is no open round of " + program.name() + " with " + face
                                + " left to buy the shortfall; pay a smaller amount or without 'autoCharge'."));
        try {
            return wallets.reserve(new PurchaseOrder(payer, round.id(), face, source.method(), purchaseKey(payment)));
        } catch (Rejection refused) {
            throw new Rejection(
                    refused.kind(),
                    refused.code(),
                    "Auto-charge could not buy " + face + " of " + program.name() + ": " + refused.getMessage(),
                    refused.facts());
        }
    }

    /** The record of a new auto-charge, written before the gateway hears of it. */
    private AutoChargeRecord recordOf(PaymentId payment, Purchase purchase) {
        Instant now = clock.instant();
        return new AutoChargeRecord(
                payment,
                purchase.buyer(),
                purchase.program(),
                purchase.round(),
                purchase.id(),
                gatewayKey(purchase.id()),
                purchase.faceValue(),
                purchase.paid(),
                purchase.funding(),
                AutoChargeState.CHARGING,
                null,
                null,
                0,
                settlement.firstAttemptAt(now),
                now,
                now);
    }

    /**
     * A retry of a recorded auto-charge. While the reservation holds, the charge is sent again under the same key (the
     * gateway answers a key it knows with its first outcome, and decides afresh one whose first try left nothing
     * behind); once it lapsed, the gateway is only asked, so that nothing new is charged for vouchers gone.
     */
    private AutoChargeRecord resume(AutoChargeRecord record, FundingSource source) {
        return switch (record.state()) {
            case CHARGING -> {
                boolean holds = wallets.purchase(record.payer(), record.purchase())
                        .map(p -> p.status() == PurchaseStatus.RESERVED)
                        .orElse(false);
                yield holds ? charge(record, source) : settlement.settle(record, gateway.inquire(record.gatewayKey()));
            }
            case APPROVED -> settlement.deliver(record);
            case REFUNDING -> settlement.refund(record);
            case CONFIRMED, RELEASED, REFUNDED -> record;
        };
    }

    private AutoChargeRecord charge(AutoChargeRecord record, FundingSource source) {
        String key = record.gatewayKey();
        PaymentResult answer = gateway.charge(new ChargeRequest(
                key,
                record.payer(),
                record.method(),
                source.gatewayToken(),
                record.amount(),
                "Dangol auto-charge " + record.faceValue().krw() + " KRW, purchase " + record.purchase()));
        if (answer.status() == PaymentStatus.UNKNOWN) {
            answer = gateway.inquire(key);
        }
        return settlement.settle(record, answer);
    }

    /** The vouchers of a settled auto-charge, or the refusal that tells the citizen where it stands. */
    private Purchase finish(AutoChargeRecord record, FundingSource source) {
        return switch (record.state()) {
            case CONFIRMED ->
                wallets.purchase(record.payer(), record.vouchers()).orElseThrow();
            case RELEASED -> {
                if ("NOT_RECEIVED_BY_GATEWAY".equals(record.reason())) {
                    throw Rejection.conflict(
                            "AUTO_CHARGE_EXPIRED",
                            "The payment gateway never received the auto-charge and its reservation was given up;"
                                    + " nothing was charged. Pay again with a new Idempotency-Key.");
                }
                throw Rejection.refused(
                        "AUTO_CHARGE_DECLINED",
                        "Your " + source.label() + " was declined for " + record.amount() + " (" + record.reason()
                                + "); nothing was charged. Use another funding source or pay without 'autoCharge'.");
            }
            case REFUNDING, REFUNDED ->
                throw Rejection.conflict(
                        "AUTO_CHARGE_EXPIRED",
                        "The auto-charge took too long and its reservation lapsed; the charge is being refunded. Pay"
                                + " again with a new Idempotency-Key.");
            case CHARGING, APPROVED -> {
                observer.outcome(record, "pending");
                // The record stays: a retry with the same Idempotency-Key, a webhook or the resolver settles it.
                throw Rejection.unavailable(
                        "AUTO_CHARGE_PENDING",
                        "The payment gateway has not answered for the auto-charge yet; retry with the same"
                                + " Idempotency-Key in a moment (you will not be charged twice).");
            }
        };
    }

    private static Rejection refunded() {
        return Rejection.conflict(
                "IDEMPOTENCY_KEY_REUSED",
                "The vouchers auto-charged for this payment were refunded; pay again with a new key.");
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
