package dev.dangol.acceptance.internal;

import dev.dangol.acceptance.IssuedCodes;
import dev.dangol.acceptance.Readiness;
import dev.dangol.acceptance.Scans;
import dev.dangol.acceptance.Stickers;
import dev.dangol.merchant.Merchants;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;

/**
 * Wires QR acceptance. The merchant registry is taken lazily: it is looked up on first use, not at start-up, so that
 * the application starts on a branch where the registry's implementation is not present yet (docs/decisions/0012).
 */
@Configuration(proxyBeanMethods = false)
class AcceptanceConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(AcceptanceConfiguration.class);

    @Bean
    JdbcIssuedCodes issuedCodeStore(JdbcClient jdbc) {
        return new JdbcIssuedCodes(jdbc);
    }

    @Bean
    JdbcScanAlerts scanAlerts(JdbcClient jdbc) {
        return new JdbcScanAlerts(jdbc);
    }

    @Bean
    Scans scans(Merchants merchants, JdbcIssuedCodes codes, JdbcScanAlerts alerts, MeterRegistry meters, Clock clock) {
        return new ScanChain(merchants, codes, alerts, new MeteredScanObserver(meters), clock);
    }

    @Bean
    AlertPruning scanAlertPruning(
            JdbcScanAlerts alerts,
            Clock clock,
            MeterRegistry meters,
            @Value("${dangol.acceptance.alerts.keep:90d}") Duration keep) {
        return new AlertPruning(alerts, clock, meters, keep);
    }

    /**
     * Deletes scan alerts not seen for {@code dangol.acceptance.alerts.keep} (90 days unless set), every
     * {@code dangol.acceptance.alerts.prune-interval} (1 hour), at most {@value #BATCH} a statement and
     * {@value #BATCHES_PER_RUN_MAX} statements a run. Every node runs it; a delete that finds nothing does nothing.
     */
    static final class AlertPruning {

        static final int BATCH = 1_000;
        static final int BATCHES_PER_RUN_MAX = 20;

        private final JdbcScanAlerts alerts;
        private final Clock clock;
        private final Duration keep;
        private final Counter pruned;
        private final Counter failures;

        AlertPruning(JdbcScanAlerts alerts, Clock clock, MeterRegistry meters, Duration keep) {
            if (keep.isNegative() || keep.isZero()) {
                throw new IllegalArgumentException("dangol.acceptance.alerts.keep must be positive");
            }
            this.alerts = alerts;
            this.clock = clock;
            this.keep = keep;
            this.pruned = Counter.builder("dangol.acceptance.alerts.pruned")
                    .description("Scan alerts deleted because they were not seen for the kept time")
                    .register(meters);
            this.failures = Counter.builder("dangol.acceptance.alerts.prune.failures")
                    .description("Runs of the scan alert prune that failed; the next run tries again")
                    .register(meters);
        }

        @Scheduled(fixedDelayString = "${dangol.acceptance.alerts.prune-interval:1h}", initialDelay = 120_000)
        void scheduled() {
            try {
                prune();
            } catch (RuntimeException e) {
                failures.increment();
                LOG.warn("Pruning old scan alerts failed; the next run tries again", e);
            }
        }

        /** Returns how many alerts it deleted. */
        int prune() {
            Instant before = clock.instant().minus(keep);
            int total = 0;
            for (int run = 0; run < BATCHES_PER_RUN_MAX; run++) {
                int deleted = alerts.prune(before, BATCH);
                total += deleted;
                pruned.increment(deleted);
                if (deleted < BATCH) {
                    break;
                }
            }
            if (total > 0) {
                LOG.info("Pruned {} scan alerts last seen before {}", total, before);
            }
            return total;
        }
    }

    @Bean
    IssuedCodes issuedCodes(JdbcIssuedCodes codes, Clock clock) {
        return new IssuedCodeRegistry(codes, clock);
    }

    @Bean
    Stickers stickers(Merchants merchants, JdbcIssuedCodes codes, Clock clock) {
        return new StickerDesk(merchants, codes, clock);
    }

    @Bean
    Readiness readiness(Merchants merchants, JdbcIssuedCodes codes, Clock clock) {
        return new ReadinessCheck(merchants, codes, clock);
    }

    /** Counts scans by outcome, and the alerts raised for codes that lead to no merchant. */
    static final class MeteredScanObserver implements ScanObserver {
        private final Map<String, Counter> outcomes = new ConcurrentHashMap<>();
        private final MeterRegistry meters;
        private final Counter alerts;

        MeteredScanObserver(MeterRegistry meters) {
            this.meters = meters;
            this.alerts = Counter.builder("dangol.acceptance.scan.alerts")
                    .description("Scans of well-formed codes that led to no merchant (operators alerted)")
                    .register(meters);
        }

        @Override
        public void scanned(String outcome) {
            outcomes.computeIfAbsent(
                            outcome,
                            o -> Counter.builder("dangol.acceptance.scans")
                                    .description("Scans by outcome")
                                    .tag("outcome", o.toLowerCase(Locale.ROOT))
                                    .register(meters))
                    .increment();
        }

        @Override
        public void alerted() {
            alerts.increment();
        }
    }
}
