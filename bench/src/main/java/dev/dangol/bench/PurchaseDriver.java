package dev.dangol.bench;

import static dev.dangol.program.VoucherLedger.*;

import dev.dangol.ledger.Account;
import dev.dangol.ledger.AccountFlag;
import dev.dangol.ledger.Chains;
import dev.dangol.ledger.Ledger;
import dev.dangol.ledger.LedgerResults;
import dev.dangol.ledger.Transfer;
import dev.dangol.program.FundingMethod;
import dev.dangol.shared.Money;
import dev.dangol.shared.PersonId;
import dev.dangol.shared.ProgramId;
import dev.dangol.shared.RoundId;
import dev.dangol.wallet.IdempotencyKey;
import dev.dangol.wallet.Purchase;
import dev.dangol.wallet.PurchaseId;
import dev.dangol.wallet.PurchaseOrder;
import dev.dangol.wallet.PurchaseStatus;
import dev.dangol.wallet.Wallets;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** How a caller makes one purchase: reserve, then confirm. */
interface PurchaseDriver {

    /** Reserves; returns what confirm needs. Throws on any refusal. */
    Object reserve(PersonId buyer, Money face, FundingMethod funding, IdempotencyKey key);

    /** Confirms; throws unless the purchase is now confirmed at this face value. */
    void confirm(PersonId buyer, Object reservation, Money face);

    /** The real path: {@link Wallets#reserve} and {@link Wallets#confirm}, reads and all. */
    static PurchaseDriver wallets(Wallets wallets, RoundId round) {
        return new PurchaseDriver() {
            @Override
            public Object reserve(PersonId buyer, Money face, FundingMethod funding, IdempotencyKey key) {
                Purchase reserved = wallets.reserve(new PurchaseOrder(buyer, round, face, funding, key));
                if (reserved.status() != PurchaseStatus.RESERVED) {
                    throw new IllegalStateException("reserve returned " + reserved);
                }
                return reserved.id();
            }

            @Override
            public void confirm(PersonId buyer, Object reservation, Money face) {
                Purchase confirmed = wallets.confirm(buyer, (PurchaseId) reservation);
                if (confirmed.status() != PurchaseStatus.CONFIRMED
                        || confirmed.faceValue().krw() != face.krw()) {
                    throw new IllegalStateException("confirm returned " + confirmed);
                }
            }
        };
    }

