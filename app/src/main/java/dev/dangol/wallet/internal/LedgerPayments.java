package dev.dangol.wallet.internal;

import static dev.dangol.program.VoucherLedger.*;

import dev.dangol.ledger.Account;
import dev.dangol.ledger.AccountBalance;
import dev.dangol.ledger.AccountFlag;
import dev.dangol.ledger.AccountQuery;
import dev.dangol.ledger.Chains;
import dev.dangol.ledger.Ledger;
import dev.dangol.ledger.LedgerResults;
import dev.dangol.ledger.Transfer;
import dev.dangol.ledger.TransferRecord;
import dev.dangol.ledger.TransferResult;
import dev.dangol.merchant.Eligibility;
import dev.dangol.merchant.Merchant;
import dev.dangol.merchant.MerchantStatus;
import dev.dangol.merchant.Merchants;
import dev.dangol.program.Program;
import dev.dangol.program.Programs;
import dev.dangol.shared.MerchantId;
import dev.dangol.shared.Money;
import dev.dangol.shared.PersonId;
import dev.dangol.shared.ProgramId;
import dev.dangol.shared.Rejection;
import dev.dangol.wallet.MerchantPayments;
import dev.dangol.wallet.Payment;
import dev.dangol.wallet.PaymentId;
import dev.dangol.wallet.PaymentOrder;
import dev.dangol.wallet.PaymentStatus;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Paying merchants as ledger chains (decision 0013).
 *
 * <p>A payment is one linked chain: a part from each lot, earliest expiry first, into the merchant's payable account
 * for the program, then the payer's holding room back. Its transfer ids are derived from the payment id, and the first
 * part carries the payer, the whole amount and the number of parts, so the ledger alone can answer a retry.
 *
 * <p>A cancellation is one chain back: each part returns to the lot it came from, so the lot keeps its expiry. A lot
 * that expired meanwhile gets its part back and loses it to the program's expired account in the same chain, as the
 * expiry job would have done. The holding room is used again; when the payer bought up to the cap since, the part
 * that does not fit is booked to the payer's over-cap account instead of being refused, since the vouchers were the
 * payer's before the merchant cancelled: the next payments pay that account back before they give holding room.
 */
public final class LedgerPayments implements MerchantPayments {

    /** A cancellation whose chain lost a race (such as the payer's holding room) is tried again, this many times. */
    private static final int CANCEL_ATTEMPTS = 3;

    private static final int PARTS_MAX = 1_000;

    private final Ledger ledger;
    private final Programs programs;
    private final Merchants merchants;
    private final Clock clock;
    private final PersonLocks locks;
    private final PaymentRecords records;

    LedgerPayments(
            Ledger ledger,
            Programs programs,
            Merchants merchants,
            Clock clock,
            PersonLocks locks,
            PaymentRecords records) {
        this.ledger = ledger;
        this.programs = programs;
        this.merchants = merchants;
        this.clock = clock;
        this.locks = locks;
        this.records = records;
    }

    /** Payments kept in memory, sharing the wallets' per-person locks: for tests without a database. */
    public static LedgerPayments inMemory(
            Ledger ledger, Programs programs, Merchants merchants, Clock clock, LedgerWallets wallets) {
        return new LedgerPayments(
                ledger, programs, merchants, clock, wallets.personLocks(), new InMemoryPaymentRecords());
    }

    /** The account that carries what a cancellation gave back beyond the payer's holding cap. */
    static String overCap(PersonId person, ProgramId program) {
        return "holding-over:" + person + ":" + program;
    }

    static Account overCapAccount(PersonId person, ProgramId program) {
        return Account.of(
                overCap(person, program),
                HOLDING,
                CODE_PERSON_LIMIT,
                Set.of(AccountFlag.CREDITS_MUST_NOT_EXCEED_DEBITS));
    }

    private static String part(PaymentId id, int n) {
        return "p:" + id + ":part:" + n;
    }

