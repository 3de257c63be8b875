package dev.dangol.queue.internal;

import java.util.Arrays;

/**
 * Which slot of a round holds a person's place, in about 40 bytes a person: the person ids' characters in an arena
 * of byte pages, and an open-addressing hash table of slots (linear probing, at most half full). A person id is at
 * most 64 ASCII characters ({@link dev.dangol.shared.Ids}). Not thread-safe: the round's lock guards it.
 */
final class PersonIndex {

    /** 256 KiB pages: below half a G1 region, so that no page is a humongous object wasting the rest of its region. */
    private static final int ARENA_PAGE_BITS = 18;

    private static final int ARENA_PAGES_MAX = 1 << (31 - ARENA_PAGE_BITS);
    private static final int ARENA_PAGE = 1 << ARENA_PAGE_BITS;
    private static final int REF_PAGE_BITS = 12;
    private static final int REF_PAGE = 1 << REF_PAGE_BITS;

    private byte[][] arena = new byte[1][];
    private int arenaPages;
    private int arenaOffset = ARENA_PAGE;
    /** For each slot, where its person's id starts in the arena: page << 18 | offset. */
    private int[][] refs = new int[1][];

    private int slots;
    /** Slot + 1 of each entry, 0 for empty. */
    private int[] table = new int[16];
    /** The hash of each entry's person, so that probing compares characters only on a likely match. */
    private int[] hashes = new int[16];

    /** The slot of the person's place, or -1. */
    int find(String person) {
        int hash = hash(person);
        int mask = table.length - 1;
        for (int i = hash & mask; ; i = (i + 1) & mask) {
            int entry = table[i];
            if (entry == 0) {
                return -1;
            }
            if (hashes[i] == hash && matches(entry - 1, person)) {
                return entry - 1;
            }
        }
    }

    /** Adds the person for the next slot, which must be {@link #size()}; the person must not be in the index. */
    void add(String person, int slot) {
        if (slot != slots) {
            throw new IllegalStateException("slots must be added in order: expected " + slots + ", was " + slot);
        }
        int length = person.length();
        if (length == 0 || length > 127) {
            throw new IllegalArgumentException("a person id must be 1 to 127 characters");
        }
        if (arenaOffset + length + 1 > ARENA_PAGE) {
            if (arenaPages == ARENA_PAGES_MAX) {
                throw new IllegalStateException("the person index is full (2 GiB of person ids)");
            }
            if (arenaPages == arena.length) {
                arena = Arrays.copyOf(arena, arenaPages * 2);
            }
            arena[arenaPages++] = new byte[ARENA_PAGE];
            arenaOffset = 0;
        }
        byte[] page = arena[arenaPages - 1];
        int ref = ((arenaPages - 1) << ARENA_PAGE_BITS) | arenaOffset;
        page[arenaOffset++] = (byte) length;
        for (int i = 0; i < length; i++) {
            page[arenaOffset++] = (byte) person.charAt(i);
        }
        int refPage = slot >>> REF_PAGE_BITS;
        if (refPage == refs.length) {
            refs = Arrays.copyOf(refs, refs.length * 2);
        }
        if (refs[refPage] == null) {
            refs[refPage] = new int[REF_PAGE];
        }
        refs[refPage][slot & (REF_PAGE - 1)] = ref;
        slots++;
        if (slots * 2 > table.length) {
            grow();
        }
        insert(hash(person), slot);
    }

    int size() {
        return slots;
    }

    String person(int slot) {
        int ref = refs[slot >>> REF_PAGE_BITS][slot & (REF_PAGE - 1)];
        byte[] page = arena[ref >>> ARENA_PAGE_BITS];
        int offset = ref & (ARENA_PAGE - 1);
        return new String(page, offset + 1, page[offset], java.nio.charset.StandardCharsets.US_ASCII);
    }

    private boolean matches(int slot, String person) {
        int ref = refs[slot >>> REF_PAGE_BITS][slot & (REF_PAGE - 1)];
        byte[] page = arena[ref >>> ARENA_PAGE_BITS];
        int offset = ref & (ARENA_PAGE - 1);
        int length = page[offset];
        if (length != person.length()) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if (page[offset + 1 + i] != (byte) person.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private void insert(int hash, int slot) {
        int mask = table.length - 1;
        int i = hash & mask;
        while (table[i] != 0) {
            i = (i + 1) & mask;
        }
        table[i] = slot + 1;
        hashes[i] = hash;
    }

    private void grow() {
        int[] oldTable = table;
        int[] oldHashes = hashes;
        table = new int[oldTable.length * 2];
        hashes = new int[oldTable.length * 2];
        for (int i = 0; i < oldTable.length; i++) {
            if (oldTable[i] != 0) {
                insert(oldHashes[i], oldTable[i] - 1);
            }
        }
    }

    /** String's hash, spread so that ids differing only in their last characters do not cluster. */
    private static int hash(String person) {
        int h = person.hashCode() * 0x9E3779B9;
        return h ^ (h >>> 16);
    }
}
