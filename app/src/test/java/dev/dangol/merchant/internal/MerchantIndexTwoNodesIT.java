package dev.dangol.merchant.internal;

import static dev.dangol.merchant.internal.SampleMerchants.riceCakeShop;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.dangol.merchant.GeoPoint;
import dev.dangol.merchant.Merchant;
import dev.dangol.merchant.MerchantFileKind;
import dev.dangol.merchant.MerchantFileReport;
import dev.dangol.merchant.MerchantFiles;
import dev.dangol.merchant.MerchantRegister;
import dev.dangol.merchant.Merchants;
import dev.dangol.merchant.NearbyMerchant;
import dev.dangol.merchant.NearestQuery;
import dev.dangol.testing.ServerNodes;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two Dangol nodes on one PostgreSQL schema: what is registered, moved or closed through node A, or imported in a
 * master-data file through node A, shows in node B's nearest-first search within a few polls, without a restart; and
 * a node that restarts fills its index and follows on from the newest change.
 */
@Timeout(240)
class MerchantIndexTwoNodesIT {

    private static final GeoPoint BUSAN = new GeoPoint(350_966_000, 1_290_306_000);
    private static final Duration WITHIN = Duration.ofSeconds(20);

    private static ServerNodes nodes;
    private static ConfigurableApplicationContext nodeA;
    private static ConfigurableApplicationContext nodeB;

    @BeforeAll
    static void startTwoNodes() throws Exception {
        nodes = new ServerNodes("merchant-2n");
        nodeA = start();
        nodeB = start();
    }

    private static ConfigurableApplicationContext start() {
        return nodes.start(
                "--spring.datasource.hikari.maximum-pool-size=4",
                "--dangol.demo.enabled=false",
                "--dangol.settlement.schedule.enabled=false",
                "--dangol.merchant.index.follow-interval=200ms",
                "--dangol.queue.ticket-keys=k1:" + "t".repeat(40));
    }

    @AfterAll
    static void stopBoth() throws Exception {
        nodes.close();
    }

    @Test
    void registrationsMovesClosuresAndFileImportsOnOneNodeReachTheOthersNearestSearch() {
        MerchantRegister registerOnA = nodeA.getBean(MerchantRegister.class);
        Merchant shop = riceCakeShop(
                "m-2n-1", "TWO-1", TestMerchants.businessNumber(101_830_001).digits());

        registerOnA.register(shop);
        await().atMost(WITHIN)
                .untilAsserted(() -> assertThat(nearestIds(nodeB, SampleMerchants.GWANGJANG_MARKET))
                        .contains("m-2n-1"));

        registerOnA.update(at(shop, BUSAN));
        await().atMost(WITHIN)
                .untilAsserted(() -> assertThat(nearest(nodeB, BUSAN).getFirst())
                        .satisfies(first -> {
                            assertThat(first.merchant().id().value()).isEqualTo("m-2n-1");
                            assertThat(first.metres()).isZero();
                        }));

        registerOnA.close(shop.id(), "Closed by the owner");
        await().atMost(WITHIN)
                .untilAsserted(() -> assertThat(nearestIds(nodeB, BUSAN)).doesNotContain("m-2n-1"));

        String file = "agency_id,business_number,name_korean,name_romanised,address,town_code,lat,lon,industry,"
                + "revenue_band\n"
                + row(2, "37.5701", "126.9990") + row(3, "37.5702", "126.9991") + row(4, "35.0966", "129.0306");
        MerchantFileReport report = nodeA.getBean(MerchantFiles.class)
                .importFile(
                        MerchantFileKind.DELTA,
                        "two-nodes.csv",
                        new ByteArrayInputStream(file.getBytes(StandardCharsets.UTF_8)),
                        null);
        assertThat(report.added()).isEqualTo(3);
        await().atMost(WITHIN).untilAsserted(() -> {
            assertThat(nearestIds(nodeB, SampleMerchants.GWANGJANG_MARKET)).contains("TWO-2", "TWO-3");
            assertThat(nearest(nodeB, BUSAN).getFirst().merchant().agencyId()).isEqualTo("TWO-4");
        });

        MeterRegistry metersOfB = nodeB.getBean(MeterRegistry.class);
        await().atMost(WITHIN)
                .untilAsserted(() -> assertThat(metersOfB
                                .get("dangol.merchant.index.behind.changes")
                                .gauge()
                                .value())
                        .isZero());
        assertThat(metersOfB
                        .get("dangol.merchant.index.followed.merchants")
                        .gauge()
                        .value())
                .isGreaterThanOrEqualTo(6);
        assertThat(metersOfB
                        .get("dangol.merchant.index.follow.failures")
                        .counter()
                        .count())
                .isZero();

        // Node B restarts: it fills its index from the registry and follows on from the newest change.
        nodeB.close();
        nodeB = start();
        assertThat(nearestIds(nodeB, SampleMerchants.GWANGJANG_MARKET)).contains("TWO-2", "TWO-3");
        registerOnA.register(riceCakeShop(
                "m-2n-5", "TWO-5", TestMerchants.businessNumber(101_830_005).digits()));
        await().atMost(WITHIN)
                .untilAsserted(() -> assertThat(nearestIds(nodeB, SampleMerchants.GWANGJANG_MARKET))
                        .contains("m-2n-5"));
    }

    private static String row(int n, String lat, String lon) {
        return "TWO-" + n + "," + TestMerchants.businessNumber(101_830_000 + n).digits() + ",시장가게" + n
                + ",Market Shop " + n + ",서울특별시 종로구 창경궁로 88,11110," + lat + "," + lon
                + ",GROCERY,UP_TO_800M\n";
    }

    private static List<NearbyMerchant> nearest(ConfigurableApplicationContext node, GeoPoint from) {
        return node.getBean(Merchants.class).nearest(NearestQuery.nearest(from, 10));
    }

    private static List<String> nearestIds(ConfigurableApplicationContext node, GeoPoint from) {
        return nearest(node, from).stream()
                .map(nearby -> nearby.merchant().id().value().startsWith("m-2n")
                        ? nearby.merchant().id().value()
                        : nearby.merchant().agencyId())
                .toList();
    }

    private static Merchant at(Merchant m, GeoPoint location) {
        return new Merchant(
                m.id(),
                m.agencyId(),
                m.businessNumber(),
                m.nameKorean(),
                m.nameRomanised(),
                m.address(),
                m.townCode(),
                location,
                m.industry(),
                m.market(),
                m.revenueBand(),
                m.status(),
                m.settlementAccount());
    }
}
