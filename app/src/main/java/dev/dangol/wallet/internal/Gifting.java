package dev.dangol.wallet.internal;

import static dev.dangol.program.VoucherLedger.*;

import dev.dangol.ledger.Account;
import dev.dangol.ledger.AccountBalance;
import dev.dangol.ledger.AccountQuery;
import dev.dangol.ledger.Chains;
import dev.dangol.ledger.Ledger;
import dev.dangol.ledger.LedgerResults;
import dev.dangol.ledger.Transfer;
import dev.dangol.ledger.TransferRecord;
import dev.dangol.ledger.TransferResult;
import dev.dangol.program.FundingMethod;
import dev.dangol.program.Program;
import dev.dangol.program.Programs;
import dev.dangol.shared.Money;
import dev.dangol.shared.PersonId;
import dev.dangol.shared.ProgramId;
import dev.dangol.shared.Rejection;
import dev.dangol.wallet.Gift;
import dev.dangol.wallet.GiftId;
import dev.dangol.wallet.GiftOrder;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Gifts between members: one chain moves the amount from the giver's giftable lots, earliest expiry first, into new
 * lots of the recipient that keep each source lot's expiry and funding, gives the giver's holding room back and
 * uses the recipient's holding room and monthly gift allowance.
 */
final class Gifting {

    private final Ledger ledger;
    private final Programs programs;
    private final Clock clock;
    private final PersonLocks locks;

    Gifting(Ledger ledger, Programs programs, Clock clock, PersonLocks locks) {
        this.ledger = ledger;
        this.programs = programs;
        this.clock = clock;
        this.locks = locks;
    }

    Gift gift(GiftOrder order) {
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
        YearMonth month = YearMonth.from(now.atZone(LedgerWallets.KOREA));
        List<AccountBalance> lots = new ArrayList<>(
                ledger.queryAccounts(AccountQuery.byUserData(LotAccounts.owner(sender, programId), CODE_LOT)).stream()
                        .filter(l -> l.available() > 0
                                && LotAccounts.validUntil(l).isAfter(now)
                                && program.gifts().giftableFunding().contains(LotAccounts.funding(l)))
                        .toList());
        lots.sort(LotAccounts.SPENDING_ORDER);
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
        transfers.add(
                Grants.grant(holdingControl(programId), holding(sender, programId), program.holdingCap(), HOLDING));
        transfers.add(
                Grants.grant(holdingControl(programId), holding(recipient, programId), program.holdingCap(), HOLDING));
        transfers.add(Grants.grant(
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
}
