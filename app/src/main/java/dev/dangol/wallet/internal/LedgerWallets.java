package dev.dangol.wallet.internal;

import static dev.dangol.program.VoucherLedger.*;

import dev.dangol.ledger.Account;
import dev.dangol.ledger.AccountBalance;
import dev.dangol.ledger.AccountQuery;
import dev.dangol.ledger.Chains;
import dev.dangol.ledger.Ledger;
import dev.dangol.ledger.LedgerResults;
import dev.dangol.ledger.PendingState;
import dev.dangol.ledger.Transfer;
import dev.dangol.ledger.TransferRecord;
import dev.dangol.ledger.TransferResult;
import dev.dangol.program.FundingMethod;
import dev.dangol.program.Program;
import dev.dangol.program.Programs;
import dev.dangol.program.Round;
import dev.dangol.program.RoundBudget;
import dev.dangol.program.RoundPhase;
import dev.dangol.program.VoucherLedger;
import dev.dangol.shared.Money;
import dev.dangol.shared.PersonId;
import dev.dangol.shared.ProgramId;
import dev.dangol.shared.Rejection;
import dev.dangol.shared.RoundId;
import dev.dangol.wallet.Gift;
import dev.dangol.wallet.GiftId;
import dev.dangol.wallet.GiftOrder;
import dev.dangol.wallet.Lot;
import dev.dangol.wallet.Purchase;
import dev.dangol.wallet.PurchaseId;
import dev.dangol.wallet.PurchaseOrder;
import dev.dangol.wallet.PurchaseStatus;
import dev.dangol.wallet.Refund;
import dev.dangol.wallet.WalletView;
import dev.dangol.wallet.Wallets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Wallet operations as ledger chains (DESIGN.md, Money).
 *
 * <p>A purchase is a pending chain that holds, all at once, the round's budget, the person's round cap, monthly
 * limit (and card limit), and holding room, and credits the new lot with the buyer's payment and the round's subsidy.
 * Confirming posts the chain; releasing or a lapsed hold voids it. Transfer ids are derived from the purchase id, so
 * every step is idempotent by construction, and the purchase itself is read back from the ledger: there is no
 * second copy of any balance.
 */
public final class LedgerWallets implements Wallets {

    /** Korean time: monthly limits turn over at midnight in Seoul. */
    static final ZoneId KOREA = ZoneId.of("Asia/Seoul");

    /** The links of a purchase chain, in order; card quota and subsidy are left out where they do not apply. */
    private static final List<String> LINKS =
            List.of("budget", "roundcap", "quota", "cardquota", "holding", "pay", "subsidy");

    private static final int HISTORY_MAX = 500;

    private final Ledger ledger;
    private final Programs programs;
    private final Clock clock;
    private final Duration holdTime;
    private final PersonLocks locks = new PersonLocks(1024);

    /**
     * @param holdTime how long a reservation holds budget and limits before the ledger voids it
     */
    public LedgerWallets(Ledger ledger, Programs programs, Clock clock, Duration holdTime) {
        if (holdTime.isNegative() || holdTime.isZero() || holdTime.compareTo(Duration.ofHours(24)) > 0) {
            throw new IllegalArgumentException("a hold lasts more than zero and at most 24 hours, not " + holdTime);
        }
        this.ledger = ledger;
        this.programs = programs;
        this.clock = clock;
        this.holdTime = holdTime;
    }

    // Purchases.

    @Override
    public Purchase reserve(PurchaseOrder order) {
        PurchaseId id = PurchaseId.derive(order.buyer(), order.key());
        Terms terms;
        try {
            terms = terms(order);
        } catch (Rejection refused) {
            // A retry must get the first answer even if the round has closed or its rules changed since: a refusal
            // before the ledger is only the answer when the ledger holds nothing for this key.
            Optional<Reservation> earlier = load(id);
            if (earlier.isPresent()) {
                return replay(earlier.get(), order);
            }
            throw refused;
        }
        return reserveNew(id, order, terms);
    }

    /** The round, its program and the discount of an order that passes every check made before the ledger. */
    private record Terms(Round round, Program program, Money subsidy) {}

