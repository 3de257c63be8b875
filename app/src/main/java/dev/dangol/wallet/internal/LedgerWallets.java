package dev.dangol.wallet.internal;

import static dev.dangol.program.VoucherLedger.*;

import dev.dangol.ledger.Account;
import dev.dangol.ledger.AccountBalance;
import dev.dangol.ledger.AccountQuery;
import dev.dangol.ledger.Chains;
import dev.dangol.ledger.ExpiredTransfer;
import dev.dangol.ledger.Ledger;
import dev.dangol.ledger.LedgerResults;
import dev.dangol.ledger.PendingState;
import dev.dangol.ledger.Transfer;
import dev.dangol.ledger.TransferFlag;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Wallet operations as ledger chains (DESIGN.md, Money).
 *
 * <p>A purchase is one chain that holds the round's budget and credits the new lot, pending, with the buyer's payment
 * and the round's subsidy, and uses at once the person's round cap, monthly limit (and card limit) and holding room.
 * Confirming posts what is held; releasing voids it and gives the limits back, and so does a lapsed hold, with the
 * lapse job (decision 0018). Transfer ids are derived from the purchase id, so
 * every step is idempotent by construction, and the purchase itself is read back from the ledger: there is no
 * second copy of any balance.
 */
public final class LedgerWallets implements Wallets {

    /** Korean time: monthly limits turn over at midnight in Seoul. */
    static final ZoneId KOREA = ZoneId.of("Asia/Seoul");

    /** The most expiry notices one run of {@link #returnLapsedLimits} reads: four returns each fit one submission. */
    private static final int LAPSE_PAGE_MAX = 1_000;

    /**
     * How many of this node's unsettled reservations it keeps at hand to settle without a read: a few seconds of a
     * launch's purchases (the time a payment takes), a few megabytes.
     */
    private static final int RECENT_RESERVATIONS = 8_192;

    private final Ledger ledger;
    private final Programs programs;
    private final Clock clock;
    private final Duration holdTime;
    private final PurchaseRecords records;
    private final Refunds refunds;
    private final Gifting gifting;
    private final PersonLocks locks;
    private final RecentReservations recent;

    /**
     * @param holdTime how long a reservation holds the budget before the ledger voids it and the person's limits
     *     come back ({@link #returnLapsedLimits})
     */
    public LedgerWallets(Ledger ledger, Programs programs, Clock clock, Duration holdTime) {
        if (holdTime.isNegative() || holdTime.isZero() || holdTime.compareTo(Duration.ofHours(24)) > 0) {
            throw new IllegalArgumentException("a hold lasts more than zero and at most 24 hours, not " + holdTime);
        }
        this.ledger = ledger;
        this.programs = programs;
        this.clock = clock;
        this.holdTime = holdTime;
        this.locks = new PersonLocks(1024);
        this.recent = new RecentReservations(RECENT_RESERVATIONS);
        this.records = new PurchaseRecords(ledger);
        this.refunds = new Refunds(ledger, programs, clock, locks, records);
        this.gifting = new Gifting(ledger, programs, clock, locks);
    }

