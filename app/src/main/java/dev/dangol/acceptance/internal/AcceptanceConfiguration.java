package dev.dangol.acceptance.internal;

import dev.dangol.acceptance.IssuedCodes;
import dev.dangol.acceptance.Readiness;
import dev.dangol.acceptance.Scans;
import dev.dangol.acceptance.Stickers;
import dev.dangol.merchant.Merchants;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Wires QR acceptance. The merchant registry is taken lazily: it is looked up on first use, not at start-up, so that
 * the application starts on a branch where the registry's implementation is not present yet (docs/decisions/0012).
 */
@Configuration(proxyBeanMethods = false)
class AcceptanceConfiguration {

    @Bean
    JdbcIssuedCodes issuedCodeStore(JdbcClient jdbc) {
        return new JdbcIssuedCodes(jdbc);
    }

    @Bean
    Scans scans(Merchants merchants, JdbcIssuedCodes codes, JdbcClient jdbc, MeterRegistry meters, Clock clock) {
        return new ScanChain(merchants, codes, new JdbcScanAlerts(jdbc), new MeteredScanObserver(meters), clock);
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
