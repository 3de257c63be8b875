package dev.dangol.merchant.internal;

import dev.dangol.program.Programs;
import dev.dangol.shared.IdSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitialization;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Wires the registry on the database's {@code merchant} tables, the master-data sync beside it, and the follower that
 * keeps this node's nearest index in step with changes made on other nodes.
 */
@Configuration(proxyBeanMethods = false)
class MerchantConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(MerchantConfiguration.class);

    /**
     * Built on the data source itself rather than on Spring's JDBC helpers, so it must say that it needs the database
     * migrated first: the follower below reads the change table as it is made.
     */
    @Bean
    @DependsOnDatabaseInitialization
    JdbcMerchantStore merchantStore(DataSource dataSource, PlatformTransactionManager transactions) {
        return new JdbcMerchantStore(dataSource, new TransactionTemplate(transactions));
    }

    /**
     * The follower starts after the newest change committed before the index is filled; it is made before the
     * registry, which fills the index, for that reason.
     */
    @Bean
    MerchantIndexFollower merchantIndexFollower(
            JdbcMerchantStore merchantStore,
            Clock clock,
            @Value("${dangol.merchant.index.follow-page:5000}") int pageMax,
            @Value("${dangol.merchant.index.follow-changes-max:1000}") int changesPerPollMax) {
        return new MerchantIndexFollower(merchantStore, clock, merchantStore.newest(), pageMax, changesPerPollMax);
    }

    /** The registry, with nearest-first search filled from the database before the first request is served. */
    @Bean
    MerchantRegistry merchantRegistry(
            JdbcMerchantStore merchantStore,
            MerchantIndexFollower merchantIndexFollower,
            MerchantIndex merchantIndex,
            Programs programs,
            Clock clock) {
        MerchantRegistry registry = new MerchantRegistry(merchantStore, merchantIndex, programs, clock);
        int loaded = registry.loadIndex();
        LOG.info(
                "Merchant registry: {} merchants loaded into nearest-first search; changes after number {} follow",
                loaded,
                merchantIndexFollower.applied());
        return registry;
    }

    @Bean
    MerchantFileSync merchantFiles(
            MerchantRegistry registry,
            Clock clock,
            @Value("${dangol.merchant.file.max-bytes:536870912}") long maxBytes,
            @Value("${dangol.merchant.file.max-rows:3000000}") int maxRows) {
        return new MerchantFileSync(
                registry, new Coordinates(), new IdSource(clock, new SecureRandom()), maxBytes, maxRows);
    }

    @Bean
    IndexFollowing merchantIndexFollowing(
            MerchantIndexFollower follower, MerchantRegistry registry, MeterRegistry meters) {
        return new IndexFollowing(follower, registry, meters);
    }

    @Bean
    ChangePruning merchantChangePruning(
            JdbcMerchantStore merchantStore,
            Clock clock,
            MeterRegistry meters,
            @Value("${dangol.merchant.change.keep:7d}") Duration keep) {
        return new ChangePruning(merchantStore, clock, meters, keep);
    }

    /**
     * Deletes records of registry changes older than {@code dangol.merchant.change.keep} (7 days unless set), every
     * {@code dangol.merchant.change.prune-interval} (1 hour), at most {@value #BATCH} a statement and {@value
     * #BATCHES_PER_RUN_MAX} statements a run. A node's follower is never that far behind: it applies changes within
     * seconds, and a node that was stopped fills its index from the table when it starts.
     */
    static final class ChangePruning {

        static final int BATCH = 5_000;
        static final int BATCHES_PER_RUN_MAX = 20;

        private final JdbcMerchantStore store;
        private final Clock clock;
        private final Duration keep;
        private final Counter pruned;
        private final Counter failures;

        ChangePruning(JdbcMerchantStore store, Clock clock, MeterRegistry meters, Duration keep) {
            if (keep.isNegative() || keep.isZero()) {
                throw new IllegalArgumentException("dangol.merchant.change.keep must be positive");
            }
            this.store = store;
            this.clock = clock;
            this.keep = keep;
            this.pruned = Counter.builder("dangol.merchant.change.pruned")
                    .description("Records of registry changes deleted after the kept time")
                    .register(meters);
            this.failures = Counter.builder("dangol.merchant.change.prune.failures")
                    .description("Runs of the registry change prune that failed; the next run tries again")
                    .register(meters);
        }

        @Scheduled(fixedDelayString = "${dangol.merchant.change.prune-interval:1h}", initialDelay = 180_000)
        void scheduled() {
            try {
                prune();
            } catch (RuntimeException e) {
                failures.increment();
                LOG.warn("Pruning old registry changes failed; the next run tries again", e);
            }
        }

        /** Returns how many change records it deleted. */
        int prune() {
            Instant before = clock.instant().minus(keep);
            int total = 0;
            for (int run = 0; run < BATCHES_PER_RUN_MAX; run++) {
                int deleted = store.pruneChanges(before, BATCH);
                total += deleted;
                pruned.increment(deleted);
                if (deleted < BATCH) {
                    break;
                }
            }
            return total;
        }
    }

    /**
     * Polls for other nodes' changes every {@code dangol.merchant.index.follow-interval} (2 seconds unless set). A
     * failed poll is logged and counted, and the next one starts again after the last change fully applied.
     */
    static final class IndexFollowing {

        private final MerchantIndexFollower follower;
        private final MerchantRegistry registry;
        private final Counter failures;

        IndexFollowing(MerchantIndexFollower follower, MerchantRegistry registry, MeterRegistry meters) {
            this.follower = follower;
            this.registry = registry;
            this.failures = Counter.builder("dangol.merchant.index.follow.failures")
                    .description("Polls for registry changes that failed; the next poll tries again")
                    .register(meters);
            Gauge.builder("dangol.merchant.index.behind.changes", follower, MerchantIndexFollower::behind)
                    .description("Committed registry changes this node's nearest index has not applied yet")
                    .register(meters);
            Gauge.builder("dangol.merchant.index.lag.seconds", follower, MerchantIndexFollower::lagSeconds)
                    .description("Age of the last applied registry change while the index is behind; 0 when not")
                    .baseUnit("seconds")
                    .register(meters);
            Gauge.builder("dangol.merchant.index.change", follower, MerchantIndexFollower::applied)
                    .description("Number of the last registry change this node's nearest index applied")
                    .register(meters);
            Gauge.builder("dangol.merchant.index.followed.merchants", follower, MerchantIndexFollower::merchantsApplied)
                    .description("Merchants put into this node's index from other nodes' changes since start")
                    .register(meters);
        }

        @Scheduled(
                fixedDelayString = "${dangol.merchant.index.follow-interval:2s}",
                initialDelayString = "${dangol.merchant.index.follow-interval:2s}")
        void poll() {
            try {
                int applied = follower.poll(registry);
                if (applied > 0) {
                    LOG.debug("Nearest index: {} registry changes applied, now at {}", applied, follower.applied());
                }
            } catch (RuntimeException e) {
                failures.increment();
                LOG.warn(
                        "Nearest index: applying registry changes after number {} failed; the next poll tries again",
                        follower.applied(),
                        e);
            }
        }
    }
}
