package dev.dangol.queue;

import dev.dangol.shared.Money;
import dev.dangol.shared.PersonId;
import dev.dangol.shared.RoundId;
import java.time.Instant;
import java.util.Optional;

/**
 * The waiting rooms of every round. A place belongs to the verified person, not to a device or a session: joining
 * again, from another phone or after logging in again, returns the same place.
 *
 * <p>Refusals are thrown as {@link dev.dangol.shared.Rejection}: an unknown round ({@code ROUND_NOT_FOUND}), a closed
 * one ({@code ROUND_CLOSED}), a forged, altered or foreign ticket ({@code TICKET_INVALID}, {@code TICKET_NOT_YOURS}).
 */
public interface WaitingRoom {

    /**
     * Takes a place in the round's queue, or returns the person's existing place. Before opening, the person joins
     * the pre-queue, which is drawn into a random order at opening.
     *
     * @param wanted the face value the person means to buy, or null for their whole remaining cap; admission holds
     *     this much budget for them
     */
    Place join(RoundId round, PersonId person, Money wanted);

    /**
     * The place's status. Costs O(1) and reads no database. Polling also tells the waiting room that the person is
     * still there, so they keep their place.
     *
     * @param ticket the signed ticket from {@link #join}; verified, never trusted
     * @param person the signed-in person, who must own the ticket
     */
    QueueStatus status(String ticket, PersonId person);

    /**
     * The place's status, as {@link #status(String, PersonId)}, for a ticket that must be of {@code round}: a ticket of
     * another round is refused with {@code TICKET_INVALID}.
     */
    QueueStatus status(RoundId round, String ticket, PersonId person);

    /** The person's status in a round without a ticket (after a fresh login), or NOT_IN_QUEUE. */
    QueueStatus status(RoundId round, PersonId person);

    /**
     * The person's place with a freshly signed ticket (after a new login, on a new device), or empty if they have none.
     * Counts as presence, like a poll.
     */
    Optional<Place> place(RoundId round, PersonId person);

    /**
     * The admitted person's budget hold, checked for use at checkout: refused with {@code NOT_ADMITTED}, {@code
     * HOLD_EXPIRED} or {@code OVER_HOLD} (more than the hold). Atomically marks the hold as in checkout for {@code
     * amount}, returns the rest of the hold to the pool, and keeps the hold alive until {@code checkoutDeadline} so
     * that it cannot lapse while the gateway is being asked.
     */
    Hold beginCheckout(RoundId round, PersonId person, Money amount, Instant checkoutDeadline);

    /** The checkout was paid and its purchase posted: the hold becomes sold face value; the person is done. */
    void checkoutPaid(RoundId round, PersonId person, Money amount);

    /**
     * The checkout failed (declined, voided): the person stays admitted with a hold of the checkout's amount until
     * the hold's own expiry, so they can try another card.
     */
    void checkoutFailed(RoundId round, PersonId person, Money amount);

    /** The person gives their admission up; the hold returns to the pool at once. */
    void release(RoundId round, PersonId person);

    /**
     * Takes budget from the pool outside any hold: for a payment the gateway approved after its hold and reservation
     * had lapsed. Returns false if the pool cannot cover it (the payment is then refunded).
     */
    boolean takeFromPool(RoundId round, Money amount);

    /** Gives budget back to the pool that no hold covers any more (a lapsed purchase voided by the ledger). */
    void returnToPool(RoundId round, Money amount);

    /**
     * One step of admission for a round at {@code now}: draws the pre-queue at opening, lets expired holds and
     * unclaimed admissions go, and admits as many waiters as the pool, the rate limit and the load allow. Safe to
     * call from every node at once. Returns how many were admitted.
     */
    int admit(RoundId round, Instant now);

    /** Operator controls. */
    void pause(RoundId round);

    void resume(RoundId round);

    /** Caps admissions a second, or lifts the cap with 0. */
    void capRate(RoundId round, int admissionsPerSecond);

    /** The operator's view of a round's queue; what the metrics report. */
    QueueOverview overview(RoundId round);

    /** The pre-queue draw, once published at opening, for anyone to recompute. */
    Draw draw(RoundId round);
}