    private Terms terms(PurchaseOrder order) {
        Round round = programs.round(order.round())
                .orElseThrow(() -> Rejection.notFound("ROUND_NOT_FOUND", "There is no round " + order.round() + "."));
        Program program = programs.program(round.programId()).orElseThrow();
        Money face = order.faceValue();
        if (!face.isPositive()) {
            throw Rejection.invalid(
                    "AMOUNT_NOT_POSITIVE",
                    "Choose a face value above zero, in steps of " + program.purchaseUnit() + ".");
        }
        if (!face.isMultipleOf(program.purchaseUnit())) {
            throw Rejection.invalid(
                    "AMOUNT_NOT_IN_UNITS",
                    "Vouchers of " + program.name() + " are sold in steps of " + program.purchaseUnit() + "; " + face
                            + " is not one.");
        }
        RoundPhase phase = round.scheduledPhaseAt(clock.instant());
        if (phase != RoundPhase.SELLING) {
            throw roundNotSelling(round, phase);
        }
        Money subsidy;
        try {
            subsidy = face.basisPoints(round.discountBasisPoints());
        } catch (ArithmeticException overflow) {
            // Only an absurd face value overflows; it is a bad request, not a server failure.
            throw Rejection.invalid(
                    "AMOUNT_TOO_LARGE", face + " is more than any round sells; choose a smaller face value.");
        }
        return new Terms(round, program, subsidy);
    }

    /**
     * Reserves without reading anything first: the ledger tells whether the key was seen before (its links come
     * back as replays), so that the common case of a new purchase costs one ledger submission and no read.
     */
    private Purchase reserveNew(PurchaseId id, PurchaseOrder order, Terms terms) {
        Round round = terms.round();
        Program program = terms.program();
        Money face = order.faceValue();
        Money subsidy = terms.subsidy();
        Instant now = clock.instant();
        YearMonth month = YearMonth.from(now.atZone(KOREA));
        Money paid = face.minus(subsidy);
        PersonId buyer = order.buyer();
        ProgramId programId = program.id();
        boolean card = order.funding() == FundingMethod.CARD;
        // Whole seconds: the lot keeps its expiry in epoch seconds.
        Instant validUntil = now.atZone(KOREA)
                .plusMonths(program.validityMonths())
                .toInstant()
                .truncatedTo(ChronoUnit.SECONDS);
        String lot = LotAccounts.purchaseLot(id.value());

        List<Account> accounts = new ArrayList<>();
        accounts.add(LotAccounts.lot(lot, buyer, programId, validUntil, order.funding(), false));
        accounts.add(personLimit(roundCap(buyer, round.id()), ROUND_CAP));
        accounts.add(personLimit(quota(buyer, programId, month), MONTHLY_QUOTA));
        if (card) {
            accounts.add(personLimit(cardQuota(buyer, programId, month), CARD_QUOTA));
        }
        accounts.add(personLimit(holding(buyer, programId), HOLDING));

        // Limits are granted once per person (and month) by a transfer whose id says which; repeating it is a no-op.
        List<Transfer> transfers = new ArrayList<>();
        transfers.add(grant(roundCapControl(round.id()), roundCap(buyer, round.id()), round.perPersonCap(), ROUND_CAP));
        transfers.add(grant(
                quotaControl(programId),
                quota(buyer, programId, month),
                program.monthlyPurchaseLimit(),
                MONTHLY_QUOTA));
        if (card) {
            transfers.add(grant(
                    cardQuotaControl(programId),
                    cardQuota(buyer, programId, month),
                    program.cardMonthlyLimit(),
                    CARD_QUOTA));
        }
        transfers.add(grant(holdingControl(programId), holding(buyer, programId), program.holdingCap(), HOLDING));
        int grants = transfers.size();

        long hold = holdTime.toSeconds();
        Map<String, Transfer> chain = new LinkedHashMap<>();
        chain.put(
                "budget",
                reserveLink(
                        id,
                        "budget",
                        budget(round.id()),
                        budgetSold(round.id()),
                        face,
                        ROUND_BUDGET,
                        hold,
                        round.id(),
                        validUntil));
        chain.put(
                "roundcap",
                reserveLink(
                        id,
                        "roundcap",
                        roundCap(buyer, round.id()),
                        roundCapControl(round.id()),
                        face,
                        ROUND_CAP,
                        hold,
                        round.id(),
                        validUntil));
        chain.put(
                "quota",
                reserveLink(
                        id,
                        "quota",
                        quota(buyer, programId, month),
                        quotaControl(programId),
                        face,
                        MONTHLY_QUOTA,
                        hold,
                        round.id(),
                        validUntil));
        if (card) {
            chain.put(
                    "cardquota",
                    reserveLink(
                            id,
                            "cardquota",
                            cardQuota(buyer, programId, month),
                            cardQuotaControl(programId),
                            face,
                            CARD_QUOTA,
                            hold,
                            round.id(),
                            validUntil));
        }
        chain.put(
                "holding",
                reserveLink(
                        id,
                        "holding",
                        holding(buyer, programId),
                        holdingControl(programId),
                        face,
                        HOLDING,
                        hold,
                        round.id(),
                        validUntil));
        chain.put(
                "pay",
                reserveLink(id, "pay", clearing(order.funding()), lot, paid, MONEY, hold, round.id(), validUntil));
        if (subsidy.isPositive()) {
            chain.put(
                    "subsidy",
                    reserveLink(
                            id,
                            "subsidy",
                            VoucherLedger.subsidy(round.id()),
                            lot,
                            subsidy,
                            MONEY,
                            hold,
                            round.id(),
                            validUntil));
        }
        transfers.addAll(Chains.link(List.copyOf(chain.values())));

        LedgerResults results = ledger.submit(accounts, transfers);
        List<String> names = List.copyOf(chain.keySet());
        if (results.replayed().subList(grants, transfers.size()).contains(Boolean.TRUE)) {
            Optional<Reservation> earlier = load(id);
            if (earlier.isEmpty()) {
                throw Rejection.conflict(
                        "IDEMPOTENCY_KEY_REUSED",
                        "This Idempotency-Key was already used for another request; use a new key for a new one.");
            }
            return replay(earlier.get(), order);
        }
        for (int i = 0; i < names.size(); i++) {
            TransferResult result = results.transfers().get(grants + i);
            if (!result.isSuccess() && result != TransferResult.LINKED_EVENT_FAILED) {
                throw purchaseRefusal(names.get(i), result, round, program, buyer, month, face);
            }
        }
        Instant reservedAt = results.timestamp();
        return new Purchase(
                id,
                buyer,
                programId,
                round.id(),
                face,
                paid,
                subsidy,
                order.funding(),
                PurchaseStatus.RESERVED,
                reservedAt,
                reservedAt.plusSeconds(hold),
                validUntil,
                Money.ZERO,
                Money.ZERO);
    }

