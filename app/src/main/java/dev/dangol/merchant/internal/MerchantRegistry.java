package dev.dangol.merchant.internal;

import dev.dangol.merchant.BusinessNumber;
import dev.dangol.merchant.Eligibility;
import dev.dangol.merchant.Merchant;
import dev.dangol.merchant.MerchantRegister;
import dev.dangol.merchant.MerchantStatus;
import dev.dangol.merchant.Merchants;
import dev.dangol.merchant.NearbyMerchant;
import dev.dangol.merchant.NearestQuery;
import dev.dangol.merchant.SettlementAccount;
import dev.dangol.program.Program;
import dev.dangol.program.Programs;
import dev.dangol.shared.MerchantId;
import dev.dangol.shared.ProgramId;
import dev.dangol.shared.Rejection;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The merchant registry: merchants in a {@link MerchantStore}, and nearest-first search in a {@link MerchantIndex}
 * that it fills at start-up and tells of every change once the store has committed it. Writes are serialised on
 * this node, so that the index receives them in the order the store applied them. Changes made on other nodes reach
 * the index through {@link MerchantIndexFollower}, which puts them in through {@link #indexFromStore}.
 */
final class MerchantRegistry implements Merchants, MerchantRegister {

    /** Merchants read per page when the index is filled at start-up. */
    private static final int LOAD_PAGE = 5_000;

    static final int PAGE_MAX = 10_000;

    private final MerchantStore store;
    private final MerchantIndex index;
    private final Programs programs;
    private final Clock clock;
    private final ReentrantLock writes = new ReentrantLock();

    MerchantRegistry(MerchantStore store, MerchantIndex index, Programs programs, Clock clock) {
        this.store = store;
        this.index = index;
        this.programs = programs;
        this.clock = clock;
    }

    /** Puts every stored merchant into the index; returns how many. */
    int loadIndex() {
        int loaded = 0;
        MerchantId after = null;
        while (true) {
            List<Merchant> page = store.page(after, LOAD_PAGE);
            if (page.isEmpty()) {
                // One tree instead of the logarithmic method's many small ones after a bulk load (decision 0011).
                index.compact();
                return loaded;
            }
            page.forEach(this::index);
            loaded += page.size();
            after = page.getLast().id();
        }
    }

    @Override
    public Optional<Merchant> merchant(MerchantId id) {
        return store.merchant(id);
    }

    /** One business may run several shops: an active one is preferred, then the lowest id. */
    @Override
    public Optional<Merchant> byBusinessNumber(BusinessNumber number) {
        List<Merchant> found = store.byBusinessNumber(number);
        return found.stream()
                .filter(Merchant::isActive)
                .findFirst()
                .or(() -> found.stream().findFirst());
    }

    @Override
    public Optional<Merchant> byAgencyId(String agencyId) {
        if (agencyId == null || agencyId.isBlank()) {
            return Optional.empty();
        }
        return store.byCurrentAgencyId(agencyId).or(() -> store.byAlias(agencyId));
    }

    @Override
    public Eligibility eligibility(Merchant merchant, ProgramId program) {
        Optional<Program> found = programs.program(program);
        if (found.isEmpty()) {
            return new Eligibility.NotEligible(
                    "There is no program " + program + "; check the program's id in the list of programs.");
        }
        return ProgramEligibility.of(merchant, found.get());
    }

    @Override
    public List<NearbyMerchant> nearest(NearestQuery query) {
        Predicate<Merchant> accepts = merchant -> true;
        if (query.program() != null) {
            // Looked up once per search, not once per merchant the search passes.
            Program program = programs.program(query.program())
                    .orElseThrow(() ->
                            Rejection.notFound("PROGRAM_NOT_FOUND", "There is no program " + query.program() + "."));
            accepts = merchant -> ProgramEligibility.of(merchant, program).eligible();
        }
        return index.nearest(query, accepts);
    }

    @Override
    public List<Merchant> page(MerchantId after, int limit) {
        if (limit < 1 || limit > PAGE_MAX) {
            throw new IllegalArgumentException("a page holds 1 to " + PAGE_MAX + " merchants");
        }
        return store.page(after, limit);
    }

    @Override
    public Merchant register(Merchant merchant) {
        return write(() -> {
            Optional<Merchant> existing = store.merchant(merchant.id());
            if (existing.isPresent()) {
                if (existing.get().equals(merchant)) {
                    return existing.get();
                }
                throw Rejection.conflict(
                        "MERCHANT_EXISTS",
                        "Merchant " + merchant.id() + " is registered with other details; update it instead, or"
                                + " register the new merchant under another id.");
            }
            requireAgencyIdFree(merchant.agencyId(), merchant.id());
            store.insert(merchant, now());
            return merchant;
        });
    }

    @Override
    public Merchant update(Merchant merchant) {
        return write(() -> {
            Merchant existing = existing(merchant.id());
            requireAgencyIdFree(merchant.agencyId(), merchant.id());
            // Status changes have their own operations, so that each leaves its reason and date.
            Merchant updated = merchant.withStatus(existing.status());
            if (!updated.equals(existing)) {
                store.update(updated, now());
            }
            // A new agency id keeps the old one as an alias, so that what was filed under it still finds the merchant.
            if (!existing.agencyId().equals(updated.agencyId())
                    && store.byAlias(existing.agencyId()).isEmpty()) {
                store.addAlias(existing.agencyId(), updated.id(), now());
            }
            return updated;
        });
    }

    @Override
    public Merchant suspend(MerchantId id, String reason) {
        return write(() -> {
            Merchant existing = existing(id);
            return switch (existing.status()) {
                case MerchantStatus.Suspended s -> existing;
                case MerchantStatus.Closed c -> throw closed(existing, c);
                case MerchantStatus.Active a -> store(existing.withStatus(new MerchantStatus.Suspended(reason, now())));
            };
        });
    }

    @Override
    public Merchant reactivate(MerchantId id) {
        return write(() -> {
            Merchant existing = existing(id);
            return switch (existing.status()) {
                case MerchantStatus.Active a -> existing;
                case MerchantStatus.Closed c -> throw closed(existing, c);
                case MerchantStatus.Suspended s -> store(existing.withStatus(MerchantStatus.ACTIVE));
            };
        });
    }

    @Override
    public Merchant close(MerchantId id, String reason) {
        return write(() -> {
            Merchant existing = existing(id);
            if (existing.status() instanceof MerchantStatus.Closed) {
                return existing;
            }
            return store(existing.withStatus(new MerchantStatus.Closed(reason, now())));
        });
    }

    @Override
    public Merchant setSettlementAccount(MerchantId id, SettlementAccount account) {
        if (account == null) {
            throw Rejection.invalid("ACCOUNT_MISSING", "Give the bank code, account number and holder's name.");
        }
        return write(() -> {
            Merchant existing = existing(id);
            if (account.equals(existing.settlementAccount())) {
                return existing;
            }
            return store(existing.withSettlementAccount(account));
        });
    }

    @Override
    public List<String> aliases(MerchantId id) {
        existing(id);
        return store.aliases(id);
    }

    /**
     * Runs a change to several merchants in one transaction (the master-data sync), then tells the index of each
     * merchant the change returns. Nothing reaches the index if the transaction fails.
     */
    <T> T changeMany(Supplier<T> work, Function<T, Collection<Merchant>> changed) {
        writes.lock();
        try {
            T result = store.atomically(work);
            changed.apply(result).forEach(this::index);
            return result;
        } finally {
            writes.unlock();
        }
    }

    /**
     * Reads merchants from the store and puts them into the index, with this node's writes held back meanwhile: a
     * write that committed after the read cannot then be overtaken in the index by the older state the read saw.
     * Returns what it read.
     */
    List<Merchant> indexFromStore(Supplier<List<Merchant>> read) {
        writes.lock();
        try {
            List<Merchant> merchants = read.get();
            merchants.forEach(this::index);
            return merchants;
        } finally {
            writes.unlock();
        }
    }

    MerchantStore store() {
        return store;
    }

    Instant now() {
        // Milliseconds, as every database keeps them, so that a merchant read back equals the one written.
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    private Merchant write(Supplier<Merchant> work) {
        writes.lock();
        try {
            Merchant result = store.atomically(work);
            index(result);
            return result;
        } finally {
            writes.unlock();
        }
    }

    private Merchant store(Merchant merchant) {
        store.update(merchant, now());
        return merchant;
    }

    private void index(Merchant merchant) {
        // The index finds places: a merchant without coordinates has none to find it by.
        if (merchant.location() == null) {
            index.remove(merchant.id());
        } else {
            index.put(merchant);
        }
    }

    private Merchant existing(MerchantId id) {
        return store.merchant(id)
                .orElseThrow(() -> Rejection.notFound("MERCHANT_NOT_FOUND", "There is no merchant " + id + "."));
    }

    private void requireAgencyIdFree(String agencyId, MerchantId owner) {
        Optional<Merchant> holder = store.byCurrentAgencyId(agencyId).or(() -> store.byAlias(agencyId));
        if (holder.isPresent() && !holder.get().id().equals(owner)) {
            throw Rejection.conflict(
                    "AGENCY_ID_TAKEN",
                    "Agency id " + agencyId + " belongs to merchant "
                            + holder.get().id() + "; check the id against the agency's master data.");
        }
    }

    private static Rejection closed(Merchant merchant, MerchantStatus.Closed closed) {
        return Rejection.refused(
                "MERCHANT_CLOSED",
                "Merchant " + merchant.id() + " is closed (" + closed.reason() + ") and stays closed; register the"
                        + " business again under a new id if it reopens.");
    }
}
