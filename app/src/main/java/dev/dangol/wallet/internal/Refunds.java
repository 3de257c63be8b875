package dev.dangol.wallet.internal;

import static dev.dangol.program.VoucherLedger.*;

import dev.dangol.ledger.Chains;
import dev.dangol.ledger.Ledger;
import dev.dangol.ledger.LedgerResults;
import dev.dangol.ledger.Transfer;
import dev.dangol.ledger.TransferRecord;
import dev.dangol.ledger.TransferResult;
import dev.dangol.program.Program;
import dev.dangol.program.Programs;
import dev.dangol.shared.Money;
import dev.dangol.shared.PersonId;
import dev.dangol.shared.Rejection;
import dev.dangol.wallet.PurchaseId;
import dev.dangol.wallet.PurchaseStatus;
import dev.dangol.wallet.Refund;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Money back from a purchase: cancellation of an untouched purchase (every link of the purchase reversed, so budget,
 * monthly limit and holding room return with the money) and refund of the remainder once enough is used.
 */
final class Refunds {

    private final Ledger ledger;
    private final Programs programs;
    private final Clock clock;
    private final PersonLocks locks;
    private final PurchaseRecords records;

    Refunds(Ledger ledger, Programs programs, Clock clock, PersonLocks locks, PurchaseRecords records) {
        this.ledger = ledger;
        this.programs = programs;
        this.clock = clock;
        this.locks = locks;
        this.records = records;
    }

    Refund cancel(PersonId buyer, PurchaseId id) {
        return locks.with(buyer, () -> {
            Reservation r = records.owned(buyer, id);
            Instant now = clock.instant();
            if (r.cancellation != null) {
                return r.cancellationRefund();
            }
            PurchaseStatus status = r.status(now);
            if (status != PurchaseStatus.CONFIRMED) {
                throw Rejection.refused(
                        "PURCHASE_NOT_CANCELLABLE",
                        "Only a paid purchase can be cancelled; this one is " + status + ".");
            }
            Program program = programs.program(r.program).orElseThrow();
            Program.CancellationRule rule = program.cancellation();
            requireValid(r, now, program);
            // The window runs from payment, the moment the buyer holds the vouchers.
            Instant deadline = r.paidAt().plus(Duration.ofDays(rule.windowDays()));
            if (!rule.anyTimeWhileUnused() && !now.isBefore(deadline)) {
                throw Rejection.refused(
                        "CANCELLATION_WINDOW_PASSED",
                        "A purchase of " + program.name() + " can be cancelled within " + rule.windowDays()
                                + " days; that ended at " + deadline + ". Once most of it is used, the rest can be"
                                + " refunded.",
                        Map.of("deadline", deadline.toString()));
            }
            if (r.lot.debitsPosted() != 0 || r.lot.debitsPending() != 0 || r.lot.creditsPosted() != r.face.krw()) {
                throw Rejection.refused(
                        "PURCHASE_ALREADY_USED",
                        "Part of this purchase has been spent or given away, so it can no longer be cancelled.");
            }
            // Cancellation undoes the purchase: every link is reversed, so the budget, the month's limit and the
            // holding room come back along with the money.
            List<Transfer> chain = new ArrayList<>();
            for (Map.Entry<String, TransferRecord> link : r.links.entrySet()) {
                Transfer original = link.getValue().transfer();
                chain.add(Transfer.single(
                        "p:" + id + ":cancel:" + link.getKey(),
                        original.creditAccountId(),
                        original.debitAccountId(),
                        original.amount(),
                        original.ledger(),
                        TRANSFER_CANCELLATION));
            }
            requireApplied(ledger.createTransfers(Chains.link(chain)), "cancel");
            return records.load(id).orElseThrow().cancellationRefund();
        });
    }

