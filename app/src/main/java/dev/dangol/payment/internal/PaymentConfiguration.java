package dev.dangol.payment.internal;

import dev.dangol.wallet.MerchantPayments;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;

@Configuration(proxyBeanMethods = false)
class PaymentConfiguration {

    /** Consumer codes must be unguessable: drawn from the operating system's secure generator. */
    @Bean
    ConsumerCodeBook consumerCodes(
            Clock clock,
            @Value("${dangol.payment.consumer-code-validity:3m}") Duration validity,
            @Value("${dangol.payment.consumer-codes-max:200000}") int capacity) {
        return new ConsumerCodeBook(clock, new SecureRandom(), validity, capacity);
    }

    @Bean(destroyMethod = "closeAll")
    HttpPaymentFeed paymentFeed(
            @Value("${dangol.payment.feeds-per-merchant-max:8}") int perMerchant,
            @Value("${dangol.payment.feeds-max:2000}") int total) {
        return new HttpPaymentFeed(perMerchant, total);
    }

    @Bean
    PaymentDesk paymentDesk(
            MerchantPayments payments, ConsumerCodeBook codes, HttpPaymentFeed feed, AutoCharge autoCharge) {
        return new PaymentDesk(payments, codes, feed, autoCharge);
    }

    @Bean
    PaymentChores paymentChores(ConsumerCodeBook codes, HttpPaymentFeed feed, Clock clock) {
        return new PaymentChores(codes, feed, clock);
    }

    /** Heartbeats for live feeds, and forgetting consumer codes long expired. */
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
