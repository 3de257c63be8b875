package dev.dangol.queue.internal;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The waiting room's store in Redis, shared by every server node, when {@code dangol.queue.store=redis}. Every node
 * must then also share the ticket keys ({@code dangol.queue.ticket-keys}). Connecting is lazy: a node starts while
 * Redis is down and answers 503 until it is back.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "dangol.queue.store", havingValue = "redis")
class RedisQueueConfiguration {

    @Bean(destroyMethod = "close")
    RedisQueueStore redisQueueStore(
            @Value("${dangol.queue.redis.url:redis://127.0.0.1:6379}") String url,
            @Value("${dangol.queue.redis.prefix:" + RedisQueueStore.DEFAULT_PREFIX + "}") String prefix,
            @Value("${dangol.queue.redis.timeout:2s}") Duration timeout,
            @Value("${dangol.queue.redis.connect-timeout:2s}") Duration connectTimeout,
            ObjectProvider<MeterRegistry> meters) {
        return new RedisQueueStore(
                url, prefix, timeout, connectTimeout, meters.getIfAvailable(SimpleMeterRegistry::new));
    }
}
