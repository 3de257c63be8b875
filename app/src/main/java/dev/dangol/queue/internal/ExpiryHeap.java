package dev.dangol.queue.internal;

import java.util.Arrays;

/**
 * When each hold lapses, earliest first: a binary min-heap of (time, slot). An entry is never removed early; the
 * round checks on the way out that the slot still lapses at that time and drops the entry otherwise, so a checkout
 * that extends a hold simply adds an entry. Not thread-safe: the round's lock guards it.
 */
final class ExpiryHeap {

    private long[] times = new long[64];
    private int[] slots = new int[64];
    private int size;

    void add(long timeMillis, int slot) {
        if (size == times.length) {
            times = Arrays.copyOf(times, size * 2);
            slots = Arrays.copyOf(slots, size * 2);
        }
        int i = size++;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (times[parent] <= timeMillis) {
                break;
            }
            times[i] = times[parent];
            slots[i] = slots[parent];
            i = parent;
        }
        times[i] = timeMillis;
        slots[i] = slot;
    }

    boolean isEmpty() {
        return size == 0;
    }

    long peekTime() {
        return times[0];
    }

    int peekSlot() {
        return slots[0];
    }

    void removeFirst() {
        long lastTime = times[--size];
        int lastSlot = slots[size];
        int i = 0;
        while (true) {
            int child = 2 * i + 1;
            if (child >= size) {
                break;
            }
            if (child + 1 < size && times[child + 1] < times[child]) {
                child++;
            }
            if (times[child] >= lastTime) {
                break;
            }
            times[i] = times[child];
            slots[i] = slots[child];
            i = child;
        }
        times[i] = lastTime;
        slots[i] = lastSlot;
    }

    int size() {
        return size;
    }
}
