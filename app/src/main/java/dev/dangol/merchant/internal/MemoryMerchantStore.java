package dev.dangol.merchant.internal;

import dev.dangol.merchant.BusinessNumber;
import dev.dangol.merchant.Merchant;
import dev.dangol.merchant.MerchantFileReport;
import dev.dangol.shared.MerchantId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * Merchants in memory, for fast tests. A transaction copies everything first and puts the copy back if the work
 * throws, which is plenty for tests' few thousand merchants; the database store is the one for real volumes.
 */
final class MemoryMerchantStore implements MerchantStore {

    private static final int BY_BUSINESS_NUMBER_MAX = 100;

    private TreeMap<String, Merchant> merchants = new TreeMap<>();
    private Map<String, String> aliases = new LinkedHashMap<>();
    private Map<String, MerchantFileReport> files = new LinkedHashMap<>();

    @Override
    public synchronized <T> T atomically(Supplier<T> work) {
        TreeMap<String, Merchant> merchantsBefore = new TreeMap<>(merchants);
        Map<String, String> aliasesBefore = new LinkedHashMap<>(aliases);
        Map<String, MerchantFileReport> filesBefore = new LinkedHashMap<>(files);
        try {
            return work.get();
        } catch (RuntimeException | Error e) {
            merchants = merchantsBefore;
            aliases = aliasesBefore;
            files = filesBefore;
            throw e;
        }
    }

    @Override
    public synchronized Optional<Merchant> merchant(MerchantId id) {
        return Optional.ofNullable(merchants.get(id.value()));
    }

    @Override
    public synchronized List<Merchant> byBusinessNumber(BusinessNumber number) {
        return merchants.values().stream()
                .filter(m -> m.businessNumber().equals(number))
                .limit(BY_BUSINESS_NUMBER_MAX)
                .toList();
    }

    @Override
    public synchronized Optional<Merchant> byCurrentAgencyId(String agencyId) {
        return merchants.values().stream()
                .filter(m -> m.agencyId().equals(agencyId))
                .findFirst();
    }

    @Override
    public synchronized Optional<Merchant> byAlias(String alias) {
        String id = aliases.get(alias);
        return id == null ? Optional.empty() : Optional.ofNullable(merchants.get(id));
    }

    @Override
    public synchronized Map<String, Merchant> byCurrentAgencyIds(Collection<String> agencyIds) {
        Set<String> wanted = Set.copyOf(agencyIds);
        Map<String, Merchant> found = new HashMap<>();
        for (Merchant merchant : merchants.values()) {
            if (wanted.contains(merchant.agencyId())) {
                found.put(merchant.agencyId(), merchant);
            }
        }
        return found;
    }

    @Override
    public synchronized Map<String, Merchant> byAliases(Collection<String> wanted) {
        Map<String, Merchant> found = new HashMap<>();
        for (String alias : Set.copyOf(wanted)) {
            byAlias(alias).ifPresent(merchant -> found.put(alias, merchant));
        }
        return found;
    }

    @Override
    public synchronized List<Merchant> page(MerchantId after, int limit) {
        Map<String, Merchant> tail = after == null ? merchants : merchants.tailMap(after.value(), false);
        return tail.values().stream().limit(limit).toList();
    }

    @Override
    public synchronized void insert(Merchant merchant, Instant at) {
        if (merchants.containsKey(merchant.id().value())) {
            throw new IllegalStateException("merchant " + merchant.id() + " exists");
        }
        if (byCurrentAgencyId(merchant.agencyId()).isPresent()) {
            throw new IllegalStateException("agency id " + merchant.agencyId() + " is taken");
        }
        merchants.put(merchant.id().value(), merchant);
    }

    @Override
    public synchronized void update(Merchant merchant, Instant at) {
        if (!merchants.containsKey(merchant.id().value())) {
            throw new IllegalStateException("merchant " + merchant.id() + " does not exist");
        }
        Optional<Merchant> holder = byCurrentAgencyId(merchant.agencyId());
        if (holder.isPresent() && !holder.get().id().equals(merchant.id())) {
            throw new IllegalStateException("agency id " + merchant.agencyId() + " is taken");
        }
        merchants.put(merchant.id().value(), merchant);
    }

    @Override
    public synchronized void addAlias(String alias, MerchantId merchant, Instant at) {
        if (aliases.containsKey(alias)) {
            throw new IllegalStateException("alias " + alias + " is taken");
        }
        aliases.put(alias, merchant.value());
    }

    @Override
    public synchronized List<String> aliases(MerchantId merchant) {
        return aliases.entrySet().stream()
                .filter(e -> e.getValue().equals(merchant.value()))
                .map(Map.Entry::getKey)
                .toList();
    }

    @Override
    public synchronized Optional<MerchantFileReport> fileBySha256(String sha256) {
        return files.values().stream().filter(f -> f.sha256().equals(sha256)).findFirst();
    }

    @Override
    public synchronized void recordFile(MerchantFileReport report, String importedBy) {
        if (fileBySha256(report.sha256()).isPresent()) {
            throw new IllegalStateException("file " + report.sha256() + " was recorded before");
        }
        files.put(report.id(), report);
    }

    @Override
    public synchronized List<MerchantFileReport> files(int limit) {
        List<MerchantFileReport> newestFirst = new ArrayList<>(files.values());
        newestFirst.sort(Comparator.comparing(MerchantFileReport::importedAt)
                .thenComparing(MerchantFileReport::id)
                .reversed());
        return newestFirst.stream()
                .limit(limit)
                .map(f -> new MerchantFileReport(
                        f.id(),
                        f.sha256(),
                        f.kind(),
                        f.fileName(),
                        f.encoding(),
                        f.importedAt(),
                        f.rows(),
                        f.added(),
                        f.changed(),
                        f.unchanged(),
                        f.closed(),
                        f.rejected(),
                        List.of(),
                        f.warnings(),
                        false))
                .toList();
    }
}
