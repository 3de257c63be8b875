package dev.dangol.merchant;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SyntheticMerchantsTest {

    private static final int COUNT = 50_000;

    @Test
    void theSameSeedMakesTheSameMerchantsWhateverTheCountAndAnotherSeedOthers() {
        List<Merchant> first = new SyntheticMerchants(7).stream(2_000).toList();
        List<Merchant> prefix = new SyntheticMerchants(7).stream(500).toList();
        List<Merchant> other = new SyntheticMerchants(8).stream(500).toList();

        assertThat(new SyntheticMerchants(7).stream(2_000).toList()).isEqualTo(first);
        assertThat(first.subList(0, 500)).isEqualTo(prefix);
        assertThat(new SyntheticMerchants(7).merchant(1_234)).isEqualTo(first.get(1_234));
        assertThat(other.stream().map(Merchant::nameKorean).toList())
                .isNotEqualTo(prefix.stream().map(Merchant::nameKorean).toList());
    }

    @Test
    void idsAgencyIdsAndBusinessNumbersAreDistinctAndIdsSortInTheOrderMade() {
        Set<String> ids = new HashSet<>();
        Set<String> agencyIds = new HashSet<>();
        Set<String> numbers = new HashSet<>();
        String previous = "";
        for (Merchant merchant : new SyntheticMerchants(3).stream(COUNT).toList()) {
            assertThat(ids.add(merchant.id().value())).isTrue();
            assertThat(agencyIds.add(merchant.agencyId())).isTrue();
            assertThat(numbers.add(merchant.businessNumber().digits())).isTrue();
            assertThat(BusinessNumber.checkDigitHolds(merchant.businessNumber().digits()))
                    .isTrue();
            assertThat(merchant.id().value()).isGreaterThan(previous);
            previous = merchant.id().value();
        }
    }

    @Test
    void merchantsClusterInMarketsWithAFewOutsideAFewSuspendedOrClosedAndRealisticIndustries() {
        Map<String, SyntheticMerchants.Market> markets = new java.util.HashMap<>();
        SyntheticMerchants.markets().forEach(m -> markets.put(m.nameKorean(), m));
        int outside = 0;
        int suspended = 0;
        int closed = 0;
        int withoutLocation = 0;
        int farFromTheirMarket = 0;
        Map<Industry, Integer> industries = new EnumMap<>(Industry.class);
        Set<String> towns = new HashSet<>();
        for (Merchant merchant : new SyntheticMerchants(5).stream(COUNT).toList()) {
            industries.merge(merchant.industry(), 1, Integer::sum);
            towns.add(merchant.townCode());
            switch (merchant.status()) {
                case MerchantStatus.Suspended s -> suspended++;
                case MerchantStatus.Closed c -> closed++;
                case MerchantStatus.Active a -> {}
            }
            if (merchant.location() == null) {
                withoutLocation++;
            }
            if (merchant.market() == null) {
                outside++;
                continue;
            }
            SyntheticMerchants.Market market = markets.get(merchant.market());
            assertThat(market).isNotNull();
            assertThat(merchant.townCode()).isEqualTo(market.townCode());
            assertThat(merchant.address()).contains(market.nameKorean());
            if (merchant.location() != null && merchant.location().metresTo(market.centre()) > 1_500) {
                farFromTheirMarket++;
            }
        }
        assertThat(outside).isBetween(COUNT * 4 / 100, COUNT * 8 / 100);
        assertThat(suspended).isBetween(COUNT / 100, COUNT * 2 / 100);
        assertThat(closed).isBetween(COUNT * 15 / 1000, COUNT * 25 / 1000);
        assertThat(withoutLocation).isBetween(1, COUNT / 100);
        assertThat(farFromTheirMarket).isZero();
        assertThat(towns).hasSizeGreaterThan(40);
        // Restaurants lead; a department store is a rarity.
        assertThat(industries.get(Industry.RESTAURANT)).isGreaterThan(COUNT / 10);
        assertThat(industries.getOrDefault(Industry.DEPARTMENT_STORE, 0)).isLessThan(COUNT / 1_000);
        assertThat(industries.keySet()).contains(Industry.ENTERTAINMENT_BAR, Industry.REAL_ESTATE);
    }

    @Test
    void namesAreBuiltFromKoreanPartsWithARomanisedMatch() {
        Merchant merchant = new SyntheticMerchants(1)
                .stream(200)
                        .filter(m -> m.industry() == Industry.RICE_CAKE)
                        .findFirst()
                        .orElseThrow();
        assertThat(merchant.nameKorean()).matches(".+(떡집|방앗간|떡방)");
        assertThat(merchant.nameRomanised()).matches("[A-Za-z]+ (Tteokjip|Bangatgan|Tteokbang)");
    }

    @Test
    void everyMarketAndQueryPointIsOnLandAndInKoreasBox() {
        for (SyntheticMerchants.Market market : SyntheticMerchants.markets()) {
            assertThat(SyntheticMerchants.onLand(
                            market.centre().latitudeE7(), market.centre().longitudeE7()))
                    .as(market.nameRomanised())
                    .isTrue();
        }
        SplittableRandom random = new SplittableRandom(9);
        for (int i = 0; i < 2_000; i++) {
            GeoPoint point = SyntheticMerchants.somewhereInKorea(random);
            assertThat(point.latitudeE7()).isBetween(330_000_000, 387_000_000);
            assertThat(point.longitudeE7()).isBetween(1_260_000_000, 1_297_000_000);
        }
        // The sea east of Pohang, the Yellow Sea and Tsushima are not land.
        assertThat(SyntheticMerchants.onLand(360_000_000, 1_300_000_000)).isFalse();
        assertThat(SyntheticMerchants.onLand(365_000_000, 1_255_000_000)).isFalse();
        assertThat(SyntheticMerchants.onLand(345_000_000, 1_293_000_000)).isFalse();
        assertThat(SyntheticMerchants.onLand(365_000_000, 1_280_000_000)).isTrue();
    }
}