    /** The per-person locks, shared with payments to merchants so that a person's wallet operations take turns. */
    PersonLocks personLocks() {
        return locks;
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
            Optional<Reservation> earlier = records.load(id);
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
        transfers.add(Grants.grant(
                roundCapControl(round.id()), roundCap(buyer, round.id()), round.perPersonCap(), ROUND_CAP));
        transfers.add(Grants.grant(
                quotaControl(programId),
                quota(buyer, programId, month),
                program.monthlyPurchaseLimit(),
                MONTHLY_QUOTA));
        if (card) {
            transfers.add(Grants.grant(
                    cardQuotaControl(programId),
                    cardQuota(buyer, programId, month),
                    program.cardMonthlyLimit(),
                    CARD_QUOTA));
        }
        transfers.add(
                Grants.grant(holdingControl(programId), holding(buyer, programId), program.holdingCap(), HOLDING));
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
                limitLink(
                        id,
                        "roundcap",
                        roundCap(buyer, round.id()),
                        roundCapControl(round.id()),
                        face,
                        ROUND_CAP,
                        round.id(),
                        validUntil));
        chain.put(
                "quota",
                limitLink(
                        id,
                        "quota",
                        quota(buyer, programId, month),
                        quotaControl(programId),
                        face,
                        MONTHLY_QUOTA,
                        round.id(),
                        validUntil));
        if (card) {
            chain.put(
                    "cardquota",
                    limitLink(
                            id,
                            "cardquota",
                            cardQuota(buyer, programId, month),
                            cardQuotaControl(programId),
                            face,
                            CARD_QUOTA,
                            round.id(),
                            validUntil));
        }
        chain.put(
                "holding",
                limitLink(
                        id,
                        "holding",
                        holding(buyer, programId),
                        holdingControl(programId),
                        face,
                        HOLDING,
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
            Optional<Reservation> earlier = records.load(id);
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
        recent.add(reservationOf(id, chain, reservedAt, hold));
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

    /** The reservation as the ledger has just recorded it, to settle it later without reading it back. */
    private static Reservation reservationOf(
            PurchaseId id, Map<String, Transfer> chain, Instant reservedAt, long hold) {
        Map<String, TransferRecord> links = new LinkedHashMap<>();
        chain.forEach((name, transfer) -> {
            boolean pending = transfer.flags().contains(TransferFlag.PENDING);
            links.put(
                    name,
                    new TransferRecord(
                            transfer,
                            TransferResult.OK,
                            reservedAt,
                            pending ? PendingState.PENDING : null,
                            pending ? reservedAt.plusSeconds(hold) : null));
        });
        return new Reservation(id, links, null, null, null, null, null, null);
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
        return Transfer.pending(
                        PurchaseRecords.linkId(id, link),
                        debit,
                        credit,
                        amount.krw(),
                        ledgerId,
                        TRANSFER_PURCHASE,
                        hold)
                .withUserData(round.value(), validUntil.getEpochSecond(), 0);
    }

    /**
     * A person's limit used at once (single-phase) rather than held: the budget, payment and subsidy links hold the
     * purchase until it is confirmed, and a reservation given up or lapsed gives the limits back with a transfer of
     * its own ({@link #returnLapsedLimits}, decision 0018). A confirmation then posts three links instead of six.
     */
    private static Transfer limitLink(
            PurchaseId id,
            String link,
            String debit,
            String credit,
            Money amount,
            int ledgerId,
            RoundId round,
            Instant validUntil) {
        return Transfer.single(
                        PurchaseRecords.linkId(id, link), debit, credit, amount.krw(), ledgerId, TRANSFER_PURCHASE)
                .withUserData(round.value(), validUntil.getEpochSecond(), 0);
    }

    /**
     * What gives a reservation's limits back: the reverse of each link that used a limit at once. Links held as
     * pending transfers (all of them, for reservations made before decision 0018) go back with their void or expiry.
     */
    private static List<Transfer> limitReturns(Reservation r, String step) {
        List<Transfer> returns = new ArrayList<>();
        for (Map.Entry<String, TransferRecord> link : r.links.entrySet()) {
            Transfer used = link.getValue().transfer();
            if (!used.flags().contains(TransferFlag.PENDING)) {
                returns.add(Transfer.single(
                        step + link.getKey(),
                        used.creditAccountId(),
                        used.debitAccountId(),
                        used.amount(),
                        used.ledger(),
                        TRANSFER_LIMIT_RETURN));
            }
        }
        return returns;
    }

    /**
     * The returns of a lapsed reservation's limits, under the one set of ids that the lapse job and a release of the
     * lapsed reservation share, so that whichever comes second changes nothing.
     */
    private static List<Transfer> lapseReturns(Reservation r, PurchaseId id) {
        return limitReturns(r, "p:" + id + ":lapse:");
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

    /**
     * Posts (confirm) or voids (release) every held link of a reservation, as one chain; a release also gives the
     * limits back. A reservation this node made is settled from what it kept ({@link RecentReservations}): no read
     * first, and the ledger's answer says whether it was still held.
     */
    private Purchase settle(PersonId buyer, PurchaseId id, boolean confirm) {
        Reservation mine = recent.take(id);
        if (mine != null && mine.buyer.equals(buyer)) {
            return submitSettlement(mine, id, confirm);
        }
        Reservation r = records.loadLinks(id)
                .filter(found -> found.buyer.equals(buyer) && found.failure == null)
                .orElseThrow(() -> Rejection.notFound("PURCHASE_NOT_FOUND", "You have no purchase " + id + "."));
        Instant now = clock.instant();
        PurchaseStatus status = r.status(now);
        switch (status) {
            case RESERVED -> {}
            case CONFIRMED, CANCELLED, REMAINDER_REFUNDED -> {
                if (confirm) {
                    return records.owned(buyer, id).view(now);
                }
                throw Rejection.refused("PURCHASE_ALREADY_CONFIRMED", "This purchase is paid; cancel it instead.");
            }
            case RELEASED, HOLD_EXPIRED -> {
                if (confirm) {
                    throw holdGone(status);
                }
                if (status == PurchaseStatus.RELEASED) {
                    return r.view(status, Money.ZERO);
                }
                // A lapsed hold given up: the release's voids find it lapsed (the ledger expires it then, if its sweep
                // has not yet), and the limits come back now rather than at the lapse job's next run.
            }
        }
        return submitSettlement(r, id, confirm);
    }

    private Purchase submitSettlement(Reservation r, PurchaseId id, boolean confirm) {
        List<Transfer> chain = new ArrayList<>();
        for (Map.Entry<String, TransferRecord> link : r.links.entrySet()) {
            Transfer pending = link.getValue().transfer();
            if (!pending.flags().contains(TransferFlag.PENDING)) {
                continue; // a limit used at once: it stays used if confirmed, and comes back below if released
            }
            String stepId = "p:" + id + ":" + (confirm ? "post:" : "void:") + link.getKey();
            // Naming each link's accounts spares the ledger a read to learn which accounts to lock.
            chain.add(confirm ? Transfer.postOf(stepId, pending, pending.amount()) : Transfer.voidOf(stepId, pending));
        }
        if (!confirm) {
            // Its own ids, not the lapse job's: a release that fails (the hold lapsed meanwhile) keeps its failure
            // under these ids, and the lapse job's returns must still go through.
            chain.addAll(limitReturns(r, "p:" + id + ":release:"));
        }
        LedgerResults results = ledger.submit(List.of(), Chains.link(chain));
        if (results.allTransfersSucceeded() && !results.replayed().contains(Boolean.TRUE)) {
            return confirm ? r.view(PurchaseStatus.CONFIRMED, r.face) : r.view(PurchaseStatus.RELEASED, Money.ZERO);
        }
        return afterSettling(id, confirm, results.firstFailure());
    }

    /** The answer when a settlement did not simply go through: read where the purchase stands now. */
    private Purchase afterSettling(PurchaseId id, boolean confirm, TransferResult failure) {
        Reservation after = records.load(id).orElseThrow();
        Instant now = clock.instant();
        PurchaseStatus settled = after.status(now);
        // A concurrent or earlier retry of the same step may have won the race: its outcome is ours too.
        if (failure.isSuccess()
                || (confirm && settled == PurchaseStatus.CONFIRMED)
                || (!confirm && settled == PurchaseStatus.RELEASED)) {
            return after.view(now);
        }
        if (!confirm && settled == PurchaseStatus.HOLD_EXPIRED) {
            giveBackLapsedLimits(after, id);
            return after.view(now);
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

    /**
     * Gives a lapsed reservation's limits back, as the lapse job would, under the same ids (so whichever comes second
     * changes nothing). Only once the ledger has expired the budget hold: a hold merely past its time by this node's
     * clock could still be posted by a node whose clock is behind.
     */
    private void giveBackLapsedLimits(Reservation r, PurchaseId id) {
        if (r.links.get("budget").pendingState() != PendingState.EXPIRED) {
            return;
        }
        List<Transfer> returns = lapseReturns(r, id);
        if (returns.isEmpty()) {
            return;
        }
        LedgerResults results = ledger.submit(List.of(), Chains.link(returns));
        if (!results.allTransfersSucceeded()) {
            throw new Rejection(
                    Rejection.Kind.UNAVAILABLE,
                    "PURCHASE_FAILED",
                    "The limits of this lapsed reservation could not be given back yet (" + results.firstFailure()
                            + "); they will be shortly.");
        }
    }

    private static Rejection holdGone(PurchaseStatus status) {
        return status == PurchaseStatus.HOLD_EXPIRED
                ? Rejection.refused(
                        "HOLD_EXPIRED", "This reservation was not paid in time and its hold went back to the round.")
                : Rejection.refused("PURCHASE_RELEASED", "This reservation was given up; start a new purchase.");
    }

    @Override
    public Optional<Purchase> purchase(PersonId buyer, PurchaseId id) {
        return records.load(id)
                .filter(r -> r.buyer.equals(buyer) && r.failure == null)
                .map(r -> r.view(clock.instant()));
    }

    // Cancellation, refunds and gifts.

    @Override
    public Refund cancel(PersonId buyer, PurchaseId id) {
        return refunds.cancel(buyer, id);
    }

    @Override
    public Refund refundRemainder(PersonId buyer, PurchaseId id) {
        return refunds.refundRemainder(buyer, id);
    }

    @Override
    public Gift gift(GiftOrder order) {
        return gifting.gift(order);
    }

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
        lots.sort(LotAccounts.SPENDING_ORDER);
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

    /**
     * Lots that expired more than this before the last complete run are not looked at again: without a lower bound
     * every run would scan every lot that ever expired. The overlap catches a lot that got money back after it
     * expired (a merchant's same-day cancellation) or whose expiry lost a race; a restart scans everything once.
     */
    private static final Duration EXPIRY_RESCAN = Duration.ofDays(7);

    /** Epoch second up to which a run found nothing left to expire; the minimum until the first complete run. */
    private volatile long expiredThrough = Long.MIN_VALUE;

    @Override
    public int returnLapsedLimits(int limit) {
        List<ExpiredTransfer> notices = ledger.expiries(Math.clamp(limit, 1, LAPSE_PAGE_MAX));
        if (notices.isEmpty()) {
            return 0;
        }
        List<Transfer> returns = new ArrayList<>();
        for (ExpiredTransfer notice : notices) {
            Optional<PurchaseId> id = PurchaseRecords.purchaseOfBudgetLink(notice.transferId());
            if (id.isEmpty()) {
                continue; // another hold (a gift's, a payment's): nothing of a person's limits to give back
            }
            Optional<Reservation> reservation = records.loadLinks(id.get());
            if (reservation.isEmpty()) {
                continue;
            }
            List<Transfer> chain = lapseReturns(reservation.get(), id.get());
            if (!chain.isEmpty()) {
                returns.addAll(Chains.link(chain));
            }
        }
        if (!returns.isEmpty()) {
            LedgerResults results = ledger.submit(List.of(), returns);
            if (!results.allTransfersSucceeded()) {
                // Not acknowledged: the next run tries these notices again.
                throw new IllegalStateException(
                        "the ledger refused to give lapsed reservations' limits back: " + results.firstFailure());
            }
        }
        ledger.acknowledgeExpiries(
                notices.stream().map(ExpiredTransfer::sequence).toList());
        return notices.size();
    }

    @Override
    public int expireLots(int limit) {
        Instant now = clock.instant();
        long from = expiredThrough == Long.MIN_VALUE ? Long.MIN_VALUE : expiredThrough - EXPIRY_RESCAN.toSeconds();
        int batch = Math.min(limit, 1_000);
        List<AccountBalance> due =
                ledger.queryAccounts(new AccountQuery(null, MONEY, CODE_LOT, from, now.getEpochSecond(), true, batch));
        if (due.size() < batch) {
            expiredThrough = now.getEpochSecond();
        }
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
}