    private static Transfer grant(String control, String account, Money amount, int ledgerId) {
        return Transfer.single("grant:" + account, control, account, amount.krw(), ledgerId, TRANSFER_GRANT);
    }

    private static Transfer reserveLink(
            PurchaseId id,
            String link,
            String debit,
            String credit,
            Money amount,
            int ledgerId,
            long hold,
            RoundId round,
            Instant validUntil) {
        return Transfer.pending(linkId(id, link), debit, credit, amount.krw(), ledgerId, TRANSFER_PURCHASE, hold)
                .withUserData(round.value(), validUntil.getEpochSecond(), 0);
    }

    private static String linkId(PurchaseId id, String link) {
        return "p:" + id + ":" + link;
    }

    private Purchase replay(Reservation earlier, PurchaseOrder order) {
        if (!earlier.buyer.equals(order.buyer())
                || !earlier.round.equals(order.round())
                || earlier.face.krw() != order.faceValue().krw()
                || earlier.funding != order.funding()) {
            throw Rejection.conflict(
                    "IDEMPOTENCY_KEY_REUSED",
                    "This Idempotency-Key was already used for another purchase; use a new key for a new request.");
        }
        if (earlier.failure != null) {
            // The same refusal as the first time, without today's figures: they may have changed since, and this
            // request's answer must not.
            Rejection first = purchaseRefusal(
                    earlier.failedLink,
                    earlier.failure,
                    programs.round(earlier.round).orElseThrow(),
                    programs.program(earlier.program).orElseThrow(),
                    earlier.buyer,
                    earlier.month(),
                    earlier.face);
            throw new Rejection(
                    first.kind(),
                    first.code(),
                    "This request was refused when first made (" + first.code() + "); send a new Idempotency-Key to"
                            + " try again.");
        }
        return earlier.view(clock.instant());
    }