    /**
     * The same two ledger submissions that {@code LedgerWallets} makes for a purchase (its accounts, limit grants and
     * linked pending chain, then the linked chain of posts), sent straight to the {@link Ledger} with none of the
     * reads around them: the ledger's own ceiling for purchase chains, and so what the wallet could reach if it read
     * nothing on the happy path. Mirrors {@code LedgerWallets.reserve} and {@code settle} as of this writing; keep it
     * in step if the chain changes.
     */
    static PurchaseDriver ledgerOnly(
            Ledger ledger, ProgramId program, RoundId round, int discountBasisPoints, long limit, int validityMonths) {
        ZoneId korea = ZoneId.of("Asia/Seoul");
        Set<AccountFlag> neverNegative = Set.of(AccountFlag.DEBITS_MUST_NOT_EXCEED_CREDITS);
        return new PurchaseDriver() {
            private record Reserved(String purchaseId, Map<String, Transfer> links) {}

            @Override
            public Object reserve(PersonId buyer, Money face, FundingMethod funding, IdempotencyKey key) {
                String id = PurchaseId.derive(buyer, key).value();
                Instant now = Instant.now();
                YearMonth month = YearMonth.from(now.atZone(korea));
                long subsidy = face.basisPoints(discountBasisPoints).krw();
                long paid = face.krw() - subsidy;
                boolean card = funding == FundingMethod.CARD;
                String lot = "lot:" + id;
                List<Account> accounts = new ArrayList<>();
                accounts.add(new Account(
                        lot,
                        MONEY,
                        CODE_LOT,
                        neverNegative,
                        buyer.value() + "/" + program.value(),
                        now.atZone(korea).plusMonths(validityMonths).toEpochSecond(),
                        funding.code()));
                accounts.add(personLimit(roundCap(buyer, round), ROUND_CAP));
                accounts.add(personLimit(quota(buyer, program, month), MONTHLY_QUOTA));
                if (card) {
                    accounts.add(personLimit(cardQuota(buyer, program, month), CARD_QUOTA));
                }
                accounts.add(personLimit(holding(buyer, program), HOLDING));
                List<Transfer> transfers = new ArrayList<>();
                transfers.add(grant(roundCapControl(round), roundCap(buyer, round), limit, ROUND_CAP));
                transfers.add(grant(quotaControl(program), quota(buyer, program, month), limit, MONTHLY_QUOTA));
                if (card) {
                    transfers.add(
                            grant(cardQuotaControl(program), cardQuota(buyer, program, month), limit, CARD_QUOTA));
                }
                transfers.add(grant(holdingControl(program), holding(buyer, program), limit, HOLDING));
                int grants = transfers.size();
                long hold = 600;
                Map<String, Transfer> links = new LinkedHashMap<>();
                List<Transfer> chain = new ArrayList<>();
                link(chain, links, id, "budget", budget(round), budgetSold(round), face.krw(), ROUND_BUDGET, hold);
                link(
                        chain,
                        links,
                        id,
                        "roundcap",
                        roundCap(buyer, round),
                        roundCapControl(round),
                        face.krw(),
                        ROUND_CAP,
                        0);
                link(
                        chain,
                        links,
                        id,
                        "quota",
                        quota(buyer, program, month),
                        quotaControl(program),
                        face.krw(),
                        MONTHLY_QUOTA,
                        0);
                if (card) {
                    link(
                            chain,
                            links,
                            id,
                            "cardquota",
                            cardQuota(buyer, program, month),
                            cardQuotaControl(program),
                            face.krw(),
                            CARD_QUOTA,
                            0);
                }
                link(
                        chain,
                        links,
                        id,
                        "holding",
                        holding(buyer, program),
                        holdingControl(program),
                        face.krw(),
                        HOLDING,
                        0);
                link(chain, links, id, "pay", clearing(funding), lot, paid, MONEY, hold);
                if (subsidy > 0) {
                    link(chain, links, id, "subsidy", subsidy(round), lot, subsidy, MONEY, hold);
                }
                transfers.addAll(Chains.link(chain));
                LedgerResults results = ledger.submit(accounts, transfers);
                if (!results.allTransfersSucceeded()) {
                    throw new IllegalStateException("reserve chain failed at "
                            + results.firstFailureIndex() + " (" + grants + " grants first): "
                            + results.firstFailure());
                }
                return new Reserved(id, links);
            }

            private void link(
                    List<Transfer> chain,
                    Map<String, Transfer> links,
                    String id,
                    String name,
                    String debit,
                    String credit,
                    long amount,
                    int ledgerId,
                    long hold) {
                if (hold == 0) {
                    // A limit, used at once as LedgerWallets does (decision 0018): nothing to post on confirm.
                    chain.add(
                            Transfer.single("p:" + id + ":" + name, debit, credit, amount, ledgerId, TRANSFER_PURCHASE)
                                    .withUserData(round.value(), 0, 0));
                    return;
                }
                Transfer pending = Transfer.pending(
                                "p:" + id + ":" + name, debit, credit, amount, ledgerId, TRANSFER_PURCHASE, hold)
                        .withUserData(round.value(), 0, 0);
                chain.add(pending);
                links.put(name, pending);
            }

            @Override
            public void confirm(PersonId buyer, Object reservation, Money face) {
                Reserved r = (Reserved) reservation;
                List<Transfer> chain = new ArrayList<>();
                // As LedgerWallets confirms: each post names its link's accounts.
                r.links.forEach((name, pending) ->
                        chain.add(Transfer.postOf("p:" + r.purchaseId + ":post:" + name, pending, pending.amount())));
                LedgerResults results = ledger.submit(List.of(), Chains.link(chain));
                if (!results.allTransfersSucceeded()) {
                    throw new IllegalStateException("confirm chain failed: " + results.firstFailure());
                }
            }
        };
    }

    private static Transfer grant(String control, String account, long amount, int ledgerId) {
        return Transfer.single("grant:" + account, control, account, amount, ledgerId, TRANSFER_GRANT);
    }
}
