package dev.dangol.settlement.internal;

import static dev.dangol.program.VoucherLedger.CODE_FEES;
import static dev.dangol.program.VoucherLedger.CODE_SETTLED;
import static dev.dangol.program.VoucherLedger.MONEY;
import static dev.dangol.program.VoucherLedger.TRANSFER_FEE;
import static dev.dangol.program.VoucherLedger.TRANSFER_SETTLEMENT;

import dev.dangol.ledger.Account;
import dev.dangol.ledger.AccountBalance;
import dev.dangol.ledger.Chains;
import dev.dangol.ledger.Ledger;
import dev.dangol.ledger.LedgerResults;
import dev.dangol.ledger.Transfer;
import dev.dangol.ledger.TransferRecord;
import dev.dangol.merchant.Merchant;
import dev.dangol.merchant.MerchantStatus;
import dev.dangol.merchant.Merchants;
import dev.dangol.program.VoucherLedger;
import dev.dangol.settlement.BusinessCalendar;
import dev.dangol.shared.Money;
import dev.dangol.shared.ProgramId;
import dev.dangol.shared.Rejection;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Settles one business day: for every merchant and program with takings in the day's batch, the fee of the
 * merchant's revenue band and the payout, moved in the ledger as one linked chain from the merchant's payable account
 * (fee to the program's fees account, payout to its settled account). The transfers' ids name the day, the program and
 * the merchant, so running a day again, on this node or another, after a crash or on purpose, never moves money
 * twice: a payout already in the ledger is reported as it was made.
 *
 * <p>A merchant that is suspended, has no bank account or is unknown to the registry is held: nothing moves, its
 * takings stay in its payable account, and the run reports it. Running the day again once the cause is gone pays it.
 * A closed merchant is paid: it is owed what it took before it closed.
 */
final class DailySettlement {

    /** Merchants settled per ledger submission: at most two transfers each, far below the ledger's maximum. */
    static final int MERCHANTS_PER_SUBMISSION = 1_000;

    /** The most payouts one day's run keeps in memory and reports; past it the run refuses rather than truncates. */
    static final int PAYOUTS_PER_DAY_MAX = 2_000_000;

    private static final System.Logger LOG = System.getLogger(DailySettlement.class.getName());

    private final Ledger ledger;
    private final LedgerTakings takings;
    private final Merchants merchants;
    private final BusinessCalendar calendar;
    private final SettlementRecords records;
    private final Clock clock;
    private final int payoutDelayBusinessDays;
    private final SettlementObserver observer;

    DailySettlement(
            Ledger ledger,
            Merchants merchants,
            BusinessCalendar calendar,
            SettlementRecords records,
            Clock clock,
            int payoutDelayBusinessDays,
            SettlementObserver observer) {
        if (payoutDelayBusinessDays < 1 || payoutDelayBusinessDays > 2) {
            throw new IllegalArgumentException(
                    "payouts are made 1 or 2 business days later, not " + payoutDelayBusinessDays);
        }
        this.ledger = ledger;
        this.takings = new LedgerTakings(ledger);
        this.merchants = merchants;
        this.calendar = calendar;
        this.records = records;
        this.clock = clock;
        this.payoutDelayBusinessDays = payoutDelayBusinessDays;
        this.observer = observer;
    }

    BusinessCalendar calendar() {
        return calendar;
    }

    int payoutDelayBusinessDays() {
        return payoutDelayBusinessDays;
    }

    /** Refuses a day that is not a business day, naming the business day whose batch it belongs to. */
    LocalDate requireBusinessDay(LocalDate day) {
        if (!calendar.isBusinessDay(day)) {
            throw Rejection.invalid(
                    "NOT_A_BUSINESS_DAY",
                    day + " is a weekend day or a holiday; its payments are settled with the business day "
                            + calendar.nextBusinessDay(day) + ".");
        }
        return day;
    }

    /** The most recent business day whose batch has closed by now. */
    LocalDate lastClosedBusinessDay() {
        LocalDate today = LocalDate.ofInstant(clock.instant(), BusinessCalendar.SEOUL);
        return calendar.previousBusinessDay(today);
    }

    SettlementRun run(LocalDate day) {
        requireBusinessDay(day);
        Instant from = calendar.batchStart(day);
        Instant until = calendar.batchEnd(day);
        if (clock.instant().isBefore(until)) {
            throw Rejection.refused(
                    "DAY_NOT_CLOSED",
                    "The batch of " + day + " is still open until " + until
                            + "; run its settlement after midnight in Seoul.");
        }
        LocalDate payoutDay = calendar.payoutDay(day, payoutDelayBusinessDays);
        List<Takings> due = new ArrayList<>();
        takings.forEachPayable(account -> LedgerTakings.ownerOf(account.id()).ifPresent(owner -> {
            if (account.creditsPosted() == 0) {
                return;
            }
            Takings t = takings.takings(owner.program(), owner.merchant(), from, until);
            if (t.paymentCount() + t.cancellationCount() > 0) {
                if (due.size() == PAYOUTS_PER_DAY_MAX) {
                    throw new IllegalStateException("more than " + PAYOUTS_PER_DAY_MAX + " payouts in one day");
                }
                due.add(t);
            }
        }));
        List<Payout> payouts = new ArrayList<>(due.size());
        // What an earlier run of this day recorded, read once and only if this run meets a payout already made.
        Map<String, Payout> recorded = new HashMap<>();
        Runnable readRecorded = () -> {
            if (recorded.isEmpty()) {
                for (Payout p : records.payouts(day, PAYOUTS_PER_DAY_MAX)) {
                    recorded.put(p.program() + "|" + p.merchant(), p);
                }
            }
        };
        for (int i = 0; i < due.size(); i += MERCHANTS_PER_SUBMISSION) {
            List<Payout> batch = settle(
                    day,
                    payoutDay,
                    due.subList(i, Math.min(due.size(), i + MERCHANTS_PER_SUBMISSION)),
                    recorded,
                    readRecorded);
            records.save(batch);
            payouts.addAll(batch);
        }
        Instant finishedAt = clock.instant();
        records.finished(day, finishedAt, payouts.size());
        SettlementRun run = new SettlementRun(day, from, until, payoutDay, payouts, finishedAt);
        long held = payouts.stream().filter(p -> p.outcome().isHeld()).count();
        if (held > 0 || run.count(PayoutOutcome.FAILED) > 0) {
            long failed = run.count(PayoutOutcome.FAILED);
            LOG.log(
                    System.Logger.Level.WARNING,
                    () -> "settlement of " + day + ": " + held + " payouts held ("
                            + run.held().krw() + " won still owed), " + failed + " failed; see the run's report");
        }
        observer.settled(run);
        return run;
    }

    private List<Payout> settle(
            LocalDate day,
            LocalDate payoutDay,
            List<Takings> batch,
            Map<String, Payout> recorded,
            Runnable readRecorded) {
        Instant now = clock.instant();
        Set<String> ids = new LinkedHashSet<>();
        for (Takings t : batch) {
            ids.add(Payout.payoutTransferId(day, t.program(), t.merchant()));
            ids.add(Payout.feeTransferId(day, t.program(), t.merchant()));
        }
        Map<String, TransferRecord> earlier = ledger.lookupTransfers(ids);
        Map<String, AccountBalance> payables = ledger.lookupAccounts(batch.stream()
                .map(t -> VoucherLedger.merchantPayable(t.program(), t.merchant()))
                .toList());
        Payout[] decided = new Payout[batch.size()];
        List<Account> accounts = new ArrayList<>();
        Set<ProgramId> programs = new LinkedHashSet<>();
        List<Transfer> transfers = new ArrayList<>();
        Map<Integer, int[]> chainOf = new HashMap<>();
        for (int i = 0; i < batch.size(); i++) {
            Takings t = batch.get(i);
            Optional<Payout> already = alreadyPaid(day, payoutDay, t, earlier, recorded, readRecorded, now);
            if (already.isPresent()) {
                decided[i] = already.get();
                continue;
            }
            Payout payout = decide(day, payoutDay, t, now);
            decided[i] = payout;
            if (payout.outcome() != PayoutOutcome.PAID) {
                continue;
            }
            if (programs.add(t.program())) {
                accounts.add(VoucherLedger.control(VoucherLedger.settled(t.program()), MONEY, CODE_SETTLED));
                accounts.add(VoucherLedger.control(VoucherLedger.fees(t.program()), MONEY, CODE_FEES));
            }
            String payable = VoucherLedger.merchantPayable(t.program(), t.merchant());
            AccountBalance balance = payables.get(payable);
            if (balance == null || balance.available() < t.net().krw()) {
                // Checked before submitting: a transfer id the ledger refused keeps its refusal for ever, so a refused
                // payout could never be made under its id once the cause is gone.
                decided[i] = failed(payout, day, payoutDay, now);
                continue;
            }
            List<Transfer> chain = new ArrayList<>(2);
            if (payout.fee().isPositive()) {
                chain.add(Transfer.single(
                                Payout.feeTransferId(day, t.program(), t.merchant()),
                                payable,
                                VoucherLedger.fees(t.program()),
                                payout.fee().krw(),
                                MONEY,
                                TRANSFER_FEE)
                        .withUserData(t.merchant().value(), day.toEpochDay(), payout.feeBasisPoints()));
            }
            chain.add(Transfer.single(
                            Payout.payoutTransferId(day, t.program(), t.merchant()),
                            payable,
                            VoucherLedger.settled(t.program()),
                            payout.payout().krw(),
                            MONEY,
                            TRANSFER_SETTLEMENT)
                    .withUserData(t.merchant().value(), day.toEpochDay(), payout.feeBasisPoints()));
            chainOf.put(i, new int[] {transfers.size(), chain.size()});
            transfers.addAll(Chains.link(chain));
        }
        if (!transfers.isEmpty()) {
            LedgerResults results = ledger.submit(accounts, transfers);
            for (Map.Entry<Integer, int[]> entry : chainOf.entrySet()) {
                int first = entry.getValue()[0];
                int length = entry.getValue()[1];
                boolean ok = true;
                for (int k = first; k < first + length; k++) {
                    ok &= results.transfers().get(k).isSuccess();
                }
                if (!ok) {
                    decided[entry.getKey()] = failed(decided[entry.getKey()], day, payoutDay, now);
                }
            }
        }
        return List.of(decided);
    }

    /** The payout as the ledger already holds it, when an earlier run (maybe one that crashed after it) made it. */
    private Optional<Payout> alreadyPaid(
            LocalDate day,
            LocalDate payoutDay,
            Takings t,
            Map<String, TransferRecord> earlier,
            Map<String, Payout> recorded,
            Runnable readRecorded,
            Instant now) {
        TransferRecord paid = earlier.get(Payout.payoutTransferId(day, t.program(), t.merchant()));
        if (paid == null || !paid.succeeded()) {
            return Optional.empty();
        }
        TransferRecord fee = earlier.get(Payout.feeTransferId(day, t.program(), t.merchant()));
        Money feeAmount =
                fee != null && fee.succeeded() ? Money.krw(fee.transfer().amount()) : Money.ZERO;
        readRecorded.run();
        Payout before = recorded.get(t.program() + "|" + t.merchant());
        if (before != null && before.outcome() == PayoutOutcome.PAID) {
            return Optional.of(before);
        }
        // The ledger moved the money but the record was never written: rebuild it from the ledger.
        return Optional.of(new Payout(
                day,
                t.program(),
                t.merchant(),
                t.payments(),
                t.paymentCount(),
                t.cancellations(),
                t.cancellationCount(),
                paid.transfer().userData32(),
                feeAmount,
                Money.krw(paid.transfer().amount()),
                PayoutOutcome.PAID,
                merchants
                        .merchant(t.merchant())
                        .map(Merchant::settlementAccount)
                        .orElseThrow(() -> new IllegalStateException("merchant " + t.merchant()
                                + " was paid but is no longer in the registry with an account")),
                payoutDay,
                Payout.reference(day, t.program(), t.merchant()),
                now));
    }

    private Payout decide(LocalDate day, LocalDate payoutDay, Takings t, Instant now) {
        Money net = t.net();
        Optional<Merchant> found = merchants.merchant(t.merchant());
        if (!net.isPositive()) {
            return unpaid(day, payoutDay, t, 0, PayoutOutcome.NOTHING_TO_PAY, now);
        }
        if (found.isEmpty()) {
            return unpaid(day, payoutDay, t, 0, PayoutOutcome.HELD_UNKNOWN_MERCHANT, now);
        }
        Merchant merchant = found.get();
        int rate = merchant.revenueBand().feeBasisPoints();
        if (merchant.status() instanceof MerchantStatus.Suspended) {
            return unpaid(day, payoutDay, t, rate, PayoutOutcome.HELD_SUSPENDED, now);
        }
        if (merchant.settlementAccount() == null) {
            return unpaid(day, payoutDay, t, rate, PayoutOutcome.HELD_NO_ACCOUNT, now);
        }
        Money fee = net.basisPoints(rate);
        return new Payout(
                day,
                t.program(),
                t.merchant(),
                t.payments(),
                t.paymentCount(),
                t.cancellations(),
                t.cancellationCount(),
                rate,
                fee,
                net.minus(fee),
                PayoutOutcome.PAID,
                merchant.settlementAccount(),
                payoutDay,
                Payout.reference(day, t.program(), t.merchant()),
                now);
    }

    private static Payout unpaid(
            LocalDate day, LocalDate payoutDay, Takings t, int rate, PayoutOutcome outcome, Instant now) {
        return new Payout(
                day,
                t.program(),
                t.merchant(),
                t.payments(),
                t.paymentCount(),
                t.cancellations(),
                t.cancellationCount(),
                rate,
                Money.ZERO,
                Money.ZERO,
                outcome,
                null,
                payoutDay,
                Payout.reference(day, t.program(), t.merchant()),
                now);
    }

    private static Payout failed(Payout p, LocalDate day, LocalDate payoutDay, Instant now) {
        return new Payout(
                day,
                p.program(),
                p.merchant(),
                p.payments(),
                p.paymentCount(),
                p.cancellations(),
                p.cancellationCount(),
                p.feeBasisPoints(),
                Money.ZERO,
                Money.ZERO,
                PayoutOutcome.FAILED,
                null,
                payoutDay,
                p.reference(),
                now);
    }
}
