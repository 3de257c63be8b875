package dev.dangol.demo.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dangol.merchant.Merchant;
import dev.dangol.merchant.MerchantStatus;
import dev.dangol.merchant.Merchants;
import dev.dangol.program.Programs;
import dev.dangol.shared.MerchantId;
import dev.dangol.shared.ProgramId;
import dev.dangol.testing.FreshDatabase;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

/**
 * The demo's merchants: six of them, demo-shop-1 taking both programs, one suspended and one closed; loading the demo
 * again, as a restart does, changes none of them.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"dangol.demo.enabled=true", "server.address=127.0.0.1"})
@FreshDatabase(FreshDatabase.Engine.H2)
class DemoMerchantsIT {

    @Autowired
    DemoData demo;

    @Autowired
    Merchants merchants;

    @Autowired
    Programs programs;

    @Test
    void theDemoMerchantsAreInPlaceAndARestartChangesNothing() {
        List<Merchant> before = demoMerchants();
        assertThat(before).hasSize(6);
        Merchant shop = merchants.merchant(MerchantId.of("demo-shop-1")).orElseThrow();
        assertThat(shop.townCode()).isEqualTo("11110");
        assertThat(shop.market()).isEqualTo("광장시장");
        assertThat(shop.settlementAccount()).isNotNull();
        assertThat(merchants.eligibility(shop, ProgramId.of("onnuri")).eligible())
                .isTrue();
        assertThat(merchants.eligibility(shop, ProgramId.of("seoul-love")).eligible())
                .isTrue();
        assertThat(merchants
                        .merchant(MerchantId.of("demo-shop-5"))
                        .orElseThrow()
                        .status())
                .isInstanceOf(MerchantStatus.Suspended.class);
        assertThat(merchants
                        .merchant(MerchantId.of("demo-shop-6"))
                        .orElseThrow()
                        .status())
                .isInstanceOf(MerchantStatus.Closed.class);

        demo.load();

        assertThat(demoMerchants()).isEqualTo(before);
        assertThat(programs.program(ProgramId.of("seoul-love"))
                        .orElseThrow()
                        .merchants()
                        .towns())
                .hasSize(25);
    }

    private List<Merchant> demoMerchants() {
        return merchants.page(null, 10_000).stream()
                .filter(m -> m.id().value().startsWith("demo-shop-"))
                .toList();
    }
}