    private static String cancelStep(PaymentId id, int attempt, String step) {
        return "pc" + attempt + ":" + id + ":" + step;
    }

    // Paying.

    @Override
    public Payment pay(PaymentOrder order) {
        Program program = programs.program(order.program())
                .orElseThrow(
                        () -> Rejection.notFound("PROGRAM_NOT_FOUND", "There is no program " + order.program() + "."));
        if (!order.amount().isPositive()) {
            throw Rejection.invalid("AMOUNT_NOT_POSITIVE", "Choose an amount above zero to pay.");
        }
        // A retry gets the first answer, even if the merchant has been suspended since.
        Optional<Payment> earlier = earlier(order);
        if (earlier.isPresent()) {
            return earlier.get();
        }
        Merchant merchant = merchants
                .merchant(order.merchant())
                .orElseThrow(() -> Rejection.notFound(
                        "MERCHANT_NOT_FOUND",
                        "There is no merchant " + order.merchant() + "; scan the shop's code again or ask the shop."));
        switch (merchant.status()) {
            case MerchantStatus.Active active -> {}
            case MerchantStatus.Suspended suspended ->
                throw Rejection.refused(
                        "MERCHANT_SUSPENDED",
                        merchant.nameKorean() + " cannot accept vouchers at the moment (" + suspended.reason()
                                + "); pay another way.");
            case MerchantStatus.Closed closed ->
                throw Rejection.refused(
                        "MERCHANT_CLOSED",
                        merchant.nameKorean() + " no longer accepts vouchers (" + closed.reason()
                                + "); pay another way.");
        }
        if (merchants.eligibility(merchant, program.id()) instanceof Eligibility.NotEligible(String reason)) {
            throw Rejection.refused(
                    "MERCHANT_NOT_ELIGIBLE",
                    merchant.nameKorean() + " cannot accept " + program.name() + ": " + reason);
        }
        return locks.with(order.payer(), () -> payLocked(order, program));
    }

    private Payment payLocked(PaymentOrder order, Program program) {
        Optional<Payment> earlier = earlier(order);
        if (earlier.isPresent()) {
            return earlier.get();
        }
        PersonId payer = order.payer();
        ProgramId programId = program.id();
        PaymentId id = order.id();
        Instant now = clock.instant();
        List<AccountBalance> lots = spendable(payer, programId, now);
        long balance = lots.stream().mapToLong(AccountBalance::available).sum();
        long amount = order.amount().krw();
        if (balance < amount) {
            throw Rejection.refused(
                    "INSUFFICIENT_BALANCE",
                    "You have " + Money.krw(balance) + " of " + program.name() + ", " + Money.krw(amount - balance)
                            + " short of " + order.amount() + "; buy more or pay a smaller amount.",
                    Map.of("balance", balance, "shortfall", amount - balance));
        }
        String payable = merchantPayable(programId, order.merchant());
        List<Account> accounts = List.of(
                merchantPayableAccount(programId, order.merchant()),
                personLimit(holding(payer, programId), HOLDING),
                overCapAccount(payer, programId));
        List<Transfer> transfers = new ArrayList<>();
        transfers.add(
                Grants.grant(holdingControl(programId), holding(payer, programId), program.holdingCap(), HOLDING));
        List<Transfer> chain = new ArrayList<>();
        List<Payment.LotUse> uses = new ArrayList<>();
        long left = amount;
        for (AccountBalance lot : lots) {
            if (left == 0) {
                break;
            }
            long take = Math.min(left, lot.available());
            chain.add(Transfer.single(part(id, uses.size()), lot.id(), payable, take, MONEY, TRANSFER_PAYMENT));
            uses.add(new Payment.LotUse(lot.id(), Money.krw(take), LotAccounts.validUntil(lot)));
            left -= take;
        }
        if (uses.size() > PARTS_MAX) {
            throw Rejection.refused(
                    "TOO_MANY_LOTS",
                    "This payment would take from " + uses.size() + " lots, more than " + PARTS_MAX
                            + " at once; pay a smaller amount.");
        }
        // The first part is the payment's marker: it names the payer, the whole amount and how many parts there are.
        chain.set(0, chain.getFirst().withUserData(payer.value(), amount, uses.size()));
        long owed = ledger.lookupAccount(overCap(payer, programId))
                .map(a -> a.debitsPosted() - a.creditsPosted())
                .orElse(0L);
        long repay = Math.min(Math.max(owed, 0), amount);
        if (repay > 0) {
            chain.add(Transfer.single(
                    "p:" + id + ":over",
                    holdingControl(programId),
                    overCap(payer, programId),
                    repay,
                    HOLDING,
                    TRANSFER_PAYMENT));
        }
        if (amount - repay > 0) {
            chain.add(Transfer.single(
                    "p:" + id + ":holding",
                    holdingControl(programId),
                    holding(payer, programId),
                    amount - repay,
                    HOLDING,
                    TRANSFER_PAYMENT));
        }
        transfers.addAll(Chains.link(chain));
        LedgerResults results = ledger.submit(accounts, transfers);
        TransferResult marker = results.transfers().get(1);
        if (!marker.isSuccess()) {
            Optional<Payment> raced = earlier(order);
            if (raced.isPresent()) {
                return raced.get();
            }
            throw balanceChanged();
        }
        Payment payment = new Payment(
                id, payer, order.merchant(), programId, order.amount(), uses, now, PaymentStatus.PAID, null);
        records.insert(payment);
        return records.find(id).orElse(payment);
    }

