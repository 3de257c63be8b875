package dev.dangol.wallet.internal;

import dev.dangol.shared.PersonId;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;

/**
 * Serialises one person's wallet operations on this node, so that choosing lots from a balance and spending them is
 * not raced by the same person's other request. The ledger still guards every balance; this only spares people a
 * "your balance changed, try again". A fixed set of stripes bounds the memory whatever the number of people.
 */
final class PersonLocks {

    private final ReentrantLock[] stripes;

    PersonLocks(int stripes) {
        this.stripes = new ReentrantLock[stripes];
        for (int i = 0; i < stripes; i++) {
            this.stripes[i] = new ReentrantLock();
        }
    }

    <T> T with(PersonId person, Supplier<T> work) {
        ReentrantLock lock = stripes[Math.floorMod(person.value().hashCode(), stripes.length)];
        lock.lock();
        try {
            return work.get();
        } finally {
            lock.unlock();
        }
    }
}
