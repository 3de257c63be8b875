package dev.dangol.wallet.internal;

import dev.dangol.wallet.PurchaseId;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The reservations this node made and has not settled yet, so that confirming or releasing one need not read its
 * links back from the ledger. What is kept never goes stale: a reservation's links, once recorded, never change (only
 * their pending state does, and the ledger checks that when they are posted or voided). A reservation missing here
 * (made on another node, settled already, or pushed out by newer ones) is read from the ledger as before.
 *
 * <p>Bounded: past {@code capacity} the oldest entries go first, so memory stays flat however many reservations are
 * left unpaid.
 */
final class RecentReservations {

    private final int capacity;
    private final Map<PurchaseId, Reservation> byId = new ConcurrentHashMap<>();
    /** Ids in the order they came, settled ones included until their turn: at most {@code capacity} of them. */
    private final Queue<PurchaseId> order = new ConcurrentLinkedQueue<>();

    private final AtomicInteger queued = new AtomicInteger();

    RecentReservations(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("capacity must not be negative, was " + capacity);
        }
        this.capacity = capacity;
    }

    void add(Reservation reservation) {
        if (capacity == 0) {
            return;
        }
        byId.put(reservation.id, reservation);
        order.add(reservation.id);
        queued.incrementAndGet();
        // Concurrent adds may push out one more than needed: a miss, never a wrong answer.
        while (queued.get() > capacity) {
            PurchaseId oldest = order.poll();
            if (oldest == null) {
                return;
            }
            queued.decrementAndGet();
            byId.remove(oldest);
        }
    }

    /** The reservation, removed: it is settled once, and a second settlement reads the ledger. */
    Reservation take(PurchaseId id) {
        return byId.remove(id);
    }

    int size() {
        return byId.size();
    }

    /** How many ids the eviction order holds (never more than the capacity). */
    int queued() {
        return queued.get();
    }
}
