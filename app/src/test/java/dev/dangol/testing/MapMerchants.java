package dev.dangol.testing;

import dev.dangol.merchant.BusinessNumber;
import dev.dangol.merchant.Eligibility;
import dev.dangol.merchant.Industry;
import dev.dangol.merchant.Merchant;
import dev.dangol.merchant.MerchantStatus;
import dev.dangol.merchant.Merchants;
import dev.dangol.merchant.NearbyMerchant;
import dev.dangol.merchant.NearestQuery;
import dev.dangol.merchant.RevenueBand;
import dev.dangol.shared.MerchantId;
import dev.dangol.shared.ProgramId;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A map-backed {@link Merchants} for tests of payments: merchants and the programs each may accept, set by the test.
 */
public final class MapMerchants implements Merchants {

    private final Map<MerchantId, Merchant> merchants = new ConcurrentHashMap<>();
    private final Map<MerchantId, Set<ProgramId>> eligible = new ConcurrentHashMap<>();

    /** Registers an active rice-cake shop that accepts the given programs. */
    public Merchant add(String id, ProgramId... programs) {
        Merchant merchant = riceCakeShop(id);
        merchants.put(merchant.id(), merchant);
        eligible.put(merchant.id(), Set.of(programs));
        return merchant;
    }

    /**
     * An active rice-cake shop in Gwangjang Market (Jongno-gu), in the lowest revenue band: every default program rule
     * of a national program, and a regional one for Seoul's towns, accepts it.
     */
    public static Merchant riceCakeShop(String id) {
        return new Merchant(
                MerchantId.of(id),
                "agency-" + id,
                BusinessNumber.parse("1234567891"),
                "가게 " + id,
                "Shop " + id,
                "서울특별시 종로구 창경궁로 88",
                "11110",
                null,
                Industry.RICE_CAKE,
                "광장시장",
                RevenueBand.values()[0],
                MerchantStatus.ACTIVE,
                null);
    }

    /** Changes a merchant's status, as a sync or an operator would. */
    public void setStatus(String id, MerchantStatus status) {
        merchants.computeIfPresent(MerchantId.of(id), (key, m) -> m.withStatus(status));
    }

    @Override
    public Optional<Merchant> merchant(MerchantId id) {
        return Optional.ofNullable(merchants.get(id));
    }

    @Override
    public Optional<Merchant> byBusinessNumber(BusinessNumber number) {
        return merchants.values().stream()
                .filter(m -> m.businessNumber().equals(number))
                .findFirst();
    }

    @Override
    public Optional<Merchant> byAgencyId(String agencyId) {
        return merchants.values().stream()
                .filter(m -> m.agencyId().equals(agencyId))
                .findFirst();
    }

    @Override
    public Eligibility eligibility(Merchant merchant, ProgramId program) {
        if (!merchant.isActive()) {
            return new Eligibility.NotEligible("the merchant does not accept vouchers now");
        }
        return eligible.getOrDefault(merchant.id(), Set.of()).contains(program)
                ? Eligibility.ELIGIBLE
                : new Eligibility.NotEligible("it is not registered for this program");
    }

    @Override
    public List<NearbyMerchant> nearest(NearestQuery query) {
        return List.of();
    }

    @Override
    public List<Merchant> page(MerchantId after, int limit) {
        return merchants.values().stream()
                .sorted(Comparator.comparing(m -> m.id().value()))
                .filter(m -> after == null || m.id().value().compareTo(after.value()) > 0)
                .limit(limit)
                .toList();
    }
}
