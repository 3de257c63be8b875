package dev.dangol.merchant.internal;

import dev.dangol.merchant.BusinessNumber;
import dev.dangol.merchant.GeoPoint;
import dev.dangol.merchant.Industry;
import dev.dangol.merchant.Merchant;
import dev.dangol.merchant.MerchantStatus;
import dev.dangol.merchant.RevenueBand;
import dev.dangol.shared.MerchantId;
import java.time.Instant;
import java.util.SplittableRandom;

/** Small random merchants for index tests: places clustered around a few Korean points, a few names, any industry. */
final class TestMerchants {

    static final String[] NAMES = {"할매떡집", "광장빈대떡", "망원청과", "서문칼국수", "자갈치횟집", "남대문안경", "Cafe Onnuri"};
    private static final String[] ROMANISED = {
        "Halmae Tteokjip",
        "Gwangjang Bindaetteok",
        "Mangwon Fruits",
        "Seomun Kalguksu",
        "Jagalchi Hoe",
        "Namdaemun Optical",
        "Cafe Onnuri"
    };
    // Seoul, Busan, Daegu, Jeju: clusters where many merchants share the same few hundred metres.
    private static final int[][] CENTRES = {
        {375_700_000, 1_269_990_000},
        {350_970_000, 1_290_300_000},
        {358_690_000, 1_285_810_000},
        {335_000_000, 1_265_300_000}
    };

    private final SplittableRandom random;
    private int next;

    TestMerchants(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /** A merchant with a fresh id near one of the centres (within about 20 km), or anywhere in Korea's box. */
    Merchant any() {
        return at(id(next++), randomPoint());
    }

    GeoPoint randomPoint() {
        if (random.nextInt(10) == 0) {
            return new GeoPoint(random.nextInt(330_000_000, 390_000_000), random.nextInt(1_240_000_000, 1_320_000_000));
        }
        int[] centre = CENTRES[random.nextInt(CENTRES.length)];
        int spread = random.nextInt(4) == 0 ? 2_000_000 : 20_000;
        return new GeoPoint(
                centre[0] + random.nextInt(-spread, spread + 1), centre[1] + random.nextInt(-spread, spread + 1));
    }

    Merchant at(MerchantId id, GeoPoint point) {
        int name = random.nextInt(NAMES.length);
        MerchantStatus status = random.nextInt(8) == 0
                ? new MerchantStatus.Suspended("under review", Instant.parse("2026-01-01T00:00:00Z"))
                : MerchantStatus.ACTIVE;
        Industry industry = Industry.values()[random.nextInt(6)];
        return new Merchant(
                id,
                "A" + id.value(),
                businessNumber(random.nextInt(100_000_000, 999_999_999)),
                NAMES[name],
                ROMANISED[name],
                "서울특별시 종로구 창경궁로 88",
                "11110",
                point,
                industry,
                null,
                RevenueBand.UP_TO_800M,
                status,
                null);
    }

    SplittableRandom random() {
        return random;
    }

    static MerchantId id(int n) {
        return MerchantId.of("m%07d".formatted(n));
    }

    static BusinessNumber businessNumber(int firstNine) {
        String digits = Integer.toString(firstNine);
        for (int check = 0; check < 10; check++) {
            if (BusinessNumber.checkDigitHolds(digits + check)) {
                return new BusinessNumber(digits + check);
            }
        }
        throw new IllegalStateException("no check digit for " + digits);
    }
}
