package dev.dangol.demo.internal;

import dev.dangol.identity.Citizen;
import dev.dangol.identity.Citizens;
import dev.dangol.identity.MerchantMembers;
import dev.dangol.identity.Role;
import dev.dangol.identity.RoleGrants;
import dev.dangol.merchant.BusinessNumber;
import dev.dangol.merchant.GeoPoint;
import dev.dangol.merchant.Industry;
import dev.dangol.merchant.Merchant;
import dev.dangol.merchant.MerchantRegister;
import dev.dangol.merchant.MerchantStatus;
import dev.dangol.merchant.Merchants;
import dev.dangol.merchant.RevenueBand;
import dev.dangol.merchant.SettlementAccount;
import dev.dangol.program.MerchantRule;
import dev.dangol.program.Program;
import dev.dangol.program.ProgramDefaults;
import dev.dangol.program.Programs;
import dev.dangol.program.Round;
import dev.dangol.program.RoundStatus;
import dev.dangol.shared.MerchantId;
import dev.dangol.shared.Money;
import dev.dangol.shared.ProgramId;
import dev.dangol.shared.RoundId;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Loads a national and a regional program with a round each, and a few members, so that the embedded default can
 * be tried at once. Every step is idempotent: a restart finds everything in place and changes nothing.
 */
@Component
@ConditionalOnProperty(name = "dangol.demo.enabled", havingValue = "true")
class DemoData {

    private static final Logger LOG = LoggerFactory.getLogger(DemoData.class);

    static final ProgramId ONNURI = ProgramId.of("onnuri");
    static final ProgramId SEOUL = ProgramId.of("seoul-love");
    static final MerchantId DEMO_SHOP = MerchantId.of("demo-shop-1");

    private final Programs programs;
    private final Citizens citizens;
    private final RoleGrants roles;
    private final Merchants merchants;
    private final MerchantRegister register;
    private final MerchantMembers merchantMembers;

    DemoData(
            Programs programs,
            Citizens citizens,
            RoleGrants roles,
            Merchants merchants,
            MerchantRegister register,
            MerchantMembers merchantMembers) {
        this.programs = programs;
        this.citizens = citizens;
        this.roles = roles;
        this.merchants = merchants;
        this.register = register;
        this.merchantMembers = merchantMembers;
    }

    @EventListener(ApplicationReadyEvent.class)
    void load() {
        Program onnuri = programs.define(ProgramDefaults.national(ONNURI, "디지털 온누리상품권"));
        // Seoul Love is accepted in all 25 districts of Seoul, each a town of its own code.
        Program seoul = programs.define(ProgramDefaults.regional(SEOUL, "서울사랑상품권", "11000")
                .withMerchants(MerchantRule.regional(ProgramDefaults.SEOUL_TOWNS)));
        programs.schedule(new Round(
                RoundId.of("onnuri-2026-11"),
                onnuri.id(),
                "온누리 2026년 11월",
                Money.krw(100_000_000_000L),
                Instant.parse("2026-01-01T00:00:00Z"),
                null,
                Money.krw(2_000_000),
                onnuri.discountBasisPoints(),
                RoundStatus.ACTIVE));
        programs.schedule(new Round(
                RoundId.of("seoul-2026-r1"),
                seoul.id(),
                "서울사랑상품권 2026 1차",
                Money.krw(25_000_000_000L),
                Instant.parse("2026-01-01T00:00:00Z"),
                null,
                Money.krw(400_000),
                seoul.discountBasisPoints(),
                RoundStatus.ACTIVE));
        List<Citizen> members = List.of(
                citizens.register("김민준", "010-1000-0001"),
                citizens.register("이서연", "010-1000-0002"),
                citizens.register("박지호", "010-1000-0003"));
        // The demo operator signs in like anyone else, by verifying this name and number.
        Citizen operator = citizens.register("최운영", "010-1000-0009");
        roles.replace(operator.id(), Set.of(Role.OPERATOR));
        loadMerchants();
        // The demo shop's owner acts for the rice-cake shop registered above.
        Citizen shopOwner = citizens.register("한가게", "010-1000-0005");
        roles.replace(shopOwner.id(), Set.of(Role.MERCHANT));
        merchantMembers.link(shopOwner.id(), DEMO_SHOP);
        LOG.info(
                "Demo data ready: merchants demo-shop-1 to demo-shop-6, programs onnuri and seoul-love, rounds"
                        + " onnuri-2026-11 and seoul-2026-r1, members {}, operator {} (최운영, {}), shop owner {}"
                        + " (한가게, {}) of {}",
                members.stream().map(c -> c.id() + " (" + c.phone() + ")").toList(),
                operator.id(),
                operator.phone(),
                shopOwner.id(),
                shopOwner.phone(),
                DEMO_SHOP);
    }

