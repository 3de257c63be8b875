package dev.dangol.merchant.internal;

import static dev.dangol.merchant.internal.SampleMerchants.riceCakeShop;
import static dev.dangol.merchant.internal.SampleMerchants.with;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dangol.merchant.Eligibility;
import dev.dangol.merchant.Industry;
import dev.dangol.merchant.Merchant;
import dev.dangol.merchant.MerchantStatus;
import dev.dangol.merchant.RevenueBand;
import dev.dangol.program.MerchantRule;
import dev.dangol.program.Program;
import dev.dangol.program.ProgramDefaults;
import dev.dangol.shared.Money;
import dev.dangol.shared.ProgramId;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Programs' rules for merchants, at their boundaries: status first, then industry, market, town and revenue. */
class ProgramEligibilityTest {

    private static final Instant SINCE = Instant.parse("2026-11-30T01:00:00Z");
    private static final Program ONNURI = ProgramDefaults.national(ProgramId.of("onnuri"), "온누리상품권");
    private static final Program SEOUL = ProgramDefaults.regional(ProgramId.of("seoul"), "서울사랑상품권", "11000")
            .withMerchants(MerchantRule.regional(ProgramDefaults.SEOUL_TOWNS));

    private final Merchant shop = riceCakeShop("m-1", "A-1", "1018100016");

    @Test
    void aMarketRiceCakeShopInJongnoMayAcceptBothPrograms() {
        assertThat(ProgramEligibility.of(shop, ONNURI)).isEqualTo(Eligibility.ELIGIBLE);
        assertThat(ProgramEligibility.of(shop, SEOUL)).isEqualTo(Eligibility.ELIGIBLE);
    }

    @Test
    void revenueExactlyAtTheCapIsAllowedAndOneBandOverIsNot() {
        Merchant atCap = with(shop, "11110", Industry.RICE_CAKE, "광장시장", RevenueBand.UP_TO_3B, MerchantStatus.ACTIVE);
        Merchant over = with(shop, "11110", Industry.RICE_CAKE, "광장시장", RevenueBand.OVER_3B, MerchantStatus.ACTIVE);
        assertThat(ProgramEligibility.of(atCap, ONNURI).eligible()).isTrue();
        assertThat(ProgramEligibility.of(atCap, SEOUL).eligible()).isTrue();
        assertThat(reason(over, ONNURI)).contains("at most 3,000,000,000 won").contains("OVER_3B");
        assertThat(reason(over, SEOUL)).contains("at most 3,000,000,000 won");

        // A town with a lower cap: the band whose top is the cap passes, the next one up does not.
        Program lowCap = SEOUL.withMerchants(
                new MerchantRule(false, Set.of("11110"), Money.krw(1_200_000_000L), MerchantRule.REGIONAL_EXCLUDED));
        Merchant topOfCap =
                with(shop, "11110", Industry.RICE_CAKE, null, RevenueBand.UP_TO_1_2B, MerchantStatus.ACTIVE);
        Merchant bandAbove = with(shop, "11110", Industry.RICE_CAKE, null, RevenueBand.UP_TO_3B, MerchantStatus.ACTIVE);
        assertThat(ProgramEligibility.of(topOfCap, lowCap).eligible()).isTrue();
        assertThat(reason(bandAbove, lowCap)).contains("1,200,000,000 won").contains("UP_TO_3B");
        // One won under the band's top is still the same band: the cap is on what the band allows, not a guess.
        Program justUnder = lowCap.withMerchants(
                new MerchantRule(false, Set.of("11110"), Money.krw(1_199_999_999L), MerchantRule.REGIONAL_EXCLUDED));
        assertThat(ProgramEligibility.of(topOfCap, justUnder).eligible()).isFalse();
    }

