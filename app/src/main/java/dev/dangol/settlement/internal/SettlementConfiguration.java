package dev.dangol.settlement.internal;

import dev.dangol.gateway.GatewayCaptures;
import dev.dangol.identity.MerchantMembers;
import dev.dangol.ledger.Ledger;
import dev.dangol.merchant.Merchants;
import dev.dangol.program.Programs;
import dev.dangol.settlement.BusinessCalendar;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.LocalDate;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Settlement's beans. Properties: {@code dangol.settlement.holidays} (comma-separated ISO dates; the 2026–2027 Korean
 * list by default), {@code dangol.settlement.payout-delay-business-days} (1 or 2, default 1),
 * {@code dangol.settlement.schedule.enabled} (the daily run and the hourly reconciliation; on unless switched off).
 */
@Configuration(proxyBeanMethods = false)
class SettlementConfiguration {

    @Bean
    BusinessCalendar businessCalendar(@Value("${dangol.settlement.holidays:}") String holidays) {
        return BusinessCalendar.configured(holidays);
    }

    @Bean
    JdbcSettlementRecords settlementRecords(JdbcTemplate jdbc, TransactionTemplate transactions) {
        return new JdbcSettlementRecords(jdbc, transactions);
    }

    @Bean
    MeteredSettlementObserver settlementObserver(MeterRegistry meters) {
        return new MeteredSettlementObserver(meters);
    }

    @Bean
    DailySettlement dailySettlement(
            Ledger ledger,
            Merchants merchants,
            BusinessCalendar calendar,
            JdbcSettlementRecords records,
            Clock clock,
            MeteredSettlementObserver observer,
            @Value("${dangol.settlement.payout-delay-business-days:1}") int payoutDelay) {
        return new DailySettlement(ledger, merchants, calendar, records, clock, payoutDelay, observer);
    }

    @Bean
    Statements statements(
            Ledger ledger,
            Programs programs,
            JdbcSettlementRecords records,
            BusinessCalendar calendar,
            Clock clock,
            @Value("${dangol.settlement.payout-delay-business-days:1}") int payoutDelay) {
        return new Statements(ledger, programs, records, calendar, clock, payoutDelay);
    }

    @Bean
    SubsidyClaims subsidyClaims(Ledger ledger, Programs programs, Clock clock) {
        return new SubsidyClaims(ledger, programs, clock);
    }

    @Bean
    Reconciliation reconciliation(
            Ledger ledger, ObjectProvider<GatewayCaptures> captures, Clock clock, MeteredSettlementObserver observer) {
        return new Reconciliation(ledger, Optional.ofNullable(captures.getIfAvailable()), clock, observer);
    }

    @Bean
    StatementAccess statementAccess(MerchantMembers members) {
        return new StatementAccess(members);
    }

    @Bean
    @ConditionalOnProperty(name = "dangol.settlement.schedule.enabled", havingValue = "true", matchIfMissing = true)
    SettlementJobs settlementJobs(DailySettlement settlement, JdbcSettlementRecords records, Reconciliation check) {
        return new SettlementJobs(settlement, records, check);
    }

    /**
     * Settles the last closed business day once, and reconciles every hour. Restart-safe: a day counts as done only
     * when its run finished, and a run repeated on another node or after a crash moves no money twice.
     */
    static class SettlementJobs {
        private static final Logger LOG = LoggerFactory.getLogger(SettlementJobs.class);

        private final DailySettlement settlement;
        private final SettlementRecords records;
        private final Reconciliation check;

        SettlementJobs(DailySettlement settlement, SettlementRecords records, Reconciliation check) {
            this.settlement = settlement;
            this.records = records;
            this.check = check;
        }

        @Scheduled(fixedDelayString = "${dangol.settlement.interval:10m}", initialDelayString = "1m")
        void settle() {
            try {
                LocalDate day = settlement.lastClosedBusinessDay();
                if (records.finishedAt(day).isEmpty()) {
                    settlement.run(day);
                }
            } catch (RuntimeException e) {
                LOG.warn("the scheduled settlement failed; the next run tries again", e);
            }
        }

        @Scheduled(fixedDelayString = "${dangol.reconciliation.interval:1h}", initialDelayString = "2m")
        void reconcile() {
            try {
                check.check();
            } catch (RuntimeException e) {
                LOG.warn("the scheduled reconciliation failed; the next run tries again", e);
            }
        }
    }

    /** Settlement's and reconciliation's figures as Micrometer meters. */
    static class MeteredSettlementObserver implements SettlementObserver {

        private final MeterRegistry meters;
        private final AtomicLong mismatches = new AtomicLong();
        private final AtomicLong balanced = new AtomicLong(1);
        private final AtomicLong checkedAt = new AtomicLong();
        private final Counter reconciliations;
        private final Counter runs;

        MeteredSettlementObserver(MeterRegistry meters) {
            this.meters = meters;
            Gauge.builder("dangol.reconciliation.mismatches", mismatches, AtomicLong::get)
                    .description("Differences the last reconciliation found; zero when the books agree")
                    .register(meters);
            Gauge.builder("dangol.reconciliation.balanced", balanced, AtomicLong::get)
                    .description("1 when the last reconciliation found the books in agreement, else 0")
                    .register(meters);
            Gauge.builder("dangol.reconciliation.last.checked", checkedAt, AtomicLong::get)
                    .description("When the last reconciliation ran, in epoch seconds")
                    .baseUnit("seconds")
                    .register(meters);
            reconciliations = Counter.builder("dangol.reconciliation.runs")
                    .description("Reconciliations run")
                    .register(meters);
            runs = Counter.builder("dangol.settlement.runs")
                    .description("Settlement runs finished")
                    .register(meters);
        }

        @Override
        public void settled(SettlementRun run) {
            runs.increment();
            for (PayoutOutcome outcome : PayoutOutcome.values()) {
                long n = run.count(outcome);
                if (n > 0) {
                    meters.counter("dangol.settlement.payouts", "outcome", outcome.name())
                            .increment(n);
                }
            }
            meters.counter("dangol.settlement.paid.krw").increment(run.paid().krw());
        }

        @Override
        public void reconciled(ReconciliationReport report) {
            reconciliations.increment();
            mismatches.set(report.mismatchCount());
            balanced.set(report.balanced() ? 1 : 0);
            checkedAt.set(report.checkedAt().getEpochSecond());
            // The reconciliation itself logs the mismatch; here it is only counted.
            if (!report.balanced()) {
                meters.counter("dangol.reconciliation.mismatches.found").increment(report.mismatchCount());
            }
        }
    }
}