    private static Rejection balanceChanged() {
        return Rejection.conflict(
                "BALANCE_CHANGED",
                "Your vouchers changed while paying; look again and pay with a new Idempotency-Key.");
    }

    /** The lots a payment may take from now: spendable and valid, earliest expiry first. */
    private List<AccountBalance> spendable(PersonId person, ProgramId program, Instant now) {
        List<AccountBalance> lots = new ArrayList<>(
                ledger.queryAccounts(AccountQuery.byUserData(LotAccounts.owner(person, program), CODE_LOT)).stream()
                        .filter(l ->
                                l.available() > 0 && LotAccounts.validUntil(l).isAfter(now))
                        .toList());
        lots.sort(LotAccounts.SPENDING_ORDER);
        return lots;
    }

    /** The payment this order's id already made, if any; refused if the id was used for another order. */
    private Optional<Payment> earlier(PaymentOrder order) {
        Optional<Payment> stored = records.find(order.id());
        if (stored.isPresent()) {
            Payment p = stored.get();
            if (!p.payer().equals(order.payer())
                    || !p.merchant().equals(order.merchant())
                    || !p.program().equals(order.program())
                    || !p.amount().equals(order.amount())) {
                throw keyReused();
            }
            return stored;
        }
        Optional<TransferRecord> first = ledger.lookupTransfer(part(order.id(), 0));
        if (first.isEmpty()) {
            return Optional.empty();
        }
        Transfer marker = first.get().transfer();
        if (!marker.creditAccountId().equals(merchantPayable(order.program(), order.merchant()))
                || !order.payer().value().equals(marker.userData128())
                || marker.userData64() != order.amount().krw()) {
            throw keyReused();
        }
        if (!first.get().succeeded()) {
            throw new Rejection(
                    Rejection.Kind.CONFLICT,
                    "BALANCE_CHANGED",
                    "This payment failed when first tried because the vouchers changed meanwhile; pay with a new"
                            + " Idempotency-Key.");
        }
        return Optional.of(rebuild(order.id(), first.get()));
    }

    private static Rejection keyReused() {
        return Rejection.conflict(
                "IDEMPOTENCY_KEY_REUSED",
                "This Idempotency-Key was already used for another payment; use a new key for a new payment.");
    }

