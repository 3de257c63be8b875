package dev.dangol.settlement.internal;

import static dev.dangol.program.VoucherLedger.MONEY;
import static dev.dangol.program.VoucherLedger.TRANSFER_PAYMENT;
import static dev.dangol.program.VoucherLedger.TRANSFER_PAYMENT_CANCELLATION;

import dev.dangol.ledger.Account;
import dev.dangol.ledger.Ledger;
import dev.dangol.ledger.Transfer;
import dev.dangol.ledger.TransferResult;
import dev.dangol.program.VoucherLedger;
import dev.dangol.shared.MerchantId;
import dev.dangol.shared.ProgramId;
import java.util.List;
import java.util.Set;

/**
 * Writes citizens' payments to merchants and their cancellations into the ledger with the layout the payments code
 * uses (lot to payable with code 8, payable back to the lot with code 9), so that settlement's tests read only the
 * ledger, as settlement does.
 */
final class LedgerFixture {

    static final String LOT = "lot:test-citizen:1";

    private final Ledger ledger;

    LedgerFixture(Ledger ledger) {
        this.ledger = ledger;
        require(ledger.createAccounts(List.of(
                Account.of("issue:test", MONEY, 99, Set.of()),
                Account.of(LOT, MONEY, VoucherLedger.CODE_LOT, Set.of()))));
        ledger.createTransfers(List.of(Transfer.single("fund-lot", "issue:test", LOT, 1_000_000_000L, MONEY, 99)));
    }

    void pay(String id, ProgramId program, MerchantId merchant, long won) {
        ledger.createAccounts(List.of(
                VoucherLedger.merchantPayableAccount(program, merchant),
                VoucherLedger.control(VoucherLedger.settled(program), MONEY, VoucherLedger.CODE_SETTLED),
                VoucherLedger.control(VoucherLedger.fees(program), MONEY, VoucherLedger.CODE_FEES)));
        requireOk(ledger.createTransfers(List.of(Transfer.single(
                id, LOT, VoucherLedger.merchantPayable(program, merchant), won, MONEY, TRANSFER_PAYMENT))));
    }

    /** A payment made as a pending transfer and then posted, as a two-phase payment would be. */
    void payInTwoPhases(String id, ProgramId program, MerchantId merchant, long won) {
        ledger.createAccounts(List.of(VoucherLedger.merchantPayableAccount(program, merchant)));
        requireOk(ledger.createTransfers(List.of(Transfer.pending(
                id, LOT, VoucherLedger.merchantPayable(program, merchant), won, MONEY, TRANSFER_PAYMENT, 600))));
        requireOk(ledger.createTransfers(List.of(Transfer.post(id + ":post", id, won))));
    }

    void cancel(String id, ProgramId program, MerchantId merchant, long won) {
        requireOk(ledger.createTransfers(List.of(Transfer.single(
                id,
                VoucherLedger.merchantPayable(program, merchant),
                LOT,
                won,
                MONEY,
                TRANSFER_PAYMENT_CANCELLATION))));
    }

    /** Money into a payable account that is neither a payment nor a cancellation: what reconciliation must catch. */
    void plantStrayCredit(String id, ProgramId program, MerchantId merchant, long won) {
        requireOk(ledger.createTransfers(
                List.of(Transfer.single(id, LOT, VoucherLedger.merchantPayable(program, merchant), won, MONEY, 99))));
    }

    private static void require(List<dev.dangol.ledger.AccountResult> results) {
        if (!results.stream().allMatch(dev.dangol.ledger.AccountResult::isSuccess)) {
            throw new IllegalStateException("accounts not created: " + results);
        }
    }

    private static void requireOk(List<TransferResult> results) {
        if (!results.stream().allMatch(TransferResult::isSuccess)) {
            throw new IllegalStateException("transfers refused: " + results);
        }
    }
}
