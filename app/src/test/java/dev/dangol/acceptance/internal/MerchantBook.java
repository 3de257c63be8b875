package dev.dangol.acceptance.internal;

import dev.dangol.merchant.BusinessNumber;
import dev.dangol.merchant.Eligibility;
import dev.dangol.merchant.GeoPoint;
import dev.dangol.merchant.Industry;
import dev.dangol.merchant.Merchant;
import dev.dangol.merchant.MerchantStatus;
import dev.dangol.merchant.Merchants;
import dev.dangol.merchant.NearbyMerchant;
import dev.dangol.merchant.NearestQuery;
import dev.dangol.merchant.RevenueBand;
import dev.dangol.shared.MerchantId;
import dev.dangol.shared.ProgramId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A small map-backed {@link Merchants} for tests, until the merchant registry merges. Its eligibility rules are a
 * simple stand-in: "onnuri" needs a market, "seoul-love" needs a Seoul town code (11...), and department stores are
 * refused by both.
 */
final class MerchantBook implements Merchants {

    static final ProgramId ONNURI = ProgramId.of("onnuri");
    static final ProgramId SEOUL = ProgramId.of("seoul-love");

    private final Map<MerchantId, Merchant> byId = new TreeMap<>(java.util.Comparator.comparing(MerchantId::value));
    private final Map<String, MerchantId> agencyIds = new ConcurrentHashMap<>();

    synchronized Merchant add(Merchant merchant) {
        byId.put(merchant.id(), merchant);
        agencyIds.put(merchant.agencyId(), merchant.id());
        return merchant;
    }

    /** Keeps an older agency id as an alias of the merchant, as the registry's sync does. */
    synchronized void alias(String oldAgencyId, MerchantId merchant) {
        agencyIds.put(oldAgencyId, merchant);
    }

    @Override
    public synchronized Optional<Merchant> merchant(MerchantId id) {
        return Optional.ofNullable(byId.get(id));
    }

    @Override
    public synchronized Optional<Merchant> byBusinessNumber(BusinessNumber number) {
        return byId.values().stream()
                .filter(m -> m.businessNumber().equals(number))
                .findFirst();
    }

    @Override
    public synchronized Optional<Merchant> byAgencyId(String agencyId) {
        MerchantId id = agencyIds.get(agencyId);
        return id == null ? Optional.empty() : Optional.ofNullable(byId.get(id));
    }

    @Override
    public Eligibility eligibility(Merchant merchant, ProgramId program) {
        if (!merchant.isActive()) {
            return new Eligibility.NotEligible("the merchant does not accept vouchers now");
        }
        if (merchant.industry() == Industry.DEPARTMENT_STORE) {
            return new Eligibility.NotEligible("department stores are excluded");
        }
        if (program.equals(ONNURI) && merchant.market() == null) {
            return new Eligibility.NotEligible("it is not in a recognised traditional market or shopping district");
        }
        if (program.equals(SEOUL) && !merchant.townCode().startsWith("11")) {
            return new Eligibility.NotEligible("it is not registered in Seoul");
        }
        return Eligibility.ELIGIBLE;
    }

    @Override
    public List<NearbyMerchant> nearest(NearestQuery query) {
        throw new UnsupportedOperationException("not needed by acceptance tests");
    }

    @Override
    public synchronized List<Merchant> page(MerchantId after, int limit) {
        List<Merchant> page = new ArrayList<>();
        for (Merchant merchant : byId.values()) {
            if (after == null || merchant.id().value().compareTo(after.value()) > 0) {
                page.add(merchant);
                if (page.size() == limit) {
                    break;
                }
            }
        }
        return page;
    }

    /** A valid business number made from nine digits (its tenth, the check digit, computed). */
    static BusinessNumber businessNumber(int nine) {
        String digits = String.format("%09d", nine);
        for (int check = 0; check < 10; check++) {
            if (BusinessNumber.checkDigitHolds(digits + check)) {
                return new BusinessNumber(digits + check);
            }
        }
        throw new IllegalStateException("no check digit for " + digits);
    }

    /** An active rice-cake shop in Gwangjang Market, Jongno-gu (like the demo's demo-shop-1). */
    static Merchant shop(String id, String agencyId, int serial) {
        return new Merchant(
                MerchantId.of(id),
                agencyId,
                businessNumber(100_000_000 + serial),
                "광장할매떡집",
                "Gwangjang Halmae Tteokjip",
                "서울특별시 종로구 창경궁로 88",
                "11110",
                new GeoPoint(375_700_000, 1_269_990_000),
                Industry.RICE_CAKE,
                "광장시장",
                RevenueBand.UP_TO_800M,
                MerchantStatus.ACTIVE,
                null);
    }
}