    /**
     * A payment read back from its ledger transfers, when its record was not written (the node stopped between the
     * ledger and the record); the record is written now.
     */
    private Payment rebuild(PaymentId id, TransferRecord first) {
        Transfer marker = first.transfer();
        int parts = marker.userData32();
        List<String> ids = new ArrayList<>();
        for (int n = 0; n < parts; n++) {
            ids.add(part(id, n));
        }
        Map<String, TransferRecord> found = ledger.lookupTransfers(ids);
        List<String> lotIds =
                ids.stream().map(t -> found.get(t).transfer().debitAccountId()).toList();
        Map<String, AccountBalance> lots = ledger.lookupAccounts(lotIds);
        List<Payment.LotUse> uses = new ArrayList<>();
        for (String t : ids) {
            Transfer transfer = found.get(t).transfer();
            uses.add(new Payment.LotUse(
                    transfer.debitAccountId(),
                    Money.krw(transfer.amount()),
                    LotAccounts.validUntil(lots.get(transfer.debitAccountId()))));
        }
        String payable = marker.creditAccountId();
        String[] names = payable.split(":", 3);
        PersonId payer = PersonId.of(marker.userData128());
        Payment payment = new Payment(
                id,
                payer,
                MerchantId.of(names[2]),
                ProgramId.of(names[1]),
                Money.krw(marker.userData64()),
                uses,
                first.createdAt(),
                PaymentStatus.PAID,
                null);
        Optional<Instant> cancelled = cancelledAt(id);
        if (cancelled.isPresent()) {
            payment = payment.cancelled(cancelled.get());
        }
        records.insert(payment);
        return payment;
    }

    // Cancelling.

    @Override
    public Payment cancel(MerchantId merchant, PaymentId id) {
        Payment payment = records.find(id)
                .orElseThrow(() -> Rejection.notFound("PAYMENT_NOT_FOUND", "There is no payment " + id + "."));
        if (!payment.merchant().equals(merchant)) {
            throw Rejection.forbidden(
                    "NOT_YOUR_PAYMENT", "Only the merchant that received payment " + id + " can cancel it.");
        }
        return locks.with(payment.payer(), () -> cancelLocked(payment));
    }

    private Optional<Instant> cancelledAt(PaymentId id) {
        List<String> markers = new ArrayList<>();
        for (int attempt = 0; attempt < CANCEL_ATTEMPTS; attempt++) {
            markers.add(cancelStep(id, attempt, "part:0"));
        }
        Map<String, TransferRecord> found = ledger.lookupTransfers(markers);
        return found.values().stream()
                .filter(TransferRecord::succeeded)
                .map(TransferRecord::createdAt)
                .findFirst();
    }

    private Payment cancelLocked(Payment payment) {
        PaymentId id = payment.id();
        Optional<Instant> done = cancelledAt(id);
        if (done.isPresent()) {
            records.markCancelled(id, done.get());
            return payment.status() == PaymentStatus.CANCELLED ? payment : payment.cancelled(done.get());
        }
        Instant now = clock.instant();
        LocalDate paidOn = LocalDate.ofInstant(payment.paidAt(), LedgerWallets.KOREA);
        if (!paidOn.equals(LocalDate.ofInstant(now, LedgerWallets.KOREA))) {
            throw Rejection.refused(
                    "CANCEL_WINDOW_PASSED",
                    "A payment can be cancelled only on the day it was made (until midnight, Korean time); this one"
                            + " was made on " + paidOn + ". Refund the customer another way.");
        }
        for (int attempt = 0; attempt < CANCEL_ATTEMPTS; attempt++) {
            if (ledger.lookupTransfer(cancelStep(id, attempt, "part:0")).isPresent()) {
                continue;
            }
            Failure failure = submitCancel(payment, attempt, now);
            if (failure == null) {
                records.markCancelled(id, now);
                return payment.cancelled(now);
            }
            // The merchant's payable short means settlement paid it out; anything else lost a race: try again.
            if (failure.result() == TransferResult.EXCEEDS_CREDITS
                    && failure.step().startsWith("part:")) {
                throw Rejection.refused(
                        "PAYMENT_ALREADY_SETTLED",
                        "This payment has already been paid out to the merchant, so it cannot be cancelled here;"
                                + " refund the customer another way.");
            }
        }
        throw Rejection.unavailable(
                "CANCEL_NOT_RECORDED", "The cancellation could not be recorded just now; try again in a moment.");
    }

