package dev.dangol.settlement.internal;

import dev.dangol.merchant.BusinessNumber;
import dev.dangol.merchant.Eligibility;
import dev.dangol.merchant.Industry;
import dev.dangol.merchant.Merchant;
import dev.dangol.merchant.MerchantStatus;
import dev.dangol.merchant.Merchants;
import dev.dangol.merchant.NearbyMerchant;
import dev.dangol.merchant.NearestQuery;
import dev.dangol.merchant.RevenueBand;
import dev.dangol.merchant.SettlementAccount;
import dev.dangol.shared.MerchantId;
import dev.dangol.shared.ProgramId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * A map-backed {@link Merchants} for settlement's unit tests, without a database: settlement only
 * reads merchants by id, so this answers that and refuses what settlement never asks.
 */
public final class MapMerchants implements Merchants {

    private final Map<String, Merchant> byId = new ConcurrentSkipListMap<>();

    public MapMerchants put(Merchant merchant) {
        byId.put(merchant.id().value(), merchant);
        return this;
    }

    @Override
    public Optional<Merchant> merchant(MerchantId id) {
        return Optional.ofNullable(byId.get(id.value()));
    }

    @Override
    public Optional<Merchant> byBusinessNumber(BusinessNumber number) {
        return byId.values().stream()
                .filter(m -> m.businessNumber().equals(number))
                .findFirst();
    }

    @Override
    public Optional<Merchant> byAgencyId(String agencyId) {
        return byId.values().stream().filter(m -> m.agencyId().equals(agencyId)).findFirst();
    }

    @Override
    public Eligibility eligibility(Merchant merchant, ProgramId program) {
        return merchant.isActive() ? Eligibility.ELIGIBLE : new Eligibility.NotEligible("not active");
    }

    @Override
    public List<NearbyMerchant> nearest(NearestQuery query) {
        throw new UnsupportedOperationException("settlement never searches merchants by place");
    }

    @Override
    public List<Merchant> page(MerchantId after, int limit) {
        return byId.values().stream()
                .filter(m -> after == null || m.id().value().compareTo(after.value()) > 0)
                .limit(limit)
                .toList();
    }

    /** A merchant in a band, with a status and an account (null for none). */
    public static Merchant merchant(String id, RevenueBand band, MerchantStatus status, SettlementAccount account) {
        return new Merchant(
                MerchantId.of(id),
                "agency-" + id,
                businessNumber(id.hashCode()),
                "떡집 " + id,
                "Tteok " + id,
                "서울 종로구 창경궁로 88",
                "11110",
                null,
                Industry.RICE_CAKE,
                "광장시장",
                band,
                status,
                account);
    }

    /** A valid business number made from a seed: the first nine digits from it, the tenth the one that checks. */
    static BusinessNumber businessNumber(int seed) {
        String nine = String.format("%09d", Math.floorMod(seed, 1_000_000_000));
        for (int last = 0; last < 10; last++) {
            if (BusinessNumber.checkDigitHolds(nine + last)) {
                return new BusinessNumber(nine + last);
            }
        }
        throw new IllegalStateException("no check digit for " + nine);
    }
}
