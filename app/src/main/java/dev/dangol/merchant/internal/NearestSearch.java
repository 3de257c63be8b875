package dev.dangol.merchant.internal;

import dev.dangol.merchant.GeoPoint;
import dev.dangol.merchant.Industry;
import dev.dangol.merchant.Merchant;
import dev.dangol.merchant.NearbyMerchant;
import dev.dangol.merchant.NearestQuery;
import dev.dangol.shared.MerchantId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * One nearest search in progress: the best {@code offset + limit} merchants found so far, kept in a bounded max-heap
 * ordered by (whole metres, id), and the pruning bound that follows from the worst of them.
 *
 * <p>Merchants are ranked by {@link GeoPoint#metresTo}, the distance the answer reports, and ties are broken by id, so
 * that the order is exactly what a brute-force sort of the same merchants would give. The cheap chord distance in
 * the index's units only prunes: the bound is the chord of the worst distance kept plus {@value #SLACK_METRES} m, room
 * for rounding to whole metres and for the coordinates' 6 mm grid, so that no merchant that could tie or win is cut.
 */
final class NearestSearch {

    /** The sphere {@link GeoPoint#metresTo} measures on: 6,371,008.8 m (whole millimetres, as fields hold no doubles). */
    private static final long EARTH_RADIUS_MILLIMETRES = 6_371_008_800L;

    private static final long SLACK_METRES = 2;

    private final NearestQuery query;
    private final Predicate<Merchant> accepts;
    private final GeoPoint from;
    private final Industry industry;
    private final boolean activeOnly;
    private final String nameText;
    private final String nameLower;
    private final long nameBits;
    private final boolean nameSlowly;
    private final int capacity;

    private final long[] heapMetres;
    private final MerchantEntry[] heapEntries;
    private int size;

    private Map<MerchantId, MerchantEntry> current = Map.of();

    // Local geometry in the index's units, kept in long fields to hold to the rule of no floating-point fields: the
    // query point's coordinates and the squared pruning radius (Long.MAX_VALUE until the heap is full).
    private final long qx;
    private final long qy;
    private final long qz;
    private long boundSquared = Long.MAX_VALUE;

    NearestSearch(NearestQuery query, Predicate<Merchant> accepts) {
        this.query = query;
        this.accepts = accepts;
        this.from = query.from();
        this.industry = query.industry();
        this.activeOnly = query.activeOnly();
        this.nameText = query.nameText();
        this.nameLower = nameText == null ? null : nameText.toLowerCase(Locale.ROOT);
        this.nameBits = nameLower == null ? 0 : MerchantEntry.nameBits(nameLower);
        this.nameSlowly = nameLower != null && nameLower.indexOf(MerchantEntry.SEPARATOR) >= 0;
        this.capacity = query.offset() + query.limit();
        this.heapMetres = new long[capacity];
        this.heapEntries = new MerchantEntry[capacity];
        double latitude = Math.toRadians(from.latitudeE7() / 1e7);
        double longitude = Math.toRadians(from.longitudeE7() / 1e7);
        this.qx = Math.round(Math.cos(latitude) * Math.cos(longitude) * MerchantEntry.UNIT);
        this.qy = Math.round(Math.cos(latitude) * Math.sin(longitude) * MerchantEntry.UNIT);
        this.qz = Math.round(Math.sin(latitude) * MerchantEntry.UNIT);
    }

    /** The map that says which entry of each merchant is current; entries it does not name are skipped. */
    void liveEntries(Map<MerchantId, MerchantEntry> current) {
        this.current = current;
    }

    long qx() {
        return qx;
    }

    long qy() {
        return qy;
    }

    long qz() {
        return qz;
    }

    /** True if a point this far (squared, in the index's units) could still be kept: a KD-tree's far-side test. */
    boolean reachesSquared(long squared) {
        return squared <= boundSquared;
    }

    void consider(MerchantEntry entry, int x, int y, int z) {
        long dx = x - qx;
        long dy = y - qy;
        long dz = z - qz;
        // Points lie on the sphere of radius 2^30, so the squared chord is at most (2^31)^2 = 2^62 and fits a long.
        // Most points are far: the first axis alone usually rules them out.
        long bound = boundSquared;
        long squared = dx * dx;
        if (squared > bound) {
            return;
        }
        squared += dy * dy + dz * dz;
        if (squared > bound) {
            return;
        }
        Merchant merchant = entry.merchant();
        if (industry != null && merchant.industry() != industry) {
            return;
        }
        if (activeOnly && !merchant.isActive()) {
            return;
        }
        // The name before the distance: most names fail on the signature alone, and the distance costs trigonometry.
        if (nameLower != null
                && (nameSlowly
                        ? !nameContains(merchant, nameText)
                        : (entry.nameBits() & nameBits) != nameBits
                                || !entry.names().contains(nameLower))) {
            return;
        }
        long metres = from.metresTo(merchant.location());
        if (size == capacity && !before(metres, merchant.id(), heapMetres[0], heapEntries[0])) {
            return;
        }
        if (current.get(merchant.id()) != entry) {
            return;
        }
        if (!accepts.test(merchant)) {
            return;
        }
        offer(metres, entry);
    }

    /** The merchants found, nearest first, after skipping the query's offset. */
    List<NearbyMerchant> results() {
        int count = size;
        long[] metres = new long[count];
        MerchantEntry[] entries = new MerchantEntry[count];
        // Pop the max-heap from the worst to the best.
        for (int i = count - 1; i >= 0; i--) {
            metres[i] = heapMetres[0];
            entries[i] = heapEntries[0];
            removeTop();
        }
        List<NearbyMerchant> found = new ArrayList<>(Math.max(0, count - query.offset()));
        for (int i = query.offset(); i < count; i++) {
            found.add(new NearbyMerchant(entries[i].merchant(), metres[i]));
        }
        return found;
    }

    private void offer(long metres, MerchantEntry entry) {
        if (size < capacity) {
            int i = size++;
            // Sift up.
            while (i > 0) {
                int parent = (i - 1) >>> 1;
                if (!before(heapMetres[parent], heapEntries[parent].merchant().id(), metres, entry)) {
                    break;
                }
                heapMetres[i] = heapMetres[parent];
                heapEntries[i] = heapEntries[parent];
                i = parent;
            }
            heapMetres[i] = metres;
            heapEntries[i] = entry;
        } else {
            heapMetres[0] = metres;
            heapEntries[0] = entry;
            siftDown(0);
        }
        if (size == capacity) {
            boundSquared = chordSquared(heapMetres[0]);
        }
    }

    private void removeTop() {
        size--;
        if (size > 0) {
            heapMetres[0] = heapMetres[size];
            heapEntries[0] = heapEntries[size];
            siftDown(0);
        }
        heapEntries[size] = null;
    }

    private void siftDown(int start) {
        int i = start;
        long metres = heapMetres[i];
        MerchantEntry entry = heapEntries[i];
        while (true) {
            int child = 2 * i + 1;
            if (child >= size) {
                break;
            }
            if (child + 1 < size
                    && before(
                            heapMetres[child],
                            heapEntries[child].merchant().id(),
                            heapMetres[child + 1],
                            heapEntries[child + 1])) {
                child++;
            }
            if (!before(metres, entry.merchant().id(), heapMetres[child], heapEntries[child])) {
                break;
            }
            heapMetres[i] = heapMetres[child];
            heapEntries[i] = heapEntries[child];
            i = child;
        }
        heapMetres[i] = metres;
        heapEntries[i] = entry;
    }

    /** True if (metres, id) ranks before the entry at the other distance: nearer, or as near with a smaller id. */
    private static boolean before(long metres, MerchantId id, long otherMetres, MerchantEntry other) {
        if (metres != otherMetres) {
            return metres < otherMetres;
        }
        return id.value().compareTo(other.merchant().id().value()) < 0;
    }

    /** The squared chord, in the index's units, of a distance along the surface plus the slack; capped at a diameter. */
    private static long chordSquared(long metres) {
        double angle = Math.min(Math.PI, (metres + SLACK_METRES) * 1000.0 / EARTH_RADIUS_MILLIMETRES);
        double chord = 2 * Math.sin(angle / 2) * MerchantEntry.UNIT + 2;
        double squared = chord * chord;
        return squared >= Long.MAX_VALUE ? Long.MAX_VALUE : (long) Math.ceil(squared);
    }

    /** Either name contains the text, both in lower case ({@link Locale#ROOT}). */
    static boolean nameContains(Merchant merchant, String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        return merchant.nameKorean().toLowerCase(Locale.ROOT).contains(lower)
                || merchant.nameRomanised().toLowerCase(Locale.ROOT).contains(lower);
    }
}