    /**
     * Six merchants: a rice-cake shop in Gwangjang Market that takes both programs (demo-shop-1), a Mangwon Market
     * greengrocer, a Jagalchi fishmonger in Busan (Onnuri only), a large mart in Gangnam (neither), a suspended
     * restaurant and a closed café. Each is registered only if absent, so a restart changes nothing.
     */
    private void loadMerchants() {
        SettlementAccount account = new SettlementAccount("004", "12345678901", "김순자");
        demoMerchant(
                "demo-shop-1",
                "DEMO-0001",
                "2208100108",
                "광장할매떡집",
                "Gwangjang Halmae Tteok",
                "서울특별시 종로구 창경궁로 88 광장시장",
                "11110",
                375_700_280,
                1_269_996_690,
                Industry.RICE_CAKE,
                "광장시장",
                account,
                null);
        demoMerchant(
                "demo-shop-2",
                "DEMO-0002",
                "2208100113",
                "망원청과",
                "Mangwon Fruits",
                "서울특별시 마포구 포은로8길 14 망원시장",
                "11440",
                375_560_000,
                1_269_060_000,
                Industry.PRODUCE,
                "망원시장",
                null,
                null);
        demoMerchant(
                "demo-shop-3",
                "DEMO-0003",
                "2208100127",
                "자갈치횟집",
                "Jagalchi Hoe",
                "부산광역시 중구 자갈치해안로 52 자갈치시장",
                "26110",
                350_966_000,
                1_290_306_000,
                Industry.FISHMONGER,
                "자갈치시장",
                null,
                null);
        demoMerchant(
                "demo-shop-4",
                "DEMO-0004",
                "2208100132",
                "강남대형마트",
                "Gangnam Mart",
                "서울특별시 강남구 강남대로 396",
                "11680",
                374_979_000,
                1_270_276_000,
                Industry.LARGE_MART,
                null,
                null,
                null);
        demoMerchant(
                "demo-shop-5",
                "DEMO-0005",
                "2208100146",
                "남대문칼국수",
                "Namdaemun Kalguksu",
                "서울특별시 중구 남대문시장4길 42 남대문시장",
                "11140",
                375_598_000,
                1_269_770_000,
                Industry.RESTAURANT,
                "남대문시장",
                null,
                Demo.suspended("상품권 결제 비중 이상, 조사 중"));
        demoMerchant(
                "demo-shop-6",
                "DEMO-0006",
                "2208100151",
                "광장카페",
                "Gwangjang Cafe",
                "서울특별시 종로구 종로 200",
                "11110",
                375_701_000,
                1_269_990_000,
                Industry.CAFE,
                "광장시장",
                null,
                Demo.closed("폐업 (2026년 10월)"));
    }

    private void demoMerchant(
            String id,
            String agencyId,
            String businessNumber,
            String nameKorean,
            String nameRomanised,
            String address,
            String townCode,
            int latitudeE7,
            int longitudeE7,
            Industry industry,
            String market,
            SettlementAccount account,
            Demo status) {
        MerchantId merchantId = MerchantId.of(id);
        if (merchants.merchant(merchantId).isPresent()) {
            return;
        }
        register.register(new Merchant(
                merchantId,
                agencyId,
                new BusinessNumber(businessNumber),
                nameKorean,
                nameRomanised,
                address,
                townCode,
                new GeoPoint(latitudeE7, longitudeE7),
                industry,
                market,
                RevenueBand.UP_TO_800M,
                MerchantStatus.ACTIVE,
                account));
        if (status != null && status.suspended()) {
            register.suspend(merchantId, status.reason());
        } else if (status != null) {
            register.close(merchantId, status.reason());
        }
    }

    /** A demo merchant's status other than active: suspended or closed, with the reason its codes will show. */
    private record Demo(boolean suspended, String reason) {
        static Demo suspended(String reason) {
            return new Demo(true, reason);
        }

        static Demo closed(String reason) {
            return new Demo(false, reason);
        }
    }
}
