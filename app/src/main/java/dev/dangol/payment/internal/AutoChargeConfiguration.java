package dev.dangol.payment.internal;

import dev.dangol.gateway.PaymentGateway;
import dev.dangol.gateway.PaymentNotified;
import dev.dangol.identity.FundingSources;
import dev.dangol.program.Programs;
import dev.dangol.wallet.Wallets;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
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

/** Auto-charges: their records, the webhooks for their keys, and the resolver that runs on every node. */
@Configuration(proxyBeanMethods = false)
class AutoChargeConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(AutoChargeConfiguration.class);

    @Bean
    MeteredAutoChargeObserver autoChargeObserver(MeterRegistry meters) {
        return new MeteredAutoChargeObserver(meters);
    }

    @Bean
    AutoChargeSettlement autoChargeSettlement(
            Wallets wallets,
            PaymentGateway gateway,
            JdbcClient jdbc,
            Clock clock,
            MeteredAutoChargeObserver observer,
            @Value("${dangol.payment.auto-charge.resolve-after:30s}") Duration resolveAfter,
            @Value("${dangol.payment.auto-charge.not-found-after:2m}") Duration notFoundAfter,
            @Value("${dangol.payment.auto-charge.attempts-max:20}") int attemptsMax) {
        return new AutoChargeSettlement(
                wallets,
                gateway,
                new JdbcAutoChargeRecords(jdbc),
                clock,
                observer,
                resolveAfter,
                notFoundAfter,
                attemptsMax);
    }

    @Bean
    AutoCharge autoCharge(
            Wallets wallets,
            Programs programs,
            FundingSources fundingSources,
            PaymentGateway gateway,
            AutoChargeSettlement settlement,
            Clock clock,
            MeteredAutoChargeObserver observer) {
        return new AutoCharge(wallets, programs, fundingSources, gateway, settlement, clock, observer);
    }

    @Bean
    AutoChargeJobs autoChargeJobs(
            AutoChargeSettlement settlement, @Value("${dangol.payment.auto-charge.resolve-batch:100}") int batch) {
        return new AutoChargeJobs(settlement, batch);
    }

    /** Webhooks for auto-charges' keys, and the resolver of auto-charges nobody settled. */
    static class AutoChargeJobs {
        private final AutoChargeSettlement settlement;
        private final int batch;

        AutoChargeJobs(AutoChargeSettlement settlement, int batch) {
            if (batch < 1 || batch > 10_000) {
                throw new IllegalArgumentException("dangol.payment.auto-charge.resolve-batch is 1 to 10,000");
            }
            this.settlement = settlement;
            this.batch = batch;
        }

        /** Other keys (checkouts' "dg-") are left to their own listeners; a failure here is settled by the resolver. */
        @EventListener
        void paymentNotified(PaymentNotified event) {
            try {
                settlement.paymentNotified(event.result());
            } catch (RuntimeException e) {
                LOG.warn(
                        "settling auto-charge {} from a webhook failed; the resolver tries again",
                        event.result().idempotencyKey(),
                        e);
            }
        }

        @Scheduled(
                initialDelayString = "${dangol.payment.auto-charge.resolve-interval:5s}",
                fixedDelayString = "${dangol.payment.auto-charge.resolve-interval:5s}")
        void resolveDue() {
            try {
                settlement.resolveDue(batch);
            } catch (RuntimeException e) {
                LOG.warn("resolving auto-charges failed; the next run tries again", e);
            }
        }
    }

    /** Counts auto-charges by outcome, late approvals, and those left to an operator; logs what needs a person. */
    static final class MeteredAutoChargeObserver implements AutoChargeObserver {
        private final Map<String, Counter> outcomes = new ConcurrentHashMap<>();
        private final Map<String, Counter> late = new ConcurrentHashMap<>();
        private final MeterRegistry meters;
        private final Counter unresolved;
        private final Counter failures;

        MeteredAutoChargeObserver(MeterRegistry meters) {
            this.meters = meters;
            unresolved = Counter.builder("dangol.payment.auto.charges.unresolved")
                    .description("Auto-charges the resolver gave up asking about: an operator must settle them")
                    .register(meters);
            failures = Counter.builder("dangol.payment.auto.charge.resolve.failures")
                    .description("Attempts to settle an auto-charge that failed inside Dangol (tried again later)")
                    .register(meters);
        }

        @Override
        public void outcome(AutoChargeRecord record, String outcome) {
            outcomes.computeIfAbsent(
                            outcome,
                            o -> Counter.builder("dangol.payment.auto.charges")
                                    .description("Auto-charges by outcome: confirmed, declined, not_received, refunded;"
                                            + " pending counts requests that gave up on an unanswered gateway")
                                    .tag("outcome", o.toLowerCase(Locale.ROOT))
                                    .register(meters))
                    .increment();
            if (!outcome.equals("confirmed")) {
                LOG.info(
                        "auto-charge {} of payment {}: {} ({})",
                        record.gatewayKey(),
                        record.payment(),
                        outcome,
                        record.reason());
            }
        }

        @Override
        public void lateApproval(AutoChargeRecord record, String outcome) {
            late.computeIfAbsent(
                            outcome,
                            o -> Counter.builder("dangol.payment.auto.charge.late.approvals")
                                    .description("Auto-charges the gateway approved after their reservation lapsed")
                                    .tag("outcome", o)
                                    .register(meters))
                    .increment();
            LOG.info("auto-charge {} approved late: {} ({})", record.gatewayKey(), outcome, record.reason());
        }

        @Override
        public void unresolved(AutoChargeRecord record) {
            unresolved.increment();
            LOG.error(
                    "auto-charge {} of payment {} ({} KRW, {}) is still {} after {} attempts: settle it with the"
                            + " gateway by hand",
                    record.gatewayKey(),
                    record.payment(),
                    record.amount().krw(),
                    record.payer(),
                    record.state(),
                    record.attempts());
        }

        @Override
        public void resolveFailed(AutoChargeRecord record, RuntimeException failure) {
            failures.increment();
            LOG.warn("settling auto-charge {} failed; tried again later", record.gatewayKey(), failure);
        }
    }
}