    private Rejection purchaseRefusal(
            String link,
            TransferResult result,
            Round round,
            Program program,
            PersonId buyer,
            YearMonth month,
            Money face) {
        if (result == TransferResult.EXISTS_WITH_DIFFERENT_FIELDS) {
            return Rejection.conflict(
                    "IDEMPOTENCY_KEY_REUSED",
                    "This Idempotency-Key was already used for another purchase; use a new key for a new request.");
        }
        if (result != TransferResult.EXCEEDS_CREDITS) {
            return new Rejection(
                    Rejection.Kind.UNAVAILABLE,
                    "PURCHASE_FAILED",
                    "The purchase could not be recorded (" + result + "); nothing was charged. Try again.");
        }
        return switch (link) {
            case "budget" -> {
                // The code follows from the order, not from what is left now, so that a retry gets the same one:
                // when a single unit did not fit, the round was sold out; a larger order was too large, and the
                // figure says how much is left now (zero once it is sold out).
                RoundBudget budget = programs.budget(round.id());
                if (!face.exceeds(program.purchaseUnit())) {
                    yield Rejection.refused(
                            "ROUND_SOLD_OUT",
                            round.name() + " is sold out.",
                            Map.of("remaining", budget.remaining().krw()));
                }
                yield Rejection.refused(
                        "ROUND_BUDGET_TOO_SMALL",
                        budget.remaining().compareTo(program.purchaseUnit()) < 0
                                ? round.name() + " is sold out: less than " + face + " was left, and nothing is now."
                                : "Less than " + face + " is left in " + round.name() + ": " + budget.remaining()
                                        + " now; choose at most that.",
                        Map.of("remaining", budget.remaining().krw()));
            }
            case "roundcap" ->
                limitRefusal(
                        "ROUND_CAP_EXCEEDED",
                        "You may buy at most " + round.perPersonCap() + " in this round",
                        roundCap(buyer, round.id()),
                        round.perPersonCap());
            case "quota" ->
                limitRefusal(
                        "MONTHLY_LIMIT_EXCEEDED",
                        "You may buy at most " + program.monthlyPurchaseLimit() + " of " + program.name() + " a month",
                        quota(buyer, program.id(), month),
                        program.monthlyPurchaseLimit());
            case "cardquota" ->
                limitRefusal(
                        "CARD_MONTHLY_LIMIT_EXCEEDED",
                        "You may buy at most " + program.cardMonthlyLimit() + " a month by card",
                        cardQuota(buyer, program.id(), month),
                        program.cardMonthlyLimit());
            case "holding" ->
                limitRefusal(
                        "HOLDING_CAP_EXCEEDED",
                        "You may hold at most " + program.holdingCap() + " of " + program.name() + " at once",
                        holding(buyer, program.id()),
                        program.holdingCap());
            default ->
                new Rejection(
                        Rejection.Kind.UNAVAILABLE,
                        "PURCHASE_FAILED",
                        "The purchase could not be recorded (" + link + ": " + result + "); nothing was charged.");
        };
    }

    private Rejection limitRefusal(String code, String rule, String account, Money limit) {
        Money room = room(account, limit);
        return Rejection.refused(
                code, rule + "; " + room + " is left for you.", Map.of("remaining", room.krw(), "limit", limit.krw()));
    }

    /** What is left of a person's limit; the full limit if it was never used. */
    private Money room(String account, Money limit) {
        return ledger.lookupAccount(account)
                .map(a -> Money.krw(Math.max(0, a.available())))
                .orElse(limit);
    }

    private static Rejection roundNotSelling(Round round, RoundPhase phase) {
        return switch (phase) {
            case UPCOMING ->
                Rejection.refused(
                        "ROUND_NOT_OPEN",
                        round.name() + " opens at " + round.opensAt() + ".",
                        Map.of("opensAt", round.opensAt().toString()));
            case PAUSED ->
                Rejection.refused("ROUND_PAUSED", round.name() + " is paused by its operator; try again shortly.");
            case SOLD_OUT -> Rejection.refused("ROUND_SOLD_OUT", round.name() + " is sold out.");
            case CLOSED -> Rejection.refused("ROUND_CLOSED", round.name() + " has closed.");
            case SELLING -> throw new IllegalStateException("a selling round was refused");
        };
    }

    @Override
    public Purchase confirm(PersonId buyer, PurchaseId id) {
        return settle(buyer, id, true);
    }

    @Override
    public Purchase release(PersonId buyer, PurchaseId id) {
        return settle(buyer, id, false);
    }

