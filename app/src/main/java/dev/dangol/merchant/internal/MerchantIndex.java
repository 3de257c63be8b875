package dev.dangol.merchant.internal;

import dev.dangol.merchant.Merchant;
import dev.dangol.merchant.NearbyMerchant;
import dev.dangol.merchant.NearestQuery;
import dev.dangol.shared.MerchantId;
import java.util.List;
import java.util.function.Predicate;

/**
 * Where nearest-first search looks. The registry tells it of every merchant it stores or changes, in the same order
 * as it stores them, so that it stays in step; the in-memory index answers from memory and a PostGIS one from the
 * database.
 */
interface MerchantIndex {

    /** Adds the merchant, or replaces the one with its id (it may have moved, closed or changed name). */
    void put(Merchant merchant);

    void remove(MerchantId id);

    /**
     * The merchants nearest the query's point that pass the query's own filters and {@code accepts} (the caller's
     * eligibility test), nearest first, ties broken by id.
     */
    List<NearbyMerchant> nearest(NearestQuery query, Predicate<Merchant> accepts);

    int size();

    /**
     * Tidies the index after a bulk load (the registry's start-up fill or a full master-data sync), when searches would
     * otherwise pay for how it was built; nothing else changes. The in-memory index rebuilds into one run.
     */
    default void compact() {}
}
