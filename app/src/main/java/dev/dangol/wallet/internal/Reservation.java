package dev.dangol.wallet.internal;

import static dev.dangol.program.VoucherLedger.*;

import dev.dangol.ledger.AccountBalance;
import dev.dangol.ledger.PendingState;
import dev.dangol.ledger.Transfer;
import dev.dangol.ledger.TransferRecord;
import dev.dangol.ledger.TransferResult;
import dev.dangol.program.FundingMethod;
import dev.dangol.shared.Money;
import dev.dangol.shared.PersonId;
import dev.dangol.shared.ProgramId;
import dev.dangol.shared.RoundId;
import dev.dangol.wallet.Purchase;
import dev.dangol.wallet.PurchaseId;
import dev.dangol.wallet.PurchaseStatus;
import dev.dangol.wallet.Refund;
import java.time.Instant;
import java.time.YearMonth;
import java.util.Map;

/** A purchase as read from the ledger: its reservation links and its lot. */
final class Reservation {
    final PurchaseId id;
    final Map<String, TransferRecord> links;
    final AccountBalance lot;
    final TransferResult failure;
    final String failedLink;
    final TransferRecord cancellation;
    final Refund remainder;
    final TransferRecord payment;
    final PersonId buyer;
    final ProgramId program;
    final RoundId round;
    final Money face;
    final Money paid;
    final Money subsidy;
    final FundingMethod funding;

    Reservation(
            PurchaseId id,
            Map<String, TransferRecord> links,
            AccountBalance lot,
            TransferResult failure,
            String failedLink,
            TransferRecord cancellation,
            Refund remainder,
            TransferRecord payment) {
        this.id = id;
        this.links = links;
        this.lot = lot;
        this.failure = failure;
        this.failedLink = failedLink;
        this.cancellation = cancellation;
        this.remainder = remainder;
        this.payment = payment;
        // holding:{person}:{program} and clearing:{funding} name the buyer, the program and the funding.
        String[] holding = links.get("holding").transfer().debitAccountId().split(":");
        this.buyer = PersonId.of(holding[1]);
        this.program = ProgramId.of(holding[2]);
        Transfer budget = links.get("budget").transfer();
        this.round = RoundId.of(budget.userData128());
        this.face = Money.krw(budget.amount());
        this.paid =
                Money.krw(links.containsKey("pay") ? links.get("pay").transfer().amount() : 0);
        this.subsidy = Money.krw(
                links.containsKey("subsidy") ? links.get("subsidy").transfer().amount() : 0);
        String clearing = links.get("pay").transfer().debitAccountId();
        this.funding = FundingMethod.valueOf(
                clearing.substring(clearing.indexOf(':') + 1).toUpperCase(java.util.Locale.ROOT));
    }

    Instant validUntil() {
        long seconds = links.get("budget").transfer().userData64();
        return seconds != 0 ? Instant.ofEpochSecond(seconds) : LotAccounts.validUntil(lot);
    }

    /** When the purchase was paid (confirmed); the reservation time for one not paid. */
    Instant paidAt() {
        return payment != null ? payment.createdAt() : links.get("budget").createdAt();
    }

    YearMonth month() {
        String quota = links.get("quota").transfer().debitAccountId();
        return YearMonth.parse(quota.substring(quota.lastIndexOf(':') + 1));
    }

    PurchaseStatus status(Instant now) {
        if (cancellation != null) {
            return PurchaseStatus.CANCELLED;
        }
        TransferRecord budget = links.get("budget");
        PendingState state = budget.pendingState();
        return switch (state) {
            case PENDING ->
                budget.expiresAt() != null && !budget.expiresAt().isAfter(now)
                        ? PurchaseStatus.HOLD_EXPIRED
                        : PurchaseStatus.RESERVED;
            case POSTED -> remainder != null ? PurchaseStatus.REMAINDER_REFUNDED : PurchaseStatus.CONFIRMED;
            case VOIDED -> PurchaseStatus.RELEASED;
            case EXPIRED -> PurchaseStatus.HOLD_EXPIRED;
        };
    }

    /** The purchase as read; needs the lot ({@link #load}). */
    Purchase view(Instant now) {
        return view(status(now), Money.krw(Math.max(0, lot.available())));
    }

    /** The purchase in a status just reached, with what its lot now holds. */
    Purchase view(PurchaseStatus status, Money balance) {
        TransferRecord budget = links.get("budget");
        Money refunded = cancellation != null ? paid : remainder != null ? remainder.toBuyer() : Money.ZERO;
        return new Purchase(
                id,
                buyer,
                program,
                round,
                face,
                paid,
                subsidy,
                funding,
                status,
                budget.createdAt(),
                budget.expiresAt(),
                validUntil(),
                balance,
                refunded);
    }

    Refund cancellationRefund() {
        return new Refund(id, Refund.Kind.CANCELLATION, face, paid, subsidy);
    }
}