    /** Posts (confirm) or voids (release) every link of a reservation, as one chain. */
    private Purchase settle(PersonId buyer, PurchaseId id, boolean confirm) {
        Reservation r = loadLinks(id)
                .filter(found -> found.buyer.equals(buyer) && found.failure == null)
                .orElseThrow(() -> Rejection.notFound("PURCHASE_NOT_FOUND", "You have no purchase " + id + "."));
        Instant now = clock.instant();
        PurchaseStatus status = r.status(now);
        switch (status) {
            case RESERVED -> {}
            case CONFIRMED, CANCELLED, REMAINDER_REFUNDED -> {
                if (confirm) {
                    return owned(buyer, id).view(now);
                }
                throw Rejection.refused("PURCHASE_ALREADY_CONFIRMED", "This purchase is paid; cancel it instead.");
            }
            case RELEASED, HOLD_EXPIRED -> {
                if (!confirm) {
                    return r.view(status, Money.ZERO);
                }
                throw holdGone(status);
            }
        }
        List<Transfer> chain = new ArrayList<>();
        for (Map.Entry<String, TransferRecord> link : r.links.entrySet()) {
            String stepId = "p:" + id + ":" + (confirm ? "post:" : "void:") + link.getKey();
            chain.add(
                    confirm
                            ? Transfer.post(
                                    stepId,
                                    link.getValue().id(),
                                    link.getValue().transfer().amount())
                            : Transfer.voidPending(stepId, link.getValue().id()));
        }
        LedgerResults results = ledger.submit(List.of(), Chains.link(chain));
        if (results.allTransfersSucceeded() && !results.replayed().contains(Boolean.TRUE)) {
            return confirm ? r.view(PurchaseStatus.CONFIRMED, r.face) : r.view(PurchaseStatus.RELEASED, Money.ZERO);
        }
        TransferResult failure = results.firstFailure();
        Reservation after = load(id).orElseThrow();
        PurchaseStatus settled = after.status(clock.instant());
        // A concurrent retry of the same step may have won the race: its outcome is ours too.
        if (failure.isSuccess()
                || (confirm && settled == PurchaseStatus.CONFIRMED)
                || (!confirm && settled == PurchaseStatus.RELEASED)) {
            return after.view(clock.instant());
        }
        throw switch (failure) {
            case PENDING_TRANSFER_EXPIRED -> holdGone(PurchaseStatus.HOLD_EXPIRED);
            case PENDING_TRANSFER_ALREADY_VOIDED -> holdGone(PurchaseStatus.RELEASED);
            case PENDING_TRANSFER_ALREADY_POSTED ->
                Rejection.refused("PURCHASE_ALREADY_CONFIRMED", "This purchase is paid; cancel it instead.");
            default ->
                new Rejection(
                        Rejection.Kind.UNAVAILABLE,
                        "PURCHASE_FAILED",
                        "The purchase could not be updated (" + failure + ").");
        };
    }

    private static Rejection holdGone(PurchaseStatus status) {
        return status == PurchaseStatus.HOLD_EXPIRED
                ? Rejection.refused(
                        "HOLD_EXPIRED", "This reservation was not paid in time and its hold went back to the round.")
                : Rejection.refused("PURCHASE_RELEASED", "This reservation was given up; start a new purchase.");
    }

    @Override
    public Optional<Purchase> purchase(PersonId buyer, PurchaseId id) {
        return load(id).filter(r -> r.buyer.equals(buyer) && r.failure == null).map(r -> r.view(clock.instant()));
    }

    private Reservation owned(PersonId buyer, PurchaseId id) {
        return load(id).filter(r -> r.buyer.equals(buyer) && r.failure == null)
                .orElseThrow(() -> Rejection.notFound("PURCHASE_NOT_FOUND", "You have no purchase " + id + "."));
    }

    // Cancellation and refunds.

    @Override
    public Refund cancel(PersonId buyer, PurchaseId id) {
        return locks.with(buyer, () -> {
            Reservation r = owned(buyer, id);
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
            return load(id).orElseThrow().cancellationRefund();
        });
    }

