package dev.dangol.payment.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.dangol.shared.MerchantId;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two nodes' feeds on the shared Redis at 127.0.0.1:6379, each on a channel prefix of its own test: an event made on
 * one node reaches the other node's screens once and its own screens once, and a node whose subscription is cut
 * counts it, subscribes again by itself and closes its screens so that their pages reload the day list.
 */
@Timeout(60)
class RedisPaymentFeedIT {

    private static final String URL = "redis://127.0.0.1:6379";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final MerchantId SHOP = MerchantId.of("feed-shop-1");

    /** An event's data, as a payment's JSON is. */
    record Paid(String id, long amount) {}

    /** What a node's screens were told: merchant, event name and data, as text. */
    private record Told(String merchant, String name, String data) {}

    private static final class Screens implements PaymentFeed {
        final ConcurrentLinkedQueue<Told> told = new ConcurrentLinkedQueue<>();
        final AtomicInteger closed = new AtomicInteger();

        @Override
        public void publish(MerchantId merchant, String name, Object data) {
            told.add(new Told(merchant.value(), name, JSON.writeValueAsString(data)));
        }
    }

    private final String prefix = "dangol:it-feed:" + UUID.randomUUID() + ":";
    private final Screens screensA = new Screens();
    private final Screens screensB = new Screens();
    private final SimpleMeterRegistry metersB = new SimpleMeterRegistry();
    private final RedisPaymentFeed nodeA = node(screensA, new SimpleMeterRegistry());
    private final RedisPaymentFeed nodeB = node(screensB, metersB);

    private RedisPaymentFeed node(Screens screens, SimpleMeterRegistry meters) {
        return new RedisPaymentFeed(
                screens, screens.closed::incrementAndGet, JSON, URL, prefix, Duration.ofSeconds(2), meters);
    }

    @AfterEach
    void stop() {
        nodeA.close();
        nodeB.close();
    }

    @Test
    void anEventReachesEveryNodesScreensOnce() throws Exception {
        await().atMost(Duration.ofSeconds(10)).until(() -> nodeA.relaying() && nodeB.relaying());
        nodeA.publish(SHOP, "payment", new Paid("p-1", 7_000));
        nodeB.publish(SHOP, "cancellation", new Paid("p-0", 5_000));

        List<Told> both = List.of(
                new Told(SHOP.value(), "payment", "{\"id\":\"p-1\",\"amount\":7000}"),
                new Told(SHOP.value(), "cancellation", "{\"id\":\"p-0\",\"amount\":5000}"));
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(screensB.told).containsExactlyInAnyOrderElementsOf(both));
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(screensA.told).containsExactlyInAnyOrderElementsOf(both));
        // Nothing arrives twice later on either node.
        Thread.sleep(500);
        assertThat(screensA.told).hasSize(2);
        assertThat(screensB.told).hasSize(2);
        assertThat(metersB.get("dangol.payment.feed.relay.received").counter().count())
                .isEqualTo(1);
    }

    @Test
    void aNodeCutOffFromRedisCountsItSubscribesAgainAndReopensItsScreens() {
        await().atMost(Duration.ofSeconds(10)).until(() -> nodeA.relaying() && nodeB.relaying());
        // Subscribing closes the screens opened before (none here).
        assertThat(screensB.closed.get()).isEqualTo(1);

        RedisClient admin = RedisClient.create(URL);
        try (StatefulRedisConnection<String, String> connection = admin.connect()) {
            long killed = 0;
            for (String line : connection.sync().clientList().split("\n")) {
                if (line.contains("name=" + nodeB.clientName() + " ") && line.matches(".* sub=[1-9].*")) {
                    String id = line.replaceAll("^id=([0-9]+) .*$", "$1").strip();
                    killed += connection.sync().clientKill(io.lettuce.core.KillArgs.Builder.id(Long.parseLong(id)));
                }
            }
            assertThat(killed).as("node B's subscription found in CLIENT LIST").isEqualTo(1);
        } finally {
            admin.shutdown();
        }

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            assertThat(metersB.get("dangol.payment.feed.relay.disconnects")
                            .counter()
                            .count())
                    .isEqualTo(1);
            assertThat(screensB.closed.get()).isEqualTo(2);
            assertThat(nodeB.relaying()).isTrue();
        });
        nodeA.publish(SHOP, "payment", new Paid("p-2", 1_000));
        await().atMost(Duration.ofSeconds(10))
                .untilAsserted(() -> assertThat(screensB.told)
                        .containsExactly(new Told(SHOP.value(), "payment", "{\"id\":\"p-2\",\"amount\":1000}")));
    }
}
