package dev.dangol.queue.internal;

import dev.dangol.shared.PersonId;
import dev.dangol.shared.RoundId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the waiting rooms keep their state: the port between the rules ({@link WaitingRoomRules}) and a store (in
 * memory with a journal, or Redis shared by several nodes). Every method is one atomic step on one round: a store
 * that several nodes share must make each of them atomic there (a Lua script), never read-then-write from Java.
 *
 * <p>The store owns everything that must be the same on every node: places, positions, presence, holds, the pool,
 * counters, the draw's seed, the operator's controls, the token bucket and the measured admission rate. The rules
 * own everything that can be computed from that: validation, tickets, the draw's order, the wait estimate, the chance,
 * the health-dependent limits, and the sentences of refusals. Times are epoch milliseconds passed in by the caller,
 * never the store's own clock, so that a test can replay a launch; amounts are whole won.
 *
 * <p>A store answers {@code IllegalStateException} for a round it has not been {@link #setUp set up} for; the rules
 * always set a round up before anything else.
 */
interface QueueStore extends AutoCloseable {

    /**
     * Sets a round's queue up the first time any node sees it (set-if-absent) and returns what is stored: this call's
     * setup if it created it, or the earlier one (another node's, or one restored from disk) unchanged.
     *
     * @param nowMillis a store restored from disk counts every waiter as seen at this time (see {@link Waiter})
     */
    SetUp setUp(RoundId round, RoundSetup setup, long nowMillis);

    /**
     * Takes a place for the person, or returns their place if they have one (any state), counting the call as
     * presence exactly like {@link #touch}. A new place: if the round is opened, the next sequence number (first
     * come, first served), state {@link WaiterState#WAITING}; otherwise appended to the pre-queue (seq 0, state
     * {@link WaiterState#PRE_QUEUE}). The store decides by its own opened flag, never by the caller's clock. If the
     * round is sold out and the person has no place, nothing is stored and {@code waiter} is null.
     *
     * @param placeId the new place's public id (ignored when the person has a place)
     * @param wantedKrw the face value the person means to buy; admission holds this much (ignored on rejoin)
     */
    Joined join(RoundId round, PersonId person, String placeId, long wantedKrw, long nowMillis, long graceMillis);

    /**
     * Records that the person is here (a poll, a join) and returns their place, or empty if they have none. A person
     * {@link WaiterState#PASSED passed over} comes back: to {@link WaiterState#RETURNING} (admitted before anyone else
     * at the next step, in the order they came back) if {@code nowMillis - graceFrom <= graceMillis}, where {@code
     * graceFrom = max(lastSeen, openedAt)}, otherwise to {@link WaiterState#EXPIRED}. Then last-seen becomes now.
     */
    Optional<Seen> touch(RoundId round, PersonId person, long nowMillis, long graceMillis);

    /** The round's counters at {@code nowMillis} (the admission rate is counted back from then). */
    Counters counters(RoundId round, long nowMillis);

    /**
     * Records the wait estimate a waiter was shown, if none is recorded yet (the first one counts), so that the
     * error of the estimate can be measured when they are admitted.
     */
    void recordEstimate(RoundId round, PersonId person, long estimateSeconds, long nowMillis);

    /**
     * Opens the round exactly once across every caller and node: freezes the pre-queue (later joins are first come,
     * first served after it), asks {@code draw} for the order of the frozen pre-queue's place ids (in join order),
     * gives them sequence numbers 1..P in that order, state {@link WaiterState#WAITING}, and records {@code nowMillis}
     * as the opening time. Returns true if this call opened the round, false if it was open already.
     */
    boolean open(RoundId round, long nowMillis, DrawOrder draw);

    /** The pre-queue's place ids in the order they joined (empty before anyone joins), and whether it is drawn. */
    PreQueue preQueue(RoundId round);

    /**
     * One step of admission, in this order:
     *
     * <ol>
     *   <li>every hold past its time goes: an {@link WaiterState#ADMITTED} hold whose {@code holdExpiresAt <= now},
     *       an {@link WaiterState#IN_CHECKOUT} one whose checkout deadline {@code <= now}; its amount returns to the
     *       pool and the waiter becomes {@link WaiterState#EXPIRED};
     *   <li>if the round is not opened, nothing more;
     *   <li>unless paused or {@code limits.stopped()}: the allowance is the smallest of {@code limits.batchMax()},
     *       {@code limits.maxInFlight() - (admitted + in checkout)}, and, with a rate cap, the whole tokens of the
     *       round's token bucket (refilled at {@code rateCap} tokens a second since its last refill, holding at most
     *       {@code rateCap} tokens; starts full). Candidates are taken in order: every {@link WaiterState#RETURNING}
     *       waiter first (in the order they came back), then the next waiter after the head. A waiter after the head
     *       not seen for longer than {@code limits.absentAfterMillis()} is {@link WaiterState#PASSED passed over}:
     *       the head moves past them and no allowance is spent. For the next candidate: if the pool covers their
     *       wanted amount, they are admitted with a hold of it; else if no hold is outstanding (nobody admitted or
     *       in checkout) and the pool has at least one unit, they are admitted with a hold of the pool rounded down to
     *       the unit; otherwise the step stops (holds may come back). Admission: state {@link WaiterState#ADMITTED},
     *       hold, {@code holdExpiresAt = now + holdMillis}, pool less the hold, head = their seq if they came from
     *       the head, one token spent, one admission counted in the current second;
     *   <li>if opened, at least one place was ever taken, the pool is below one unit and no hold is outstanding, the
     *       round is sold out (a flag set once; {@code soldOutNow} is true for the one step that set it).
     * </ol>
     */
    AdmitResult admit(RoundId round, AdmitLimits limits);

    /**
     * Marks an {@link WaiterState#ADMITTED} person's hold as in checkout for {@code amountKrw} (at most the hold;
     * the rest of the hold returns to the pool at once), alive until {@code deadlineMillis}. The original hold
     * expiry is kept for {@link #checkoutFailed}. Checks, in this order, changing nothing when one fails: no place
     * or not admitted ({@code NOT_ADMITTED}; {@code HOLD_EXPIRED} if {@link WaiterState#EXPIRED}), already in
     * checkout ({@code CHECKOUT_IN_PROGRESS}), admitted but {@code holdExpiresAt <= now} ({@code HOLD_EXPIRED}),
     * more than the hold ({@code OVER_HOLD}).
     */
    Outcome beginCheckout(RoundId round, PersonId person, long amountKrw, long deadlineMillis, long nowMillis);

    /**
     * The purchase was posted. In checkout: sold grows by {@code amountKrw}, the held amount falls by the checkout's
     * amount, the pool gets back what was not bought ({@code OVER_HOLD} and nothing changes if the amount is more
     * than the checkout's), state {@link WaiterState#BOUGHT}. Admitted (not in checkout): the same with the hold.
     * Expired (the saga took the amount from the pool already with {@link #takeFromPool}) or already bought: state
     * {@link WaiterState#BOUGHT}, no amount changes. No place: {@code NOT_ADMITTED}.
     */
    Outcome checkoutPaid(RoundId round, PersonId person, long amountKrw);

    /**
     * The checkout failed: back to {@link WaiterState#ADMITTED} with a hold of the checkout's amount and the
     * original hold expiry. Not in checkout: nothing changes ({@code NOT_IN_CHECKOUT}).
     */
    Outcome checkoutFailed(RoundId round, PersonId person);

    /**
     * The admitted person gives the admission up: the hold returns to the pool, state {@link WaiterState#EXPIRED}.
     * Refused ({@code CHECKOUT_IN_PROGRESS}, {@code NOT_ADMITTED}) changing nothing otherwise.
     */
    Outcome release(RoundId round, PersonId person);

    /** Takes {@code amountKrw} from the pool into sold if the pool covers it; false (nothing changes) otherwise. */
    boolean takeFromPool(RoundId round, long amountKrw);

    /** Gives sold budget back to the pool; {@code OVER_SOLD} (nothing changes) if that is more than sold. */
    Outcome returnToPool(RoundId round, long amountKrw);

    /**
     * After a restart of a store that keeps its state on disk: sets the pool to {@code max(0, ledgerRemainingKrw -
     * held)} where held is every outstanding hold (admitted and in checkout). Never raises the pool above what it
     * was, so that it cannot promise budget the ledger has not got.
     */
    void rebasePool(RoundId round, long ledgerRemainingKrw);

    void setPaused(RoundId round, boolean paused);

    /** Admissions a second, 0 for no cap. */
    void setRateCap(RoundId round, int admissionsPerSecond);

    @Override
    void close();

    /** What a round's queue is set up with, written once. */
    record RoundSetup(
            long opensAtMillis, long unitKrw, long capKrw, long poolKrw, String seedHex, String seedCommitmentHex) {
        public RoundSetup {
            if (unitKrw <= 0 || capKrw < unitKrw || poolKrw < 0) {
                throw new IllegalArgumentException("a round needs a positive unit, a cap of at least one unit and a"
                        + " pool that is not negative");
            }
            Objects.requireNonNull(seedHex, "seedHex");
            Objects.requireNonNull(seedCommitmentHex, "seedCommitmentHex");
        }
    }

    /** The setup as stored and how this call found it. */
    record SetUp(RoundSetup setup, Origin origin) {
        public SetUp {
            Objects.requireNonNull(setup, "setup");
            Objects.requireNonNull(origin, "origin");
        }
    }

    enum Origin {
        /** This call set the round up. */
        CREATED,
        /** The round was read back from disk after a restart and is seen for the first time since. */
        RESTORED,
        /** The round was set up earlier and is live (another node, or an earlier call). */
        EXISTING
    }

    /** A person's place as the store holds it. */
    enum WaiterState {
        /** Joined before opening; seq 0 until the draw. */
        PRE_QUEUE,
        WAITING,
        /** Admission reached them while they were away; they keep their place for the grace period. */
        PASSED,
        /** Came back within the grace period after being passed over: admitted first at the next step. */
        RETURNING,
        ADMITTED,
        IN_CHECKOUT,
        BOUGHT,
        /** The hold lapsed or was given up, or the person came back after the grace period. */
        EXPIRED
    }

    /**
     * A place.
     *
     * @param seq the position in the round's order (1 is first); 0 while in the pre-queue
     * @param holdKrw the hold while admitted, the checkout's amount while in checkout, otherwise 0
     * @param holdExpiresAtMillis while admitted: when the hold lapses; in checkout: the checkout deadline; else 0
     * @param lastSeenMillis when the person last joined or polled; a store restored from disk counts everyone as seen
     *     at its first setUp after the restart
     * @param estimateSeconds the first wait estimate the person was shown, or -1
     */
    record Waiter(
            String placeId,
            long seq,
            WaiterState state,
            long wantedKrw,
            long holdKrw,
            long holdExpiresAtMillis,
            long lastSeenMillis,
            long estimateSeconds) {
        public Waiter {
            Objects.requireNonNull(placeId, "placeId");
            Objects.requireNonNull(state, "state");
        }
    }

    /**
     * What every status needs about the round, read in the same atomic step as the waiter.
     *
     * @param head the last seq admitted or passed over: a waiter's position is {@code seq - head}
     * @param lastSeq the highest seq given out
     * @param preQueued people in the pre-queue (before opening) or drawn from it (after)
     * @param returning people who came back after being passed over and wait to be admitted first
     * @param openedAtMillis when the round opened, or 0
     * @param poolKrw budget neither sold nor held
     * @param heldKrw budget held for admitted people and people in checkout
     * @param soldKrw budget sold (paid checkouts and amounts taken from the pool)
     * @param admitted people admitted and not (yet) in checkout
     * @param inCheckout people in checkout
     * @param paid checkouts paid
     * @param paidKrw face value of paid checkouts
     * @param wantedKrwSum the wanted amounts of every place taken, for the mean
     * @param places places taken
     * @param admissionsLastMinute admissions in the 60 seconds up to now
     * @param heldMillisLastMinute the time in those 60 seconds during which admission was held by rule (paused, a
     *     failing gateway): it is left out of the time the admission rate is measured over (decision 0016)
     * @param rateCap admissions a second, 0 for no cap
     * @param flow how fast holds end, which sets the pace of admission once the in-flight cap is reached
     */
    record Counters(
            long head,
            long lastSeq,
            long preQueued,
            long returning,
            boolean opened,
            long openedAtMillis,
            long poolKrw,
            long heldKrw,
            long soldKrw,
            long admitted,
            long inCheckout,
            long paid,
            long paidKrw,
            long wantedKrwSum,
            long places,
            long admissionsLastMinute,
            long heldMillisLastMinute,
            int rateCap,
            boolean paused,
            boolean soldOut,
            WaitEstimates.Flow flow) {

        public Counters {
            Objects.requireNonNull(flow, "flow");
        }

        /** Holds outstanding: admitted and in checkout. */
        public long holds() {
            return admitted + inCheckout;
        }
    }

    /** A join's answer. */
    record Joined(boolean rejoined, Waiter waiter, Counters counters) {
        public Joined {
            Objects.requireNonNull(counters, "counters");
        }
    }

    /** A waiter and their round's counters, read in one atomic step. */
    record Seen(Waiter waiter, Counters counters) {
        public Seen {
            Objects.requireNonNull(waiter, "waiter");
            Objects.requireNonNull(counters, "counters");
        }
    }

    /** The pre-queue in join order, and whether it has been drawn (the round opened). */
    record PreQueue(List<String> placeIds, boolean drawn) {
        public PreQueue {
            placeIds = List.copyOf(placeIds);
        }
    }

    /**
     * How far one admission step may go, decided by the rules from the configuration and the gateway's health.
     *
     * @param maxInFlight the most people admitted or in checkout at once (already lowered for a slow gateway)
     * @param batchMax the most admissions in this step
     * @param stopped admit nobody (the gateway is failing, or the round is paused or closed by its operator); holds
     *     still expire and sold-out is still found
     */
    record AdmitLimits(
            long nowMillis, long holdMillis, long absentAfterMillis, long maxInFlight, int batchMax, boolean stopped) {
        public AdmitLimits {
            if (holdMillis <= 0 || absentAfterMillis <= 0 || maxInFlight < 0 || batchMax < 0) {
                throw new IllegalArgumentException("admission limits must be positive");
            }
        }
    }

    /**
     * What one admission step did.
     *
     * @param estimates for each person admitted who had been shown an estimate: that estimate and the wait it
     *     turned out to be, both counted from when it was shown
     */
    record AdmitResult(int admitted, int passedOver, int expired, boolean soldOutNow, List<EstimateOutcome> estimates) {
        public AdmitResult {
            estimates = List.copyOf(estimates);
        }
    }

    /** A wait estimate and the wait it turned out to be, in seconds. */
    record EstimateOutcome(long estimatedSeconds, long actualSeconds) {}

    /** How a checkout operation went: refusals change nothing. */
    enum Outcome {
        OK,
        NOT_ADMITTED,
        HOLD_EXPIRED,
        CHECKOUT_IN_PROGRESS,
        OVER_HOLD,
        NOT_IN_CHECKOUT,
        OVER_SOLD
    }

    /** The order of a frozen pre-queue: what the rules compute from the seed. */
    @FunctionalInterface
    interface DrawOrder {
        /**
         * @param placeIds the pre-queue's place ids in join order
         * @return for each position (0-based), the index in {@code placeIds} of the place that takes it
         */
        int[] order(List<String> placeIds);
    }
}