    @Override
    public Refund refundRemainder(PersonId buyer, PurchaseId id) {
        return locks.with(buyer, () -> {
            Reservation r = owned(buyer, id);
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

    // Gifts.

    @Override
    public Gift gift(GiftOrder order) {
        Program program = programs.program(order.program())
                .orElseThrow(
                        () -> Rejection.notFound("PROGRAM_NOT_FOUND", "There is no program " + order.program() + "."));
        if (!order.amount().isPositive()) {
            throw Rejection.invalid("AMOUNT_NOT_POSITIVE", "Choose an amount above zero to give.");
        }
        if (!program.gifts().enabled()) {
            throw Rejection.refused(
                    "GIFTING_DISABLED", "Gifting " + program.name() + " is switched off at the moment.");
        }
        if (order.sender().equals(order.recipient())) {
            throw Rejection.invalid("GIFT_TO_SELF", "Choose another member to give vouchers to.");
        }
        String giftId = GiftId.derive(order.sender(), order.key()).value();
        return locks.with(order.sender(), () -> giftLocked(order, program, giftId));
    }

    private Gift giftLocked(GiftOrder order, Program program, String giftId) {
        PersonId sender = order.sender();
        PersonId recipient = order.recipient();
        ProgramId programId = program.id();
        String marker = "g:" + giftId + ":recipient-holding";
        Optional<TransferRecord> earlier = ledger.lookupTransfer(marker);
        if (earlier.isPresent()) {
            Transfer t = earlier.get().transfer();
            if (!t.debitAccountId().equals(holding(recipient, programId))
                    || t.amount() != order.amount().krw()) {
                throw Rejection.conflict(
                        "IDEMPOTENCY_KEY_REUSED",
                        "This Idempotency-Key was already used for another gift; use a new key for a new request.");
            }
            if (earlier.get().succeeded()) {
                return new Gift(
                        giftId,
                        sender,
                        recipient,
                        programId,
                        order.amount(),
                        earlier.get().createdAt());
            }
            Rejection first = firstGiftRefusal(giftId, program);
            throw new Rejection(
                    first.kind(),
                    first.code(),
                    "This gift was refused when first made (" + first.code() + "); send a new Idempotency-Key to"
                            + " try again.");
        }
        Instant now = clock.instant();
        YearMonth month = YearMonth.from(now.atZone(KOREA));
        List<AccountBalance> lots = new ArrayList<>(
                ledger.queryAccounts(AccountQuery.byUserData(LotAccounts.owner(sender, programId), CODE_LOT)).stream()
                        .filter(l -> l.available() > 0
                                && LotAccounts.validUntil(l).isAfter(now)
                                && program.gifts().giftableFunding().contains(LotAccounts.funding(l)))
                        .toList());
        lots.sort(SPENDING_ORDER);
        long giftable = lots.stream().mapToLong(AccountBalance::available).sum();
        if (giftable < order.amount().krw()) {
            throw Rejection.refused(
                    "INSUFFICIENT_GIFTABLE_BALANCE",
                    "You can give at most " + Money.krw(giftable) + " of " + program.name()
                            + (program.gifts().giftableFunding().size() < FundingMethod.values().length
                                    ? " (vouchers bought by " + notGiftable(program) + " cannot be given)"
                                    : "")
                            + ".",
                    Map.of("giftable", giftable));
        }
        List<Account> accounts = new ArrayList<>();
        accounts.add(personLimit(holding(sender, programId), HOLDING));
        accounts.add(personLimit(holding(recipient, programId), HOLDING));
        accounts.add(personLimit(giftReceipt(recipient, programId, month), GIFT_RECEIPT));
        List<Transfer> transfers = new ArrayList<>();
        transfers.add(grant(holdingControl(programId), holding(sender, programId), program.holdingCap(), HOLDING));
        transfers.add(grant(holdingControl(programId), holding(recipient, programId), program.holdingCap(), HOLDING));
        transfers.add(grant(
                giftReceiptControl(programId),
                giftReceipt(recipient, programId, month),
                program.gifts().monthlyReceiptLimit(),
                GIFT_RECEIPT));
        int grants = transfers.size();
        List<Transfer> chain = new ArrayList<>();
        List<String> links = new ArrayList<>();
        long left = order.amount().krw();
        int part = 0;
        for (AccountBalance lot : lots) {
            if (left == 0) {
                break;
            }
            long take = Math.min(left, lot.available());
            String target = LotAccounts.giftLot(giftId, part);
            accounts.add(LotAccounts.lot(
                    target, recipient, programId, LotAccounts.validUntil(lot), LotAccounts.funding(lot), true));
            chain.add(Transfer.single("g:" + giftId + ":part:" + part, lot.id(), target, take, MONEY, TRANSFER_GIFT));
            links.add("part");
            left -= take;
            part++;
        }
        long amount = order.amount().krw();
        chain.add(Transfer.single(
                "g:" + giftId + ":sender-holding",
                holdingControl(programId),
                holding(sender, programId),
                amount,
                HOLDING,
                TRANSFER_GIFT));
        links.add("sender-holding");
        chain.add(Transfer.single(
                marker, holding(recipient, programId), holdingControl(programId), amount, HOLDING, TRANSFER_GIFT));
        links.add("recipient-holding");
        chain.add(Transfer.single(
                "g:" + giftId + ":recipient-gift-quota",
                giftReceipt(recipient, programId, month),
                giftReceiptControl(programId),
                amount,
                GIFT_RECEIPT,
                TRANSFER_GIFT));
        links.add("recipient-gift-quota");
        transfers.addAll(Chains.link(chain));
        LedgerResults results = ledger.submit(accounts, transfers);
        for (int i = 0; i < links.size(); i++) {
            TransferResult result = results.transfers().get(grants + i);
            if (result.isSuccess() || result == TransferResult.LINKED_EVENT_FAILED) {
                continue;
            }
            throw giftRefusal(links.get(i), result, program);
        }
        return new Gift(giftId, sender, recipient, programId, order.amount(), now);
    }

    /** The refusal a gift got when first made, read back from the outcomes its links kept. */
    private Rejection firstGiftRefusal(String giftId, Program program) {
        List<String> links = List.of("sender-holding", "recipient-holding", "recipient-gift-quota");
        Map<String, TransferRecord> records = ledger.lookupTransfers(
                links.stream().map(link -> "g:" + giftId + ":" + link).toList());
        for (String link : links) {
            TransferRecord record = records.get("g:" + giftId + ":" + link);
            if (record != null && !record.succeeded() && record.result() != TransferResult.LINKED_EVENT_FAILED) {
                return giftRefusal(link, record.result(), program);
            }
        }
        // Otherwise a part failed: the sender's vouchers changed under the gift.
        return giftRefusal("part", TransferResult.LINKED_EVENT_FAILED, program);
    }

    private static Rejection giftRefusal(String link, TransferResult result, Program program) {
        return switch (link) {
            case "recipient-holding" ->
                Rejection.refused(
                        "RECIPIENT_HOLDING_CAP_EXCEEDED",
                        "The recipient cannot hold that much more " + program.name() + "; give a smaller amount.");
            case "recipient-gift-quota" ->
                Rejection.refused(
                        "RECIPIENT_GIFT_LIMIT_EXCEEDED",
                        "The recipient may receive at most "
                                + program.gifts().monthlyReceiptLimit()
                                + " in gifts a month; give a smaller amount or wait until next month.");
            case "part" ->
                Rejection.conflict(
                        "BALANCE_CHANGED", "Your vouchers changed while giving; look again and retry with a new key.");
            default ->
                new Rejection(
                        Rejection.Kind.UNAVAILABLE,
                        "LEDGER_REFUSED",
                        "The gift could not be recorded (" + result + ").");
        };
    }

    private static String notGiftable(Program program) {
        List<String> methods = new ArrayList<>();
        for (FundingMethod method : FundingMethod.values()) {
            if (!program.gifts().giftableFunding().contains(method)) {
                methods.add(method.name());
            }
        }
        return String.join(" or ", methods);
    }

    /** Earliest expiry first; among equals, the oldest lot first. */
    static final Comparator<AccountBalance> SPENDING_ORDER = Comparator.comparingLong(AccountBalance::userData64)
            .thenComparing(AccountBalance::createdAt)
            .thenComparing(AccountBalance::id);

    // Wallet and expiry.

    @Override
    public WalletView wallet(PersonId person, ProgramId programId) {
        Program program = programs.program(programId)
                .orElseThrow(() -> Rejection.notFound("PROGRAM_NOT_FOUND", "There is no program " + programId + "."));
        Instant now = clock.instant();
        YearMonth month = YearMonth.from(now.atZone(KOREA));
        List<AccountBalance> lots = new ArrayList<>(
                ledger.queryAccounts(AccountQuery.byUserData(LotAccounts.owner(person, programId), CODE_LOT)).stream()
                        .filter(l -> l.creditsPosted() > 0 && l.available() + l.debitsPending() > 0)
                        .toList());
        lots.sort(SPENDING_ORDER);
        List<Lot> views = lots.stream().map(LotAccounts::view).toList();
        long balance = lots.stream()
                .filter(l -> LotAccounts.validUntil(l).isAfter(now))
                .mapToLong(l -> Math.max(0, l.available()))
                .sum();
        return new WalletView(
                person,
                programId,
                month,
                Money.krw(balance),
                program.holdingCap(),
                room(holding(person, programId), program.holdingCap()),
                room(quota(person, programId, month), program.monthlyPurchaseLimit()),
                room(cardQuota(person, programId, month), program.cardMonthlyLimit()),
                room(giftReceipt(person, programId, month), program.gifts().monthlyReceiptLimit()),
                views);
    }

    @Override
    public int expireLots(int limit) {
        Instant now = clock.instant();
        List<AccountBalance> due = ledger.queryAccounts(
                new AccountQuery(null, MONEY, CODE_LOT, now.getEpochSecond(), true, Math.min(limit, 1_000)));
        if (due.isEmpty()) {
            return 0;
        }
        List<Transfer> transfers = new ArrayList<>();
        for (AccountBalance lot : due) {
            PersonId person = LotAccounts.ownerPerson(lot.userData128());
            ProgramId program = LotAccounts.ownerProgram(lot.userData128());
            long amount = lot.available();
            // The lot's posted debits make the id: a lot that expires, then gets money back (a cancelled payment),
            // expires again under a new id.
            String step = "x:" + lot.id() + ":" + lot.debitsPosted() + ":";
            transfers.addAll(Chains.link(List.of(
                    Transfer.single(step + "lot", lot.id(), expired(program), amount, MONEY, TRANSFER_EXPIRY),
                    Transfer.single(
                            step + "holding",
                            holdingControl(program),
                            holding(person, program),
                            amount,
                            HOLDING,
                            TRANSFER_EXPIRY))));
        }
        List<TransferResult> results = ledger.createTransfers(transfers);
        int expired = 0;
        for (int i = 0; i < results.size(); i += 2) {
            if (results.get(i).isSuccess()) {
                expired++;
            }
        }
        return expired;
    }

    // Reading a purchase back from the ledger.

    /** A purchase read from its transfers alone: one read, enough to confirm, release or replay it. */
    private Optional<Reservation> loadLinks(PurchaseId id) {
        List<String> ids = new ArrayList<>();
        for (String link : LINKS) {
            ids.add(linkId(id, link));
        }
        ids.add("p:" + id + ":cancel:budget");
        ids.add("p:" + id + ":post:budget");
        Map<String, TransferRecord> records = ledger.lookupTransfers(ids);
        TransferRecord budget = records.get(linkId(id, "budget"));
        if (budget == null || !records.containsKey(linkId(id, "holding")) || !records.containsKey(linkId(id, "pay"))) {
            return Optional.empty();
        }
        Map<String, TransferRecord> links = new LinkedHashMap<>();
        TransferResult failure = null;
        String failedLink = null;
        for (String link : LINKS) {
            TransferRecord record = records.get(linkId(id, link));
            // A retry with another body may have left a failed record of a link the purchase never had (a card
            // limit link when the purchase was paid by bank): a purchase that went through is its successful links.
            if (record != null && (record.succeeded() || !budget.succeeded())) {
                links.put(link, record);
                if (!record.succeeded() && record.result() != TransferResult.LINKED_EVENT_FAILED && failure == null) {
                    failure = record.result();
                    failedLink = link;
                }
            }
        }
        if (failure == null && !budget.succeeded()) {
            failure = budget.result();
            failedLink = "budget";
        }
        TransferRecord cancellation = records.get("p:" + id + ":cancel:budget");
        return Optional.of(new Reservation(
                id,
                links,
                null,
                failure,
                failedLink,
                cancellation != null && cancellation.succeeded() ? cancellation : null,
                null,
                posted(records.get("p:" + id + ":post:budget"))));
    }

    /** A purchase with its lot: what is left of it and whether its remainder was refunded. */
    private Optional<Reservation> load(PurchaseId id) {
        Optional<Reservation> found = loadLinks(id);
        if (found.isEmpty()) {
            return found;
        }
        Reservation r = found.get();
        AccountBalance lot =
                ledger.lookupAccount(LotAccounts.purchaseLot(id.value())).orElse(null);
        if (lot == null) {
            return Optional.empty();
        }
        Refund remainder = null;
        if (r.links.get("budget").pendingState() == PendingState.POSTED
                && lot.available() == 0
                && lot.debitsPosted() > 0) {
            remainder = remainderRefund(id, lot);
        }
        return Optional.of(
                new Reservation(id, r.links, lot, r.failure, r.failedLink, r.cancellation, remainder, r.payment));
    }

    private static TransferRecord posted(TransferRecord post) {
        return post != null && post.succeeded() ? post : null;
    }

    /** The remainder refund already made from this lot, if any, found in its history. */
    private Refund remainderRefund(PurchaseId id, AccountBalance lot) {
        long toBuyer = 0;
        long toSubsidy = 0;
        boolean found = false;
        for (TransferRecord record : ledger.transfersOf(lot.id(), HISTORY_MAX)) {
            Transfer t = record.transfer();
            if (t.code() == TRANSFER_REFUND && lot.id().equals(t.debitAccountId())) {
                found = true;
                if (t.creditAccountId().startsWith("clearing:")) {
                    toBuyer += t.amount();
                } else {
                    toSubsidy += t.amount();
                }
            }
        }
        return found
                ? new Refund(
                        id,
                        Refund.Kind.REMAINDER,
                        Money.krw(toBuyer + toSubsidy),
                        Money.krw(toBuyer),
                        Money.krw(toSubsidy))
                : null;
    }

    /** A purchase as read from the ledger: its reservation links and its lot. */
    private static final class Reservation {
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
            this.paid = Money.krw(
                    links.containsKey("pay") ? links.get("pay").transfer().amount() : 0);
            this.subsidy = Money.krw(
                    links.containsKey("subsidy")
                            ? links.get("subsidy").transfer().amount()
                            : 0);
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
}
