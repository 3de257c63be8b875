package dev.dangol.wallet.internal;

import dev.dangol.ledger.Ledger;
import dev.dangol.merchant.Merchants;
import dev.dangol.program.Programs;
import dev.dangol.wallet.Wallets;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.transaction.PlatformTransactionManager;

@Configuration(proxyBeanMethods = false)
class WalletConfiguration {

    @Bean
    LedgerWallets wallets(
            Ledger ledger, Programs programs, Clock clock, @Value("${dangol.wallet.hold-time:10m}") Duration holdTime) {
        return new LedgerWallets(ledger, programs, clock, holdTime);
    }

    /** Payments to merchants, checked against the merchant registry. */
    @Bean
    LedgerPayments merchantPayments(
            Ledger ledger,
            Programs programs,
            Merchants merchants,
            Clock clock,
            LedgerWallets wallets,
            JdbcClient jdbc,
            PlatformTransactionManager transactions) {
        return new LedgerPayments(
                ledger, programs, merchants, clock, wallets.personLocks(), new JdbcPaymentRecords(jdbc, transactions));
    }

    @Bean
    LotExpiryJob lotExpiryJob(Wallets wallets, MeterRegistry meters) {
        return new LotExpiryJob(wallets, meters);
    }

    @Bean
    LapsedHoldJob lapsedHoldJob(Wallets wallets, MeterRegistry meters) {
        return new LapsedHoldJob(wallets, meters);
    }

    /**
     * Gives the limits of reservations whose hold lapsed back to their people, from the ledger's expiry notices
     * (decision 0018). The ledger voids a lapsed hold within its expiry interval; this runs as often, so a person
     * who did not pay can buy again a few seconds after the hold ended.
     */
    static class LapsedHoldJob {
        private static final Logger LOG = LoggerFactory.getLogger(LapsedHoldJob.class);
        private static final int BATCH = 500;
        private static final int BATCHES_PER_RUN_MAX = 20;

        private final Wallets wallets;
        private final Counter handled;
        private final Counter failed;

        LapsedHoldJob(Wallets wallets, MeterRegistry meters) {
            this.wallets = wallets;
            this.handled = Counter.builder("dangol.wallet.holds.lapsed.notices")
                    .description("Ledger expiry notices handled: a lapsed purchase leaves three, and gets its"
                            + " limits back")
                    .register(meters);
            this.failed = Counter.builder("dangol.wallet.holds.lapsed.failures")
                    .description("Runs that could not give lapsed reservations' limits back (retried next run)")
                    .register(meters);
        }

        @Scheduled(fixedDelayString = "${dangol.wallet.lapse-interval:1s}")
        void giveBack() {
            try {
                for (int run = 0; run < BATCHES_PER_RUN_MAX; run++) {
                    int done = wallets.returnLapsedLimits(BATCH);
                    handled.increment(done);
                    if (done < BATCH) {
                        return;
                    }
                }
            } catch (RuntimeException e) {
                failed.increment();
                LOG.warn("giving lapsed reservations' limits back failed; the next run tries again", e);
            }
        }
    }

    /** Takes vouchers past their validity out of wallets and gives the holding room back. */
    static class LotExpiryJob {
        private static final Logger LOG = LoggerFactory.getLogger(LotExpiryJob.class);
        private static final int BATCH = 500;
        private static final int BATCHES_PER_RUN_MAX = 20;

        private final Wallets wallets;
        private final Counter expired;

        LotExpiryJob(Wallets wallets, MeterRegistry meters) {
            this.wallets = wallets;
            this.expired = Counter.builder("dangol.wallet.lots.expired")
                    .description("Voucher lots taken out of wallets because their validity ended")
                    .register(meters);
        }

        @Scheduled(fixedDelayString = "${dangol.wallet.expiry-interval:1m}")
        void expire() {
            try {
                for (int run = 0; run < BATCHES_PER_RUN_MAX; run++) {
                    int done = wallets.expireLots(BATCH);
                    expired.increment(done);
                    if (done < BATCH) {
                        return;
                    }
                }
            } catch (RuntimeException e) {
                LOG.warn("expiring voucher lots failed; the next run tries again", e);
            }
        }
    }
}
