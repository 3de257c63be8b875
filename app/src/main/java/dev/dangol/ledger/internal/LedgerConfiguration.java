package dev.dangol.ledger.internal;

import dev.dangol.ledger.Ledger;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.Scheduled;

/** Wires the SQL ledger with its metrics and the job that voids timed-out reservations. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(LedgerConfiguration.LedgerProperties.class)
class LedgerConfiguration {

    /**
     * @param queueCapacity submissions that may wait for the ledger's writer
     * @param batchCommandsMax submissions per database transaction at most
     * @param answerWait how long a caller waits for the ledger
     * @param writers writer threads, each with a transaction of its own (1 unless set; 2 under the postgres profile)
     */
    @ConfigurationProperties("dangol.ledger")
    record LedgerProperties(Integer queueCapacity, Integer batchCommandsMax, Duration answerWait, Integer writers) {

        GroupCommitLedger.Settings settings() {
            GroupCommitLedger.Settings defaults = GroupCommitLedger.Settings.DEFAULT;
            return new GroupCommitLedger.Settings(
                    queueCapacity == null ? defaults.queueCapacity() : queueCapacity,
                    batchCommandsMax == null ? defaults.batchCommandsMax() : batchCommandsMax,
                    defaults.batchTransfersMax(),
                    defaults.attemptsMax(),
                    defaults.offerWait(),
                    answerWait == null ? defaults.answerWait() : answerWait,
                    writers == null ? defaults.writers() : writers);
        }
    }

    @Bean(destroyMethod = "close")
    GroupCommitLedger ledger(DataSource dataSource, Clock clock, LedgerProperties properties, MeterRegistry meters) {
        GroupCommitLedger ledger = new GroupCommitLedger(
                new JdbcLedgerStore(dataSource), clock, properties.settings(), new LedgerMetrics(meters));
        Gauge.builder("dangol.ledger.queue.depth", ledger, GroupCommitLedger::queueDepth)
                .description("Submissions waiting for the ledger's writer")
                .register(meters);
        return ledger;
    }

    @Bean
    LedgerExpiryJob ledgerExpiryJob(Ledger ledger, MeterRegistry meters) {
        return new LedgerExpiryJob(ledger, meters);
    }

    /** Voids pending transfers whose timeout passed, so that held budget and limits return without a caller. */
    static class LedgerExpiryJob {
        private static final Logger LOG = LoggerFactory.getLogger(LedgerExpiryJob.class);
        private static final int BATCH = 1_000;
        private static final int BATCHES_PER_RUN_MAX = 50;

        private final Ledger ledger;
        private final Counter expired;

        LedgerExpiryJob(Ledger ledger, MeterRegistry meters) {
            this.ledger = ledger;
            this.expired = Counter.builder("dangol.ledger.pending.expired")
                    .description("Pending transfers the ledger voided because their timeout passed")
                    .register(meters);
        }

        @Scheduled(fixedDelayString = "${dangol.ledger.expiry-interval:1s}")
        void expire() {
            try {
                for (int run = 0; run < BATCHES_PER_RUN_MAX; run++) {
                    int done = ledger.expirePendingTransfers(BATCH);
                    expired.increment(done);
                    if (done < BATCH) {
                        return;
                    }
                }
            } catch (RuntimeException e) {
                LOG.warn("voiding timed-out pending transfers failed; the next run tries again", e);
            }
        }
    }

    /** The ledger writer's figures in Micrometer. */
    static final class LedgerMetrics implements LedgerObserver {
        private static final Logger LOG = LoggerFactory.getLogger(LedgerMetrics.class);

        private final Timer batchTime;
        private final DistributionSummary batchSize;
        private final Counter transfers;
        private final Counter retries;
        private final Counter failures;
        private final Counter rejections;

        LedgerMetrics(MeterRegistry meters) {
            this.batchTime = Timer.builder("dangol.ledger.batch.duration")
                    .description("Time of one group-commit transaction")
                    .publishPercentileHistogram()
                    .register(meters);
            this.batchSize = DistributionSummary.builder("dangol.ledger.batch.submissions")
                    .description("Submissions per group-commit transaction")
                    .register(meters);
            this.transfers = Counter.builder("dangol.ledger.transfers").register(meters);
            this.retries = Counter.builder("dangol.ledger.batch.retries").register(meters);
            this.failures = Counter.builder("dangol.ledger.submission.failures").register(meters);
            this.rejections =
                    Counter.builder("dangol.ledger.submission.rejected").register(meters);
        }

        @Override
        public void committed(int commands, int count, long nanos) {
            batchTime.record(nanos, TimeUnit.NANOSECONDS);
            batchSize.record(commands);
            transfers.increment(count);
        }

        @Override
        public void retried(RuntimeException cause) {
            retries.increment();
            LOG.debug("ledger batch retried", cause);
        }

        @Override
        public void failed(RuntimeException cause) {
            failures.increment();
        }

        @Override
        public void rejected() {
            rejections.increment();
        }
    }
}
