package dev.dangol.wallet.internal;

import dev.dangol.ledger.Account;
import dev.dangol.ledger.AccountBalance;
import dev.dangol.ledger.AccountFlag;
import dev.dangol.program.FundingMethod;
import dev.dangol.program.VoucherLedger;
import dev.dangol.shared.Money;
import dev.dangol.shared.PersonId;
import dev.dangol.shared.ProgramId;
import dev.dangol.wallet.Lot;
import java.time.Instant;
import java.util.Comparator;
import java.util.Set;

/**
 * Voucher lots as ledger accounts. A lot's account carries its owner in {@code userData128}, its expiry in
 * {@code userData64} (epoch seconds) and its funding method and origin in {@code userData32}, so the ledger alone
 * holds everything about a lot.
 */
final class LotAccounts {

    private static final int GIFT_BIT = 0x100;

    private LotAccounts() {}

    /** Earliest expiry first; among equals, the oldest lot first. */
    static final Comparator<AccountBalance> SPENDING_ORDER = Comparator.comparingLong(AccountBalance::userData64)
            .thenComparing(AccountBalance::createdAt)
            .thenComparing(AccountBalance::id);

    static String owner(PersonId person, ProgramId program) {
        return person.value() + "/" + program.value();
    }

    static PersonId ownerPerson(String owner) {
        return PersonId.of(owner.substring(0, owner.indexOf('/')));
    }

    static ProgramId ownerProgram(String owner) {
        return ProgramId.of(owner.substring(owner.indexOf('/') + 1));
    }

    static String purchaseLot(String purchaseId) {
        return "lot:" + purchaseId;
    }

    static String giftLot(String giftId, int part) {
        return "lot:" + giftId + ":" + part;
    }

    static Account lot(
            String id, PersonId person, ProgramId program, Instant validUntil, FundingMethod funding, boolean gift) {
        return new Account(
                id,
                VoucherLedger.MONEY,
                VoucherLedger.CODE_LOT,
                Set.of(AccountFlag.DEBITS_MUST_NOT_EXCEED_CREDITS, AccountFlag.HISTORY),
                owner(person, program),
                validUntil.getEpochSecond(),
                funding.code() | (gift ? GIFT_BIT : 0));
    }

    static FundingMethod funding(AccountBalance lot) {
        return FundingMethod.ofCode(lot.userData32() & 0xFF);
    }

    static boolean isGift(AccountBalance lot) {
        return (lot.userData32() & GIFT_BIT) != 0;
    }

    static Instant validUntil(AccountBalance lot) {
        return Instant.ofEpochSecond(lot.userData64());
    }

    static Lot view(AccountBalance lot) {
        String rest = lot.id().substring("lot:".length());
        boolean gift = isGift(lot);
        String source = gift ? rest.substring(0, rest.lastIndexOf(':')) : rest;
        return new Lot(
                lot.id(),
                gift ? Lot.Origin.GIFT : Lot.Origin.PURCHASE,
                source,
                funding(lot),
                Money.krw(lot.creditsPosted()),
                Money.krw(Math.max(0, lot.available())),
                Money.krw(lot.debitsPending()),
                lot.createdAt(),
                validUntil(lot));
    }
}