    /** The step of a chain that failed, and why. */
    private record Failure(String step, TransferResult result) {}

    /** One attempt at the cancellation chain: null when it succeeded, else the step that failed. */
    private Failure submitCancel(Payment payment, int attempt, Instant now) {
        PaymentId id = payment.id();
        PersonId payer = payment.payer();
        ProgramId programId = payment.program();
        String payable = merchantPayable(programId, payment.merchant());
        List<Transfer> chain = new ArrayList<>();
        long stillValid = 0;
        int n = 0;
        for (Payment.LotUse use : payment.lots()) {
            long amount = use.amount().krw();
            chain.add(Transfer.single(
                    cancelStep(id, attempt, "part:" + n),
                    payable,
                    use.lotId(),
                    amount,
                    MONEY,
                    TRANSFER_PAYMENT_CANCELLATION));
            if (use.validUntil().isAfter(now)) {
                stillValid += amount;
            } else {
                chain.add(Transfer.single(
                        cancelStep(id, attempt, "expire:" + n),
                        use.lotId(),
                        expired(programId),
                        amount,
                        MONEY,
                        TRANSFER_EXPIRY));
            }
            n++;
        }
        long room = ledger.lookupAccount(holding(payer, programId))
                .map(AccountBalance::available)
                .orElse(0L);
        long fromRoom = Math.min(Math.max(room, 0), stillValid);
        if (fromRoom > 0) {
            chain.add(Transfer.single(
                    cancelStep(id, attempt, "holding"),
                    holding(payer, programId),
                    holdingControl(programId),
                    fromRoom,
                    HOLDING,
                    TRANSFER_PAYMENT_CANCELLATION));
        }
        if (stillValid - fromRoom > 0) {
            chain.add(Transfer.single(
                    cancelStep(id, attempt, "over"),
                    overCap(payer, programId),
                    holdingControl(programId),
                    stillValid - fromRoom,
                    HOLDING,
                    TRANSFER_PAYMENT_CANCELLATION));
        }
        LedgerResults results = ledger.submit(
                List.of(personLimit(holding(payer, programId), HOLDING), overCapAccount(payer, programId)),
                Chains.link(chain));
        for (int i = 0; i < chain.size(); i++) {
            TransferResult result = results.transfers().get(i);
            if (!result.isSuccess() && result != TransferResult.LINKED_EVENT_FAILED) {
                String step = chain.get(i).id();
                return new Failure(step.substring(step.indexOf(':', step.indexOf(':') + 1) + 1), result);
            }
        }
        return results.transfers().getFirst().isSuccess()
                ? null
                : new Failure("chain", TransferResult.LINKED_EVENT_FAILED);
    }

    // Reading.

    @Override
    public Optional<Payment> payment(PaymentId id) {
        return records.find(id);
    }

    @Override
    public List<Payment> day(MerchantId merchant, LocalDate day, int limit) {
        if (limit < 1 || limit > 10_000) {
            throw new IllegalArgumentException("a day's list holds 1 to 10,000 payments, not " + limit);
        }
        Instant from = day.atStartOfDay(LedgerWallets.KOREA).toInstant();
        Instant to = day.plusDays(1).atStartOfDay(LedgerWallets.KOREA).toInstant();
        return records.byMerchant(merchant, from, to, limit);
    }
}
