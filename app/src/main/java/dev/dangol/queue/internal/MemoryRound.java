package dev.dangol.queue.internal;

import dev.dangol.queue.internal.QueueStore.AdmitLimits;
import dev.dangol.queue.internal.QueueStore.AdmitResult;
import dev.dangol.queue.internal.QueueStore.Counters;
import dev.dangol.queue.internal.QueueStore.EstimateOutcome;
import dev.dangol.queue.internal.QueueStore.Outcome;
import dev.dangol.queue.internal.QueueStore.RoundSetup;
import dev.dangol.queue.internal.QueueStore.Waiter;
import dev.dangol.queue.internal.QueueStore.WaiterState;
import dev.dangol.shared.RoundId;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One round's queue in memory, compactly: each place is a slot of ten longs in pages of primitive arrays, and the
 * person index keeps the ids' characters in an arena. Every change is made by an {@code apply} method that also
 * writes it as an event to the journal entry it is given, and reading the journal back calls the same methods with
 * no entry, so that a restart rebuilds exactly the state that was answered. The caller holds {@link #lock}.
 *
 * <p>Slots are numbered in join order. The pre-queue is slots 0..P-1; the draw gives them seq 1..P in its order
 * ({@link #drawn}); every later join takes slot {@code seq - 1}.
 */
final class MemoryRound {

    // Events in the journal.
    static final byte SETUP = 1;
    static final byte JOIN = 2;
    static final byte OPEN = 3;
    static final byte ADMIT = 4;
    static final byte PASS = 5;
    static final byte HEAD = 6;
    static final byte RETURN = 7;
    static final byte AWAY = 8;
    static final byte EXPIRE = 9;
    static final byte CHECKOUT = 10;
    static final byte PAID = 11;
    static final byte FAILED = 12;
    static final byte RELEASE = 13;
    static final byte TAKE = 14;
    static final byte GIVE = 15;
    static final byte PAUSE = 16;
    static final byte RATE = 17;
    static final byte SOLD_OUT = 18;
    static final byte REBASE = 19;
    static final byte ESTIMATE = 20;
    static final byte FLOW = 21;

    private static final int PLACE_HIGH = 0;
    private static final int PLACE_LOW = 1;
    private static final int WANTED = 2;
    /** The hold while admitted, the checkout's amount while in checkout. */
    private static final int HOLD = 3;
    /** When the admission's hold lapses; kept through a checkout so that a failed one gets it back. */
    private static final int EXPIRY = 4;

    private static final int DEADLINE = 5;
    private static final int SEEN = 6;
    /** seq << 8 | state. */
    private static final int SEQ_STATE = 7;

    private static final int ESTIMATE_SECONDS = 8;
    private static final int ESTIMATE_AT = 9;
    private static final int FIELDS = 10;

    private static final int PAGE_BITS = 10;
    private static final int PAGE_SLOTS = 1 << PAGE_BITS;
    private static final WaiterState[] STATES = WaiterState.values();
    private static final int RATE_WINDOW_SECONDS = (int) WaitEstimates.WINDOW_SECONDS;
    /** The most waiters one admission step passes over, and the most holds it lets go, so that no step runs long. */
    static final int PASSES_PER_BATCH = 10;

    static final int EXPIRIES_MAX = 10_000;

    final ReentrantLock lock = new ReentrantLock();
    final int index;
    final RoundId id;
    final RoundSetup setup;

    private long[][] pages = new long[1][];
    private int slots;
    private final PersonIndex persons = new PersonIndex();
    private final ExpiryHeap expiries = new ExpiryHeap();
    private int[] returning = new int[16];
    private int returningHead;
    private int returningSize;
    /** For each seq 1..P, the pre-queue slot the draw gave it. */
    private int[] drawn = new int[0];

    private boolean opened;
    private long openedAt;
    private long preQueued;
    private long head;
    private long lastSeq;
    private long pool;
    private long held;
    private long sold;
    private long admitted;
    private long inCheckout;
    private long paid;
    private long paidKrw;
    private long wantedSum;
    private boolean paused;
    private boolean soldOut;
    private int rateCap;
    private long tokensMilli = -1;
    private long tokensAt;
    /** Holds that ended: paid, released or lapsed (a failed checkout's hold goes on). */
    private long completed;
    /** The measured rate of holds ending: see {@link WaitEstimates.Flow}. */
    private long flowWeightMilli;

    private long flowAt;
    private long flowFrom;
    private long flowSeen;
    /** The in-flight cap the last admission step worked to, 0 if it admitted nobody by rule (stopped). */
    private long inFlightCap;

    private final long[] rateSecond = new long[RATE_WINDOW_SECONDS];
    private final long[] rateCount = new long[RATE_WINDOW_SECONDS];
    /** Milliseconds of each second of the window during which admission was held by rule: see {@link #measureFlow}. */
    private final long[] rateHeldMillis = new long[RATE_WINDOW_SECONDS];

    /** True from reading the journal back until the round's first setUp after it. */
    boolean restored;
    /** Everyone counts as seen at least at this time: the first setUp after a restart. */
    private long seenFloor;

    MemoryRound(int index, RoundId id, RoundSetup setup) {
        this.index = index;
        this.id = id;
        this.setup = setup;
        this.pool = setup.poolKrw();
    }

    static void writeSetup(Journal.Entry out, int index, RoundId id, RoundSetup setup) {
        out.put(SETUP)
                .putInt(index)
                .putText(id.value())
                .putLong(setup.opensAtMillis())
                .putLong(setup.unitKrw())
                .putLong(setup.capKrw())
                .putLong(setup.poolKrw())
                .putText(setup.seedHex())
                .putText(setup.seedCommitmentHex());
    }

    static RoundSetup readSetup(ByteBuffer in) {
        return new RoundSetup(
                in.getLong(), in.getLong(), in.getLong(), in.getLong(), Journal.getText(in), Journal.getText(in));
    }

    void markSeenAt(long nowMillis) {
        seenFloor = Math.max(seenFloor, nowMillis);
    }

    // ---- reading

    int find(String person) {
        return persons.find(person);
    }

    Waiter waiter(int slot) {
        return new Waiter(
                PlaceIds.of(get(slot, PLACE_HIGH), get(slot, PLACE_LOW)),
                seq(slot),
                state(slot),
                get(slot, WANTED),
                holds(state(slot)) ? get(slot, HOLD) : 0,
                switch (state(slot)) {
                    case ADMITTED -> get(slot, EXPIRY);
                    case IN_CHECKOUT -> get(slot, DEADLINE);
                    default -> 0;
                },
                seen(slot),
                get(slot, ESTIMATE_SECONDS));
    }

    Counters counters(long nowMillis) {
        return new Counters(
                head,
                lastSeq,
                preQueued,
                returningSize,
                opened,
                openedAt,
                pool,
                held,
                sold,
                admitted,
                inCheckout,
                paid,
                paidKrw,
                wantedSum,
                slots,
                admissionsInWindow(nowMillis),
                heldInWindow(nowMillis),
                rateCap,
                paused,
                soldOut,
                new WaitEstimates.Flow(completed, flowWeightMilli, flowAt, flowFrom, inFlightCap));
    }

    boolean soldOut() {
        return soldOut;
    }

    boolean opened() {
        return opened;
    }

    List<String> preQueuePlaceIds() {
        int size = (int) preQueued;
        List<String> ids = new ArrayList<>(size);
        for (int slot = 0; slot < size; slot++) {
            ids.add(PlaceIds.of(get(slot, PLACE_HIGH), get(slot, PLACE_LOW)));
        }
        return ids;
    }

    // ---- joining and presence

    /** A new place for a person not in the index. */
    int applyJoin(String person, long placeHigh, long placeLow, long wantedKrw, long nowMillis, Journal.Entry out) {
        int slot = slots;
        if (slot == Integer.MAX_VALUE - 1) {
            throw new IllegalStateException("round " + id + " has no room for more places");
        }
        int page = slot >>> PAGE_BITS;
        if (page == pages.length) {
            pages = Arrays.copyOf(pages, pages.length * 2);
        }
        if (pages[page] == null) {
            pages[page] = new long[PAGE_SLOTS * FIELDS];
        }
        slots++;
        persons.add(person, slot);
        set(slot, PLACE_HIGH, placeHigh);
        set(slot, PLACE_LOW, placeLow);
        set(slot, WANTED, wantedKrw);
        set(slot, SEEN, nowMillis);
        set(slot, ESTIMATE_SECONDS, -1);
        if (opened) {
            lastSeq++;
            setSeqState(slot, lastSeq, WaiterState.WAITING);
        } else {
            preQueued++;
            setSeqState(slot, 0, WaiterState.PRE_QUEUE);
        }
        wantedSum = Math.addExact(wantedSum, wantedKrw);
        if (out != null) {
            out.put(JOIN)
                    .putInt(index)
                    .putInt(slot)
                    .putText(person)
                    .putLong(placeHigh)
                    .putLong(placeLow)
                    .putLong(wantedKrw)
                    .putLong(nowMillis);
        }
        return slot;
    }

    /**
     * Presence: a person passed over comes back within the grace period (from when last seen, or the opening) to be
     * admitted first, or too late and expires. Writes an event only when the state changes.
     *
     * @return true if the state changed (the caller must have reserved journal room)
     */
    boolean needsEventOnTouch(int slot) {
        return state(slot) == WaiterState.PASSED;
    }

    void touch(int slot, long nowMillis, long graceMillis, Journal.Entry out) {
        if (state(slot) == WaiterState.PASSED) {
            long graceFrom = Math.max(seen(slot), openedAt);
            if (nowMillis - graceFrom <= graceMillis) {
                applyReturn(slot, out);
            } else {
                applyAway(slot, out);
            }
        }
        set(slot, SEEN, Math.max(get(slot, SEEN), nowMillis));
    }

    void applyReturn(int slot, Journal.Entry out) {
        setState(slot, WaiterState.RETURNING);
        if (returningSize == returning.length) {
            int[] bigger = new int[returning.length * 2];
            for (int i = 0; i < returningSize; i++) {
                bigger[i] = returning[(returningHead + i) % returning.length];
            }
            returning = bigger;
            returningHead = 0;
        }
        returning[(returningHead + returningSize) % returning.length] = slot;
        returningSize++;
        event(out, RETURN, slot);
    }

    void applyAway(int slot, Journal.Entry out) {
        setState(slot, WaiterState.EXPIRED);
        event(out, AWAY, slot);
    }

    void applyEstimate(int slot, long seconds, long atMillis, Journal.Entry out) {
        set(slot, ESTIMATE_SECONDS, seconds);
        set(slot, ESTIMATE_AT, atMillis);
        if (out != null) {
            out.put(ESTIMATE).putInt(index).putInt(slot).putLong(seconds).putLong(atMillis);
        }
    }

    boolean hasEstimate(int slot) {
        return get(slot, ESTIMATE_SECONDS) >= 0;
    }

    // ---- opening

    void applyOpen(long nowMillis, int[] order, Journal.Entry out) {
        if (order.length != preQueued) {
            throw new IllegalStateException("the draw must order every pre-queued place");
        }
        boolean[] seen = new boolean[order.length];
        for (int i = 0; i < order.length; i++) {
            int slot = order[i];
            if (slot < 0 || slot >= order.length || seen[slot]) {
                throw new IllegalStateException("the draw's order is not a permutation of the pre-queue");
            }
            seen[slot] = true;
            setSeqState(slot, i + 1L, WaiterState.WAITING);
        }
        drawn = order.clone();
        lastSeq = order.length;
        opened = true;
        openedAt = nowMillis;
        if (out != null) {
            out.put(OPEN).putInt(index).putLong(nowMillis).putInt(order.length);
            for (int slot : order) {
                out.putInt(slot);
            }
        }
    }

    // ---- admission

    AdmitResult admit(AdmitLimits limits, Journal.Entry out) {
        long now = limits.nowMillis();
        int expired = expire(now, out);
        if (!opened) {
            return new AdmitResult(0, 0, expired, false, List.of());
        }
        int admittedNow = 0;
        int passed = 0;
        List<EstimateOutcome> estimates = new ArrayList<>();
        if (!paused && !limits.stopped()) {
            long allowance = Math.min(limits.batchMax(), limits.maxInFlight() - (admitted + inCheckout));
            if (rateCap > 0) {
                refill(now);
                allowance = Math.min(allowance, tokensMilli / 1_000);
            }
            long passesLeft = (long) limits.batchMax() * PASSES_PER_BATCH;
            while (allowance > 0) {
                int slot;
                boolean fromHead;
                if (returningSize > 0) {
                    slot = returning[returningHead];
                    if (state(slot) != WaiterState.RETURNING) {
                        // Cannot happen while only admission takes people out of the returning line; kept safe.
                        dropReturning();
                        continue;
                    }
                    fromHead = false;
                } else {
                    if (head >= lastSeq || passesLeft <= 0) {
                        break;
                    }
                    long seq = head + 1;
                    slot = slotOf(seq);
                    if (state(slot) != WaiterState.WAITING) {
                        applyHead(seq, out);
                        continue;
                    }
                    if (now - seen(slot) > limits.absentAfterMillis()) {
                        applyPass(slot, out);
                        passed++;
                        passesLeft--;
                        continue;
                    }
                    fromHead = true;
                }
                long wanted = get(slot, WANTED);
                long hold;
                if (pool >= wanted) {
                    hold = wanted;
                } else if (admitted + inCheckout == 0 && pool >= setup.unitKrw()) {
                    // Nothing can come back: the last of the budget goes to the next person, as much as it covers.
                    hold = pool / setup.unitKrw() * setup.unitKrw();
                } else {
                    break;
                }
                if (get(slot, ESTIMATE_SECONDS) >= 0) {
                    estimates.add(
                            new EstimateOutcome(get(slot, ESTIMATE_SECONDS), (now - get(slot, ESTIMATE_AT)) / 1_000));
                }
                applyAdmit(slot, hold, now + limits.holdMillis(), fromHead, now, out);
                if (rateCap > 0) {
                    tokensMilli -= 1_000;
                }
                allowance--;
                admittedNow++;
            }
        }
        boolean soldOutNow = false;
        // A round nobody has queued for is never declared sold out: there is nobody to tell, and its pool may be a
        // view of a ledger momentarily low with reservations made around the waiting room.
        if (!soldOut && slots > 0 && pool < setup.unitKrw() && admitted + inCheckout == 0) {
            applySoldOut(out);
            soldOutNow = true;
        }
        measureFlow(now, paused || limits.stopped() ? 0 : limits.maxInFlight());
        if (out != null && !out.isEmpty()) {
            // The measurement rides along with a step that changed something, so that a restart answers as before
            // it; a step that changed nothing writes nothing.
            applyFlow(flowWeightMilli, flowAt, flowFrom, flowSeen, inFlightCap, out);
        }
        return new AdmitResult(admittedNow, passed, expired, soldOutNow, estimates);
    }

    /**
     * Folds the holds that ended since the last step into the measured rate; the same as admit.lua does. While
     * admission is held by rule ({@code cap} 0: paused, a failing gateway) the measure's clock stands still: the time
     * since the last step neither decays the weight nor counts as measured time (the start moves on by as much), the
     * holds that ended in it are not counted, and it is left out of the admission rate's window. When admission
     * resumes, both paces are the ones measured before the hold.
     */
    private void measureFlow(long now, long cap) {
        inFlightCap = cap;
        if (flowFrom == 0) {
            flowFrom = now;
            flowAt = now;
            flowSeen = completed;
            return;
        }
        if (cap == 0) {
            long heldMillis = Math.max(0, now - flowAt);
            countHeld(flowAt, flowAt + heldMillis);
            flowFrom += heldMillis;
            flowAt += heldMillis;
            flowSeen = completed;
            return;
        }
        flowWeightMilli = WaitEstimates.Flow.decayed(flowWeightMilli, now - flowAt) + 1_000 * (completed - flowSeen);
        flowAt = Math.max(flowAt, now);
        flowSeen = completed;
    }

    void applyFlow(long weightMilli, long at, long from, long seen, long cap, Journal.Entry out) {
        flowWeightMilli = weightMilli;
        flowAt = at;
        flowFrom = from;
        flowSeen = seen;
        inFlightCap = cap;
        if (out != null) {
            out.put(FLOW)
                    .putInt(index)
                    .putLong(weightMilli)
                    .putLong(at)
                    .putLong(from)
                    .putLong(seen)
                    .putLong(cap);
        }
    }

    private int expire(long now, Journal.Entry out) {
        int expired = 0;
        while (!expiries.isEmpty() && expiries.peekTime() <= now && expired < EXPIRIES_MAX) {
            long time = expiries.peekTime();
            int slot = expiries.peekSlot();
            expiries.removeFirst();
            WaiterState state = state(slot);
            if ((state == WaiterState.ADMITTED && get(slot, EXPIRY) == time)
                    || (state == WaiterState.IN_CHECKOUT && get(slot, DEADLINE) == time)) {
                applyExpire(slot, out);
                expired++;
            }
        }
        return expired;
    }

    void applyAdmit(int slot, long hold, long expiresAt, boolean fromHead, long nowMillis, Journal.Entry out) {
        if (fromHead) {
            head = seq(slot);
        } else {
            dropReturning();
        }
        setState(slot, WaiterState.ADMITTED);
        set(slot, HOLD, hold);
        set(slot, EXPIRY, expiresAt);
        expiries.add(expiresAt, slot);
        pool -= hold;
        held += hold;
        admitted++;
        countAdmission(nowMillis);
        if (out != null) {
            out.put(ADMIT)
                    .putInt(index)
                    .putInt(slot)
                    .putLong(hold)
                    .putLong(expiresAt)
                    .put((byte) (fromHead ? 1 : 0))
                    .putLong(nowMillis);
        }
    }

    void applyPass(int slot, Journal.Entry out) {
        head = seq(slot);
        setState(slot, WaiterState.PASSED);
        event(out, PASS, slot);
    }

    void applyHead(long seq, Journal.Entry out) {
        head = seq;
        if (out != null) {
            out.put(HEAD).putInt(index).putLong(seq);
        }
    }

    void applyExpire(int slot, Journal.Entry out) {
        returnHold(slot);
        setState(slot, WaiterState.EXPIRED);
        event(out, EXPIRE, slot);
    }

    void applySoldOut(Journal.Entry out) {
        soldOut = true;
        if (out != null) {
            out.put(SOLD_OUT).putInt(index);
        }
    }

    private void returnHold(int slot) {
        long hold = get(slot, HOLD);
        pool += hold;
        held -= hold;
        set(slot, HOLD, 0);
        completed++;
        if (state(slot) == WaiterState.ADMITTED) {
            admitted--;
        } else {
            inCheckout--;
        }
    }

    private void dropReturning() {
        returningHead = (returningHead + 1) % returning.length;
        returningSize--;
    }

    private void refill(long now) {
        long capacity = rateCap * 1_000L;
        if (tokensMilli < 0) {
            tokensMilli = capacity;
        } else if (now > tokensAt) {
            tokensMilli = Math.min(capacity, tokensMilli + (now - tokensAt) * rateCap);
        }
        tokensAt = Math.max(tokensAt, now);
    }

    /** The window's bucket of this second, emptied if it still holds the second a window earlier. */
    private int rateBucket(long second) {
        int i = (int) Math.floorMod(second, (long) RATE_WINDOW_SECONDS);
        if (rateSecond[i] != second) {
            rateSecond[i] = second;
            rateCount[i] = 0;
            rateHeldMillis[i] = 0;
        }
        return i;
    }

    private void countAdmission(long nowMillis) {
        rateCount[rateBucket(nowMillis / 1_000)]++;
    }

    /** Spreads a held stretch of time over the seconds it covers; only its last window can matter. */
    private void countHeld(long fromMillis, long toMillis) {
        long at = Math.max(fromMillis, toMillis - RATE_WINDOW_SECONDS * 1_000L);
        while (at < toMillis) {
            long second = at / 1_000;
            long end = Math.min(toMillis, (second + 1) * 1_000);
            rateHeldMillis[rateBucket(second)] += end - at;
            at = end;
        }
    }

    private long heldInWindow(long nowMillis) {
        long second = nowMillis / 1_000;
        long sum = 0;
        for (int i = 0; i < RATE_WINDOW_SECONDS; i++) {
            if (rateSecond[i] > second - RATE_WINDOW_SECONDS && rateSecond[i] <= second) {
                sum += rateHeldMillis[i];
            }
        }
        return sum;
    }

    private long admissionsInWindow(long nowMillis) {
        long second = nowMillis / 1_000;
        long sum = 0;
        for (int i = 0; i < RATE_WINDOW_SECONDS; i++) {
            if (rateSecond[i] > second - RATE_WINDOW_SECONDS && rateSecond[i] <= second) {
                sum += rateCount[i];
            }
        }
        return sum;
    }

    // ---- checkout

    Outcome checkCheckout(int slot, long amountKrw, long nowMillis) {
        if (slot < 0) {
            return Outcome.NOT_ADMITTED;
        }
        return switch (state(slot)) {
            case EXPIRED -> Outcome.HOLD_EXPIRED;
            case IN_CHECKOUT -> Outcome.CHECKOUT_IN_PROGRESS;
            case ADMITTED -> {
                if (get(slot, EXPIRY) <= nowMillis) {
                    yield Outcome.HOLD_EXPIRED;
                }
                yield amountKrw > get(slot, HOLD) ? Outcome.OVER_HOLD : Outcome.OK;
            }
            default -> Outcome.NOT_ADMITTED;
        };
    }

    void applyCheckout(int slot, long amountKrw, long deadlineMillis, Journal.Entry out) {
        long rest = get(slot, HOLD) - amountKrw;
        pool += rest;
        held -= rest;
        admitted--;
        inCheckout++;
        set(slot, HOLD, amountKrw);
        set(slot, DEADLINE, deadlineMillis);
        setState(slot, WaiterState.IN_CHECKOUT);
        expiries.add(deadlineMillis, slot);
        if (out != null) {
            out.put(CHECKOUT).putInt(index).putInt(slot).putLong(amountKrw).putLong(deadlineMillis);
        }
    }

    Outcome checkPaid(int slot, long amountKrw) {
        if (slot < 0) {
            return Outcome.NOT_ADMITTED;
        }
        return switch (state(slot)) {
            case IN_CHECKOUT, ADMITTED -> amountKrw > get(slot, HOLD) ? Outcome.OVER_HOLD : Outcome.OK;
            case EXPIRED, BOUGHT -> Outcome.OK;
            default -> Outcome.NOT_ADMITTED;
        };
    }

    void applyPaid(int slot, long amountKrw, Journal.Entry out) {
        WaiterState state = state(slot);
        if (state == WaiterState.IN_CHECKOUT || state == WaiterState.ADMITTED) {
            long hold = get(slot, HOLD);
            pool += hold - amountKrw;
            held -= hold;
            sold += amountKrw;
            paid++;
            paidKrw += amountKrw;
            completed++;
            set(slot, HOLD, 0);
            if (state == WaiterState.IN_CHECKOUT) {
                inCheckout--;
            } else {
                admitted--;
            }
        } else if (state == WaiterState.EXPIRED) {
            // Bought after the hold lapsed: the saga took the amount from the pool, which counted it as sold.
            paid++;
            paidKrw += amountKrw;
        }
        setState(slot, WaiterState.BOUGHT);
        if (out != null) {
            out.put(PAID).putInt(index).putInt(slot).putLong(amountKrw);
        }
    }

    boolean inCheckout(int slot) {
        return slot >= 0 && state(slot) == WaiterState.IN_CHECKOUT;
    }

    void applyFailed(int slot, Journal.Entry out) {
        inCheckout--;
        admitted++;
        setState(slot, WaiterState.ADMITTED);
        expiries.add(get(slot, EXPIRY), slot);
        event(out, FAILED, slot);
    }

    Outcome checkRelease(int slot) {
        if (slot < 0) {
            return Outcome.NOT_ADMITTED;
        }
        return switch (state(slot)) {
            case ADMITTED -> Outcome.OK;
            case IN_CHECKOUT -> Outcome.CHECKOUT_IN_PROGRESS;
            default -> Outcome.NOT_ADMITTED;
        };
    }

    void applyRelease(int slot, Journal.Entry out) {
        returnHold(slot);
        setState(slot, WaiterState.EXPIRED);
        event(out, RELEASE, slot);
    }

    // ---- the pool and the operator

    boolean canTake(long amountKrw) {
        return pool >= amountKrw;
    }

    void applyTake(long amountKrw, Journal.Entry out) {
        pool -= amountKrw;
        sold += amountKrw;
        amountEvent(out, TAKE, amountKrw);
    }

    boolean canGive(long amountKrw) {
        return sold >= amountKrw;
    }

    void applyGive(long amountKrw, Journal.Entry out) {
        pool += amountKrw;
        sold -= amountKrw;
        amountEvent(out, GIVE, amountKrw);
    }

    /** The pool after a restart: the ledger's remaining budget less every hold still out, never more than before. */
    long rebasedPool(long ledgerRemainingKrw) {
        return Math.min(pool, Math.max(0, ledgerRemainingKrw - held));
    }

    void applyRebase(long poolKrw, Journal.Entry out) {
        pool = poolKrw;
        amountEvent(out, REBASE, poolKrw);
    }

    void applyPaused(boolean value, Journal.Entry out) {
        paused = value;
        if (out != null) {
            out.put(PAUSE).putInt(index).put((byte) (value ? 1 : 0));
        }
    }

    void applyRateCap(int admissionsPerSecond, Journal.Entry out) {
        if (admissionsPerSecond != rateCap) {
            // A new cap starts with a full second's tokens, or what is left of the old ones if fewer.
            tokensMilli = rateCap == 0 ? -1 : Math.min(tokensMilli, admissionsPerSecond * 1_000L);
        }
        rateCap = admissionsPerSecond;
        if (out != null) {
            out.put(RATE).putInt(index).putInt(admissionsPerSecond);
        }
    }

    // ---- reading the journal back

    /** Applies one event (its type and round index already read) from the journal. */
    void replay(byte type, ByteBuffer in) {
        switch (type) {
            case JOIN -> {
                int slot = in.getInt();
                String person = Journal.getText(in);
                long high = in.getLong();
                long low = in.getLong();
                long wanted = in.getLong();
                long at = in.getLong();
                if (slot != slots) {
                    throw new IllegalStateException("the journal's joins of " + id + " are out of order");
                }
                applyJoin(person, high, low, wanted, at, null);
            }
            case OPEN -> {
                long at = in.getLong();
                int[] order = new int[in.getInt()];
                for (int i = 0; i < order.length; i++) {
                    order[i] = in.getInt();
                }
                applyOpen(at, order, null);
            }
            case ADMIT -> {
                int slot = in.getInt();
                long hold = in.getLong();
                long expiresAt = in.getLong();
                boolean fromHead = in.get() == 1;
                applyAdmit(slot, hold, expiresAt, fromHead, in.getLong(), null);
            }
            case PASS -> applyPass(in.getInt(), null);
            case HEAD -> applyHead(in.getLong(), null);
            case RETURN -> applyReturn(in.getInt(), null);
            case AWAY -> applyAway(in.getInt(), null);
            case EXPIRE -> applyExpire(in.getInt(), null);
            case CHECKOUT -> applyCheckout(in.getInt(), in.getLong(), in.getLong(), null);
            case PAID -> applyPaid(in.getInt(), in.getLong(), null);
            case FAILED -> applyFailed(in.getInt(), null);
            case RELEASE -> applyRelease(in.getInt(), null);
            case TAKE -> applyTake(in.getLong(), null);
            case GIVE -> applyGive(in.getLong(), null);
            case PAUSE -> applyPaused(in.get() == 1, null);
            case RATE -> applyRateCap(in.getInt(), null);
            case SOLD_OUT -> applySoldOut(null);
            case REBASE -> applyRebase(in.getLong(), null);
            case ESTIMATE -> applyEstimate(in.getInt(), in.getLong(), in.getLong(), null);
            case FLOW -> applyFlow(in.getLong(), in.getLong(), in.getLong(), in.getLong(), in.getLong(), null);
            default -> throw new IllegalStateException("unknown event " + type + " in the queue journal");
        }
    }

    // ---- slots

    private int slotOf(long seq) {
        return seq <= drawn.length ? drawn[(int) (seq - 1)] : (int) (seq - 1);
    }

    private long seq(int slot) {
        return get(slot, SEQ_STATE) >>> 8;
    }

    private WaiterState state(int slot) {
        return STATES[(int) (get(slot, SEQ_STATE) & 0xFF)];
    }

    private long seen(int slot) {
        return Math.max(get(slot, SEEN), seenFloor);
    }

    private static boolean holds(WaiterState state) {
        return state == WaiterState.ADMITTED || state == WaiterState.IN_CHECKOUT;
    }

    private void setState(int slot, WaiterState state) {
        set(slot, SEQ_STATE, (get(slot, SEQ_STATE) & ~0xFFL) | state.ordinal());
    }

    private void setSeqState(int slot, long seq, WaiterState state) {
        set(slot, SEQ_STATE, seq << 8 | state.ordinal());
    }

    private long get(int slot, int field) {
        return pages[slot >>> PAGE_BITS][(slot & (PAGE_SLOTS - 1)) * FIELDS + field];
    }

    private void set(int slot, int field, long value) {
        pages[slot >>> PAGE_BITS][(slot & (PAGE_SLOTS - 1)) * FIELDS + field] = value;
    }

    private void event(Journal.Entry out, byte type, int slot) {
        if (out != null) {
            out.put(type).putInt(index).putInt(slot);
        }
    }

    private void amountEvent(Journal.Entry out, byte type, long amountKrw) {
        if (out != null) {
            out.put(type).putInt(index).putLong(amountKrw);
        }
    }
}