    Refund refundRemainder(PersonId buyer, PurchaseId id) {
        return locks.with(buyer, () -> {
            Reservation r = records.owned(buyer, id);
            Instant now = clock.instant();
            if (r.remainder != null) {
                return r.remainder;
            }
            PurchaseStatus status = r.status(now);
            if (status != PurchaseStatus.CONFIRMED) {
                throw Rejection.refused(
                        "PURCHASE_NOT_REFUNDABLE", "Only a paid purchase can be refunded; this one is " + status + ".");
            }
            Program program = programs.program(r.program).orElseThrow();
            requireValid(r, now, program);
            Program.PartialRefundRule rule = program.partialRefund();
            if (!rule.funding().contains(r.funding)) {
                throw Rejection.refused(
                        "REFUND_NOT_ALLOWED_FOR_FUNDING",
                        program.name() + " does not refund the remainder of purchases paid by " + r.funding + ".");
            }
            if (r.lot.debitsPending() != 0) {
                throw Rejection.refused(
                        "PAYMENT_IN_PROGRESS", "A payment from this purchase is in progress; try again in a moment.");
            }
            long remainder = r.lot.available();
            if (remainder <= 0) {
                throw Rejection.refused("NOTHING_TO_REFUND", "Nothing is left of this purchase to refund.");
            }
            long face = r.face.krw();
            long used = Math.max(0, face - remainder);
            int threshold = rule.thresholdFor(r.face);
            if (Math.multiplyExact(used, 10_000L) < Math.multiplyExact(face, (long) threshold)) {
                throw Rejection.refused(
                        "REFUND_THRESHOLD_NOT_REACHED",
                        "The rest can be refunded once " + threshold / 100 + "% of the purchase is used; "
                                + Math.multiplyExact(used, 100L) / face + "% is used so far.",
                        Map.of(
                                "usedBasisPoints",
                                Math.multiplyExact(used, 10_000L) / face,
                                "neededBasisPoints",
                                threshold));
            }
            // Net of the discount: the buyer gets back the share of the remainder they paid for (rounded down to
            // the won), and the subsidy gets back the rest.
            long toBuyer = rule.netOfDiscount() ? Math.multiplyExact(remainder, r.paid.krw()) / face : remainder;
            long toSubsidy = remainder - toBuyer;
            String lot = r.lot.id();
            String step = "p:" + id + ":refund:" + r.lot.debitsPosted() + ":";
            List<Transfer> chain = new ArrayList<>();
            if (toBuyer > 0) {
                chain.add(Transfer.single(step + "pay", lot, clearing(r.funding), toBuyer, MONEY, TRANSFER_REFUND));
            }
            if (toSubsidy > 0) {
                chain.add(Transfer.single(step + "subsidy", lot, subsidy(r.round), toSubsidy, MONEY, TRANSFER_REFUND));
            }
            chain.add(Transfer.single(
                    step + "holding",
                    holdingControl(r.program),
                    holding(buyer, r.program),
                    remainder,
                    HOLDING,
                    TRANSFER_REFUND));
            requireApplied(ledger.createTransfers(Chains.link(chain)), "refund");
            return new Refund(
                    id, Refund.Kind.REMAINDER, Money.krw(remainder), Money.krw(toBuyer), Money.krw(toSubsidy));
        });
    }

    /** Vouchers past their validity are no longer money: they can be neither cancelled nor refunded. */
    private static void requireValid(Reservation r, Instant now, Program program) {
        Instant validUntil = LotAccounts.validUntil(r.lot);
        if (!now.isBefore(validUntil)) {
            throw Rejection.refused(
                    "VOUCHERS_EXPIRED",
                    "These vouchers of " + program.name() + " expired at " + validUntil + "; expired vouchers can be"
                            + " neither cancelled nor refunded.",
                    Map.of("validUntil", validUntil.toString()));
        }
    }

    private static void requireApplied(List<TransferResult> results, String what) {
        TransferResult failure = new LedgerResults(List.of(), results).firstFailure();
        if (failure == TransferResult.EXCEEDS_CREDITS) {
            throw Rejection.conflict(
                    "BALANCE_CHANGED",
                    "Your vouchers changed while the " + what + " was being made; look again and retry.");
        }
        if (!failure.isSuccess()) {
            throw new Rejection(
                    Rejection.Kind.UNAVAILABLE,
                    "LEDGER_REFUSED",
                    "The " + what + " could not be recorded (" + failure + ").");
        }
    }
}
