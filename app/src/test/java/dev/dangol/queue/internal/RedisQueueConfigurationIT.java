package dev.dangol.queue.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dangol.shared.RoundId;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/** {@code dangol.queue.store=redis} makes a Redis store from the {@code dangol.queue.redis.*} properties. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RedisQueueConfigurationIT {

    final String prefix = TestRedis.newPrefix();
    final ApplicationContextRunner context = new ApplicationContextRunner()
            // Durations in properties, as the application converts them.
            .withInitializer(running ->
                    running.getBeanFactory().setConversionService(ApplicationConversionService.getSharedInstance()))
            .withUserConfiguration(RedisQueueConfiguration.class)
            .withBean(MeterRegistry.class, SimpleMeterRegistry::new);

    @AfterEach
    void deleteTheKeys() {
        TestRedis.deleteKeys(prefix);
    }

    @Test
    void theRedisStoreIsMadeFromItsPropertiesAndUsesTheirPrefix() {
        context.withPropertyValues(
                        "dangol.queue.store=redis",
                        "dangol.queue.redis.url=" + TestRedis.URL,
                        "dangol.queue.redis.prefix=" + prefix,
                        "dangol.queue.redis.timeout=3s",
                        "dangol.queue.redis.connect-timeout=1s")
                .run(running -> {
                    QueueStore store = running.getBean(QueueStore.class);
                    assertThat(store).isInstanceOf(RedisQueueStore.class);
                    store.setUp(
                            RoundId.of("r1"), new QueueStore.RoundSetup(0, 10_000, 50_000, 1_000_000, "ab", "cd"), 0);
                    assertThat(TestRedis.keys(prefix)).containsExactly(prefix + "{r1}:m");
                    assertThat(running.getBean(MeterRegistry.class)
                                    .find("dangol.queue.store.failures")
                                    .counter())
                            .isNotNull();
                });
    }

    @Test
    void withoutTheRedisStoreChosenThereIsNone() {
        context.run(running -> assertThat(running).doesNotHaveBean(QueueStore.class));
        context.withPropertyValues("dangol.queue.store=memory")
                .run(running -> assertThat(running).doesNotHaveBean(QueueStore.class));
    }
}
