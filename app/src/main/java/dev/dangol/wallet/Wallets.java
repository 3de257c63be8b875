package dev.dangol.wallet;

import dev.dangol.shared.PersonId;
import dev.dangol.shared.ProgramId;
import java.util.Optional;

/**
 * Citizens' vouchers: buying them, giving them, cancelling and refunding them, and their expiry. Each operation is
 * one linked chain in the ledger, with the round budget and the person's limits as accounts, so a purchase either
 * fits every limit and happens whole, or changes nothing.
 *
 * <p>Refusals are thrown as {@link dev.dangol.shared.Rejection} with a code and a sentence for the person.
 */
public interface Wallets {

    /**
     * Holds budget and limits for a purchase until it is confirmed, released, or its hold lapses. Repeating the same
     * order with the same key returns the same purchase (or the same refusal); the same key with another order is
     * refused.
     */
    Purchase reserve(PurchaseOrder order);

    /** Completes a reserved purchase after payment: the vouchers become spendable. Repeating it is harmless. */
    Purchase confirm(PersonId buyer, PurchaseId purchase);

    /** Gives a reservation up before payment; the hold returns to the round. Repeating it is harmless. */
    Purchase release(PersonId buyer, PurchaseId purchase);

    Optional<Purchase> purchase(PersonId buyer, PurchaseId purchase);

    /** Cancels an untouched purchase within the program's window, for a full refund. */
    Refund cancel(PersonId buyer, PurchaseId purchase);

    /** Refunds what is left of a purchase once the program's share of it has been used. */
    Refund refundRemainder(PersonId buyer, PurchaseId purchase);

    /** Gives vouchers to another member, taking from the lots that expire first. */
    Gift gift(GiftOrder order);

    WalletView wallet(PersonId person, ProgramId program);

    /** Takes vouchers past their validity out of wallets, at most {@code limit} lots; returns how many. */
    int expireLots(int limit);

    /**
     * Gives back the limits (round cap, monthly quotas, holding room) of reservations whose hold lapsed unpaid, for
     * at most {@code limit} of the ledger's expiry notices (a lapsed purchase leaves three: its budget, payment and
     * subsidy holds); returns how many notices it handled, 0 once none is left. Safe to run on every node at once
     * and to repeat after a crash: each return has an id of its own.
     */
    int returnLapsedLimits(int limit);
}
