package dev.dangol.wallet;

import dev.dangol.shared.Money;
import dev.dangol.shared.PersonId;
import dev.dangol.shared.ProgramId;
import java.time.YearMonth;
import java.util.List;

/**
 * A person's vouchers of one program and what the limits still allow.
 *
 * @param balance spendable face value over all lots
 * @param holdingRoom how much more the person may hold (the holding cap less the wallet and holds)
 * @param monthlyPurchaseRoom how much more the person may buy this month
 * @param monthlyCardRoom how much more the person may buy by card this month
 * @param monthlyGiftReceiptRoom how much more the person may receive as gifts this month
 */
public record WalletView(
        PersonId person,
        ProgramId program,
        YearMonth month,
        Money balance,
        Money holdingCap,
        Money holdingRoom,
        Money monthlyPurchaseRoom,
        Money monthlyCardRoom,
        Money monthlyGiftReceiptRoom,
        List<Lot> lots) {

    public WalletView {
        lots = List.copyOf(lots);
    }
}
