package dev.dangol.wallet.internal;

import static dev.dangol.program.VoucherLedger.*;

import dev.dangol.ledger.AccountBalance;
import dev.dangol.ledger.Ledger;
import dev.dangol.ledger.PendingState;
import dev.dangol.ledger.Transfer;
import dev.dangol.ledger.TransferRecord;
import dev.dangol.ledger.TransferResult;
import dev.dangol.shared.Money;
import dev.dangol.shared.PersonId;
import dev.dangol.shared.Rejection;
import dev.dangol.wallet.PurchaseId;
import dev.dangol.wallet.Refund;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a purchase back from the ledger: its reservation links (one read) and, where needed, its lot. A purchase has
 * no table of its own; its transfers, whose ids derive from the purchase id, are the record.
 */
final class PurchaseRecords {

    /** The links of a purchase chain, in order; card quota and subsidy are left out where they do not apply. */
    private static final List<String> LINKS =
            List.of("budget", "roundcap", "quota", "cardquota", "holding", "pay", "subsidy");

    private static final int HISTORY_MAX = 500;

    private final Ledger ledger;

    PurchaseRecords(Ledger ledger) {
        this.ledger = ledger;
    }

    static String linkId(PurchaseId id, String link) {
        return "p:" + id + ":" + link;
    }

    /** The purchase whose budget link this transfer id is, if it is one. */
    static Optional<PurchaseId> purchaseOfBudgetLink(String transferId) {
        if (transferId.startsWith("p:") && transferId.endsWith(":budget")) {
            String id = transferId.substring(2, transferId.length() - ":budget".length());
            if (PurchaseId.isValid(id)) {
                return Optional.of(new PurchaseId(id));
            }
        }
        return Optional.empty();
    }

    /** The purchase with its lot, if it exists, went through and belongs to the buyer; otherwise not found. */
    Reservation owned(PersonId buyer, PurchaseId id) {
        return load(id).filter(r -> r.buyer.equals(buyer) && r.failure == null)
                .orElseThrow(() -> Rejection.notFound("PURCHASE_NOT_FOUND", "You have no purchase " + id + "."));
    }

    /** A purchase read from its transfers alone: one read, enough to confirm, release or replay it. */
    Optional<Reservation> loadLinks(PurchaseId id) {
        List<String> ids = new ArrayList<>();
        for (String link : LINKS) {
            ids.add(linkId(id, link));
        }
        ids.add("p:" + id + ":cancel:budget");
        ids.add("p:" + id + ":post:budget");
        Map<String, TransferRecord> records = ledger.lookupTransfers(ids);
        TransferRecord budget = records.get(linkId(id, "budget"));
        if (budget == null || !records.containsKey(linkId(id, "holding")) || !records.containsKey(linkId(id, "pay"))) {
            return Optional.empty();
        }
        Map<String, TransferRecord> links = new LinkedHashMap<>();
        TransferResult failure = null;
        String failedLink = null;
        for (String link : LINKS) {
            TransferRecord record = records.get(linkId(id, link));
            // A retry with another body may have left a failed record of a link the purchase never had (a card
            // limit link when the purchase was paid by bank): a purchase that went through is its successful links.
            if (record != null && (record.succeeded() || !budget.succeeded())) {
                links.put(link, record);
                if (!record.succeeded() && record.result() != TransferResult.LINKED_EVENT_FAILED && failure == null) {
                    failure = record.result();
                    failedLink = link;
                }
            }
        }
        if (failure == null && !budget.succeeded()) {
            failure = budget.result();
            failedLink = "budget";
        }
        TransferRecord cancellation = records.get("p:" + id + ":cancel:budget");
        return Optional.of(new Reservation(
                id,
                links,
                null,
                failure,
                failedLink,
                cancellation != null && cancellation.succeeded() ? cancellation : null,
                null,
                posted(records.get("p:" + id + ":post:budget"))));
    }

    /** A purchase with its lot: what is left of it and whether its remainder was refunded. */
    Optional<Reservation> load(PurchaseId id) {
        Optional<Reservation> found = loadLinks(id);
        if (found.isEmpty()) {
            return found;
        }
        Reservation r = found.get();
        AccountBalance lot =
                ledger.lookupAccount(LotAccounts.purchaseLot(id.value())).orElse(null);
        if (lot == null) {
            return Optional.empty();
        }
        Refund remainder = null;
        if (r.links.get("budget").pendingState() == PendingState.POSTED
                && lot.available() == 0
                && lot.debitsPosted() > 0) {
            remainder = remainderRefund(id, lot);
        }
        return Optional.of(
                new Reservation(id, r.links, lot, r.failure, r.failedLink, r.cancellation, remainder, r.payment));
    }

    private static TransferRecord posted(TransferRecord post) {
        return post != null && post.succeeded() ? post : null;
    }

    /** The remainder refund already made from this lot, if any, found in its history. */
    private Refund remainderRefund(PurchaseId id, AccountBalance lot) {
        long toBuyer = 0;
        long toSubsidy = 0;
        boolean found = false;
        for (TransferRecord record : ledger.transfersOf(lot.id(), HISTORY_MAX)) {
            Transfer t = record.transfer();
            if (t.code() == TRANSFER_REFUND && lot.id().equals(t.debitAccountId())) {
                found = true;
                if (t.creditAccountId().startsWith("clearing:")) {
                    toBuyer += t.amount();
                } else {
                    toSubsidy += t.amount();
                }
            }
        }
        return found
                ? new Refund(
                        id,
                        Refund.Kind.REMAINDER,
                        Money.krw(toBuyer + toSubsidy),
                        Money.krw(toBuyer),
                        Money.krw(toSubsidy))
                : null;
    }
}
