package dev.dangol.settlement.internal;

import static dev.dangol.program.VoucherLedger.CODE_MERCHANT_PAYABLE;
import static dev.dangol.program.VoucherLedger.MONEY;
import static dev.dangol.program.VoucherLedger.TRANSFER_FEE;
import static dev.dangol.program.VoucherLedger.TRANSFER_PAYMENT;
import static dev.dangol.program.VoucherLedger.TRANSFER_PAYMENT_CANCELLATION;
import static dev.dangol.program.VoucherLedger.TRANSFER_SETTLEMENT;

import dev.dangol.ledger.AccountBalance;
import dev.dangol.ledger.HistoryWindow;
import dev.dangol.ledger.Ledger;
import dev.dangol.ledger.TransferFlag;
import dev.dangol.ledger.TransferRecord;
import dev.dangol.program.VoucherLedger;
import dev.dangol.shared.Ids;
import dev.dangol.shared.MerchantId;
import dev.dangol.shared.Money;
import dev.dangol.shared.ProgramId;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Reads merchants' takings from the ledger alone: the history of each merchant's payable account
 * ({@link VoucherLedger#merchantPayable}), one bounded page at a time. Only money that moved counts: a pending
 * transfer and a void move nothing posted, a single transfer and a post do.
 */
final class LedgerTakings {

    /** Accounts and transfers read per page. */
    static final int PAGE = 1_000;

    /** The history of the whole ledger's life: from the epoch to far beyond any clock Dangol will run on. */
    static final Instant BEGINNING = Instant.EPOCH;

    static final Instant END_OF_TIME = Instant.parse("9999-01-01T00:00:00Z");

    private final Ledger ledger;

    LedgerTakings(Ledger ledger) {
        this.ledger = ledger;
    }

    /** Calls back with every merchant payable account there is, one page read at a time. */
    void forEachPayable(Consumer<AccountBalance> visit) {
        String after = null;
        while (true) {
            List<AccountBalance> page = ledger.accountsByCode(MONEY, CODE_MERCHANT_PAYABLE, after, PAGE);
            page.forEach(visit);
            if (page.size() < PAGE) {
                return;
            }
            after = page.getLast().id();
        }
    }

    /** The program and merchant a payable account belongs to, if its id has the layout's form. */
    static Optional<Owner> ownerOf(String payableAccountId) {
        String[] parts = payableAccountId.split(":", -1);
        if (parts.length != 3 || !parts[0].equals("payable") || !Ids.isValid(parts[1]) || !Ids.isValid(parts[2])) {
            return Optional.empty();
        }
        return Optional.of(new Owner(ProgramId.of(parts[1]), MerchantId.of(parts[2])));
    }

    record Owner(ProgramId program, MerchantId merchant) {}

    /** What moved through a merchant's payable account in the window [from, until). */
    Takings takings(ProgramId program, MerchantId merchant, Instant from, Instant until) {
        String account = VoucherLedger.merchantPayable(program, merchant);
        long payments = 0;
        long cancellations = 0;
        long fees = 0;
        long settled = 0;
        long unexplained = 0;
        int paymentCount = 0;
        int cancellationCount = 0;
        HistoryWindow window = HistoryWindow.first(account, from, until, PAGE);
        while (true) {
            List<TransferRecord> page = ledger.transfersOf(window);
            for (TransferRecord record : page) {
                if (!movedPostedMoney(record)) {
                    continue;
                }
                long amount = record.transfer().amount();
                boolean credit = account.equals(record.transfer().creditAccountId());
                int code = record.transfer().code();
                if (code == TRANSFER_PAYMENT && credit) {
                    payments = Math.addExact(payments, amount);
                    paymentCount++;
                } else if (code == TRANSFER_PAYMENT_CANCELLATION && !credit) {
                    cancellations = Math.addExact(cancellations, amount);
                    cancellationCount++;
                } else if (code == TRANSFER_FEE && !credit) {
                    fees = Math.addExact(fees, amount);
                } else if (code == TRANSFER_SETTLEMENT && !credit) {
                    settled = Math.addExact(settled, amount);
                } else {
                    unexplained = Math.addExact(unexplained, credit ? amount : -amount);
                }
            }
            if (page.size() < window.limit()) {
                break;
            }
            window = window.after(page.getLast());
        }
        return new Takings(
                program,
                merchant,
                Money.krw(payments),
                paymentCount,
                Money.krw(cancellations),
                cancellationCount,
                Money.krw(fees),
                Money.krw(settled),
                Money.krw(unexplained));
    }

    /** A single-phase transfer or the post of a pending one: what changed posted balances. */
    static boolean movedPostedMoney(TransferRecord record) {
        return record.succeeded()
                && !record.transfer().has(TransferFlag.PENDING)
                && !record.transfer().has(TransferFlag.VOID_PENDING);
    }
}
