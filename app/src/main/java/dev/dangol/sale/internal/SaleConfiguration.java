package dev.dangol.sale.internal;

import dev.dangol.gateway.PaymentGateway;
import dev.dangol.gateway.PaymentNotified;
import dev.dangol.queue.WaitingRoom;
import dev.dangol.sale.CheckoutStatus;
import dev.dangol.sale.Checkouts;
import dev.dangol.wallet.Wallets;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;

@Configuration(proxyBeanMethods = false)
class SaleConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(SaleConfiguration.class);

    @Bean
    CheckoutSaga checkouts(
            WaitingRoom waitingRoom,
            Wallets wallets,
            PaymentGateway gateway,
            JdbcClient jdbc,
            Clock clock,
            MeterRegistry meters,
            @Value("${dangol.wallet.hold-time:10m}") Duration reservationTime,
            @Value("${dangol.sale.queue-margin:1m}") Duration queueMargin,
            @Value("${dangol.sale.not-found-after:30s}") Duration notFoundAfter) {
        return new CheckoutSaga(
                waitingRoom,
                wallets,
                gateway,
                new JdbcCheckoutRecords(jdbc),
                clock,
                new MeteredSaleObserver(meters),
                reservationTime,
                queueMargin,
                notFoundAfter);
    }

    @Bean
    SaleJobs saleJobs(Checkouts checkouts) {
        return new SaleJobs(checkouts);
    }

    /** Webhooks and the resolver of unknown outcomes. */
    static class SaleJobs {
        private static final int BATCH = 200;
        private final Checkouts checkouts;

        SaleJobs(Checkouts checkouts) {
            this.checkouts = checkouts;
        }

        @EventListener
        void paymentNotified(PaymentNotified event) {
            checkouts.paymentNotified(event.result());
        }

        @Scheduled(fixedDelayString = "${dangol.sale.resolve-interval:1s}")
        void resolveUnknown() {
            try {
                checkouts.resolveUnknown(BATCH);
            } catch (RuntimeException e) {
                LOG.warn("resolving checkouts with an unknown outcome failed; the next run tries again", e);
            }
        }
    }

    /** Counts checkouts by outcome, late approvals, and the purchases the waiting room should never let fail. */
    static final class MeteredSaleObserver implements SaleObserver {
        private final Map<CheckoutStatus, Counter> settled = new EnumMap<>(CheckoutStatus.class);
        private final Map<String, Counter> late = new ConcurrentHashMap<>();
        private final MeterRegistry meters;
        private final Counter metSoldOut;
        private final Counter unknown;

        MeteredSaleObserver(MeterRegistry meters) {
            this.meters = meters;
            for (CheckoutStatus status : CheckoutStatus.values()) {
                settled.put(
                        status,
                        Counter.builder("dangol.sale.checkouts")
                                .description("Checkouts that reached a final status")
                                .tag("status", status.name().toLowerCase(java.util.Locale.ROOT))
                                .register(meters));
            }
            metSoldOut = Counter.builder("dangol.sale.admitted.met.sold.out")
                    .description("Admitted people whose purchase the ledger refused for want of budget (must stay 0)")
                    .register(meters);
            unknown = Counter.builder("dangol.sale.outcome.unknown")
                    .description("Charges whose outcome the gateway did not give at first asking")
                    .register(meters);
        }

        @Override
        public void checkoutSettled(CheckoutStatus status) {
            settled.get(status).increment();
        }

        @Override
        public void lateApproval(String outcome) {
            late.computeIfAbsent(
                            outcome,
                            o -> Counter.builder("dangol.sale.late.approvals")
                                    .description("Payments the gateway approved after their reservation lapsed")
                                    .tag("outcome", o)
                                    .register(meters))
                    .increment();
            LOG.info("late approval: {}", outcome);
        }

        @Override
        public void admittedMetSoldOut() {
            metSoldOut.increment();
            LOG.error("an admitted person's purchase was refused for want of budget: the waiting room overpromised");
        }

        @Override
        public void outcomeUnknown() {
            unknown.increment();
        }
    }
}
