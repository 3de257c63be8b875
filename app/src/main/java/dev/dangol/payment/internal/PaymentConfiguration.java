package dev.dangol.payment.internal;

import dev.dangol.wallet.MerchantPayments;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

@Configuration(proxyBeanMethods = false)
class PaymentConfiguration {

    /**
     * Consumer codes are kept in the database, shared by every node; they must be unguessable: drawn from the
     * operating system's secure generator.
     */
    @Bean
    ConsumerCodeBook consumerCodes(
            JdbcClient jdbc,
            PlatformTransactionManager transactions,
            Clock clock,
            @Value("${dangol.payment.consumer-code-validity:3m}") Duration validity,
            @Value("${dangol.payment.consumer-codes-max:200000}") int capacity) {
        return new ConsumerCodeBook(
                new JdbcConsumerCodeStore(jdbc, new TransactionTemplate(transactions)),
                clock,
                new SecureRandom(),
                validity,
                capacity);
    }

    @Bean(destroyMethod = "closeAll")
    HttpPaymentFeed paymentFeed(
            @Value("${dangol.payment.feeds-per-merchant-max:8}") int perMerchant,
            @Value("${dangol.payment.feeds-max:2000}") int total) {
        return new HttpPaymentFeed(perMerchant, total);
    }

    /**
     * The feed across nodes through Redis pub/sub, when {@code dangol.payment.feed.store=redis}; that property
     * defaults to the waiting room's store, and the URL and key prefix default to the waiting room's too. Without it
     * events reach the screens open on the node that made them only.
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnExpression("'${dangol.payment.feed.store:${dangol.queue.store:memory}}' == 'redis'")
    RedisPaymentFeed redisPaymentFeed(
            HttpPaymentFeed local,
            ObjectProvider<JsonMapper> json,
            ObjectProvider<MeterRegistry> meters,
            @Value("${dangol.payment.feed.redis.url:${dangol.queue.redis.url:redis://127.0.0.1:6379}}") String url,
            @Value("${dangol.payment.feed.redis.prefix:${dangol.queue.redis.prefix:dangol:q:}}") String prefix,
            @Value("${dangol.payment.feed.redis.timeout:2s}") Duration timeout) {
        return new RedisPaymentFeed(
                local,
                local::closeAll,
                json.getIfAvailable(() -> JsonMapper.builder().build()),
                url,
                prefix,
                timeout,
                meters.getIfAvailable(SimpleMeterRegistry::new));
    }

    @Bean
    PaymentDesk paymentDesk(
            MerchantPayments payments,
            ConsumerCodeBook codes,
            HttpPaymentFeed localFeed,
            ObjectProvider<RedisPaymentFeed> redisFeed,
            AutoCharge autoCharge) {
        PaymentFeed feed = redisFeed.getIfAvailable(() -> null);
        return new PaymentDesk(payments, codes, feed == null ? localFeed : feed, autoCharge);
    }

    @Bean
    PaymentChores paymentChores(ConsumerCodeBook codes, HttpPaymentFeed feed, Clock clock) {
        return new PaymentChores(codes, feed, clock);
    }

    /** Heartbeats for live feeds, and forgetting consumer codes long expired (in bounded batches, on every node). */
    static class PaymentChores {
        private final ConsumerCodeBook codes;
        private final HttpPaymentFeed feed;
        private final Clock clock;

        PaymentChores(ConsumerCodeBook codes, HttpPaymentFeed feed, Clock clock) {
            this.codes = codes;
            this.feed = feed;
            this.clock = clock;
        }

        /** Ends the live feeds before the web server's graceful shutdown, which would otherwise wait for them. */
        @EventListener(ContextClosedEvent.class)
        void closeFeeds() {
            feed.closeAll();
        }

        @Scheduled(fixedDelayString = "${dangol.payment.heartbeat-interval:15s}")
        void heartbeat() {
            feed.heartbeat();
        }

        @Scheduled(fixedDelayString = "${dangol.payment.code-sweep-interval:1m}")
        void forgetOldCodes() {
            codes.forgetOld(clock.instant());
        }
    }
}
