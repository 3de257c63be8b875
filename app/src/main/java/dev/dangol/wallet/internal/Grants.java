package dev.dangol.wallet.internal;

import dev.dangol.ledger.Transfer;
import dev.dangol.program.VoucherLedger;
import dev.dangol.shared.Money;

/** A person's limit is granted once (per period) by a transfer whose id names the account, so repeating it is a no-op. */
final class Grants {

    private Grants() {}

    static Transfer grant(String control, String account, Money amount, int ledgerId) {
        return Transfer.single(
                "grant:" + account, control, account, amount.krw(), ledgerId, VoucherLedger.TRANSFER_GRANT);
    }
}
