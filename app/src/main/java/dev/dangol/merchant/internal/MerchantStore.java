package dev.dangol.merchant.internal;

import dev.dangol.merchant.BusinessNumber;
import dev.dangol.merchant.Merchant;
import dev.dangol.merchant.MerchantFileReport;
import dev.dangol.merchant.MerchantStatus;
import dev.dangol.shared.MerchantId;
import java.time.Instant;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Where the registry keeps merchants, their aliases and the record of imported master-data files. Writes happen
 * inside {@link #atomically}: all of them or none.
 */
interface MerchantStore {

    /** Runs the work in one transaction: if it throws, none of its writes remain. */
    <T> T atomically(Supplier<T> work);

    /**
     * Prepares the current transaction for a bulk change of many merchants (a master-data file), where the tables grow
     * or change a great deal while it runs. Nothing by default.
     */
    default void beginBulkChange() {}

    Optional<Merchant> merchant(MerchantId id);

    /** The merchants with this business number, in id order (one business may have several shops), at most 100. */
    List<Merchant> byBusinessNumber(BusinessNumber number);

    /** The merchant with this agency id now. */
    Optional<Merchant> byCurrentAgencyId(String agencyId);

    /** The merchant that had this agency id before (an alias). */
    Optional<Merchant> byAlias(String alias);

    /** The merchants with these agency ids now, by agency id; ids no merchant has are absent. At most 1,000 ids. */
    Map<String, Merchant> byCurrentAgencyIds(Collection<String> agencyIds);

    /** The merchants that had these agency ids before, by alias. At most 1,000 ids. */
    Map<String, Merchant> byAliases(Collection<String> aliases);

    /** Merchants in id order after {@code after} (null: from the start), at most {@code limit}. */
    List<Merchant> page(MerchantId after, int limit);

    void insert(Merchant merchant, Instant at);

    /** Replaces the merchant with its id; it must exist. */
    void update(Merchant merchant, Instant at);

    void addAlias(String alias, MerchantId merchant, Instant at);

    /** Inserts the merchants, in order, as one batch where the store can; none of them may exist. */
    default void insertAll(List<Merchant> merchants, Instant at) {
        merchants.forEach(merchant -> insert(merchant, at));
    }

    /** Replaces the merchants with their ids, in order, as one batch where the store can; each must exist. */
    default void updateAll(List<Merchant> merchants, Instant at) {
        merchants.forEach(merchant -> update(merchant, at));
    }

    /** Adds the aliases, in order, as one batch where the store can. */
    default void addAliases(List<Alias> aliases, Instant at) {
        aliases.forEach(alias -> addAlias(alias.alias(), alias.merchant(), at));
    }

    /**
     * Merchants in id order after {@code after} (null: from the start), at most {@code limit}, as their id, agency id
     * and whether they are closed: what a full file's closure pass needs, without reading whole rows.
     */
    default List<Listing> listings(MerchantId after, int limit) {
        return page(after, limit).stream()
                .map(m -> new Listing(m.id(), m.agencyId(), m.status() instanceof MerchantStatus.Closed))
                .toList();
    }

    /** The merchants with these ids, in id order; ids no merchant has are left out. At most 5,000 ids. */
    default List<Merchant> merchants(Collection<MerchantId> ids) {
        return ids.stream()
                .sorted(Comparator.comparing(MerchantId::value))
                .map(this::merchant)
                .flatMap(Optional::stream)
                .toList();
    }

    /** A merchant's id, agency id and whether it is closed. */
    record Listing(MerchantId id, String agencyId, boolean closed) {}

    /** An identifier a merchant had before. */
    record Alias(String alias, MerchantId merchant) {}

    /** The merchant's aliases, oldest first. */
    List<String> aliases(MerchantId merchant);

    Optional<MerchantFileReport> fileBySha256(String sha256);

    /** Records an import with its listed rejections. */
    void recordFile(MerchantFileReport report, String importedBy);

    /** Imports newest first, without their rejected rows. */
    List<MerchantFileReport> files(int limit);
}