    @Test
    void aRegionalProgramTakesMerchantsOfItsTownsOnly() {
        for (String town : Set.of("11110", "11740", "11545")) {
            Merchant inSeoul =
                    with(shop, town, Industry.RICE_CAKE, null, RevenueBand.UP_TO_800M, MerchantStatus.ACTIVE);
            assertThat(ProgramEligibility.of(inSeoul, SEOUL).eligible())
                    .as(town)
                    .isTrue();
        }
        Merchant suwon = with(shop, "41111", Industry.RICE_CAKE, null, RevenueBand.UP_TO_800M, MerchantStatus.ACTIVE);
        assertThat(reason(suwon, SEOUL)).contains("town 41111").contains("registered in its towns");
        Merchant cityCode =
                with(shop, "11000", Industry.RICE_CAKE, null, RevenueBand.UP_TO_800M, MerchantStatus.ACTIVE);
        assertThat(ProgramEligibility.of(cityCode, SEOUL).eligible()).isFalse();
        // The national program has no towns: Suwon's market shop may take it.
        Merchant suwonMarket =
                with(shop, "41111", Industry.RICE_CAKE, "팔달문시장", RevenueBand.UP_TO_800M, MerchantStatus.ACTIVE);
        assertThat(ProgramEligibility.of(suwonMarket, ONNURI).eligible()).isTrue();
    }

    @Test
    void excludedIndustriesAreRefusedWhateverElseHolds() {
        for (Industry industry : Set.of(
                Industry.DEPARTMENT_STORE,
                Industry.LARGE_MART,
                Industry.ENTERTAINMENT_BAR,
                Industry.GAMBLING,
                Industry.REAL_ESTATE,
                Industry.FINANCE)) {
            Merchant excluded = with(shop, "11110", industry, "광장시장", RevenueBand.UP_TO_800M, MerchantStatus.ACTIVE);
            assertThat(reason(excluded, SEOUL)).as(industry.name()).contains(industry.name());
            assertThat(reason(excluded, ONNURI)).as(industry.name()).contains("cannot accept");
        }
        Merchant fuel = with(shop, "11110", Industry.FUEL, "광장시장", RevenueBand.UP_TO_800M, MerchantStatus.ACTIVE);
        assertThat(ProgramEligibility.of(fuel, SEOUL).eligible()).isTrue();
        assertThat(ProgramEligibility.of(fuel, ONNURI).eligible()).isFalse();
    }

    @Test
    void theNationalProgramNeedsARecognisedMarket() {
        Merchant street = with(shop, "11110", Industry.RICE_CAKE, null, RevenueBand.UP_TO_800M, MerchantStatus.ACTIVE);
        assertThat(reason(street, ONNURI)).contains("traditional market or shopping district");
        assertThat(ProgramEligibility.of(street, SEOUL).eligible()).isTrue();
    }

    @Test
    void suspendedAndClosedMerchantsAreRefusedBeforeAnyRule() {
        Merchant suspended = with(
                shop,
                "11110",
                Industry.LARGE_MART,
                "광장시장",
                RevenueBand.UP_TO_800M,
                new MerchantStatus.Suspended("voucher share under review", SINCE));
        Merchant closed = with(
                shop,
                "11110",
                Industry.LARGE_MART,
                "광장시장",
                RevenueBand.UP_TO_800M,
                new MerchantStatus.Closed("out of business", SINCE));
        assertThat(reason(suspended, ONNURI))
                .isEqualTo("This merchant is suspended since 2026-11-30 (voucher share under review) and cannot accept"
                        + " vouchers until an operator lifts the suspension.");
        assertThat(reason(closed, SEOUL)).startsWith("This merchant was closed on 2026-11-30 (out of business)");
    }

    @Test
    void programsMadeWithoutARuleGetTheirKindsDefault() {
        assertThat(ONNURI.merchants()).isEqualTo(MerchantRule.national());
        Program town = ProgramDefaults.regional(ProgramId.of("jongno"), "종로사랑상품권", "11110");
        assertThat(town.merchants().towns()).containsExactly("11110");
        assertThat(town.merchants().annualRevenueCap()).isEqualTo(Money.krw(3_000_000_000L));
        assertThat(ProgramDefaults.SEOUL_TOWNS).hasSize(25).contains("11110", "11740");
    }

    private static String reason(Merchant merchant, Program program) {
        Eligibility eligibility = ProgramEligibility.of(merchant, program);
        assertThat(eligibility).isInstanceOf(Eligibility.NotEligible.class);
        return ((Eligibility.NotEligible) eligibility).reason();
    }
}
