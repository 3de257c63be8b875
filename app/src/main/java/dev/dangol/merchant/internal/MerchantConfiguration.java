package dev.dangol.merchant.internal;

import dev.dangol.program.Programs;
import dev.dangol.shared.IdSource;
import java.security.SecureRandom;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Wires the registry on the database's {@code merchant} tables and the master-data sync beside it. */
@Configuration(proxyBeanMethods = false)
class MerchantConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(MerchantConfiguration.class);

    /** The registry, with nearest-first search filled from the database before the first request is served. */
    @Bean
    MerchantRegistry merchantRegistry(
            JdbcClient jdbc,
            PlatformTransactionManager transactions,
            MerchantIndex merchantIndex,
            Programs programs,
            Clock clock) {
        MerchantRegistry registry = new MerchantRegistry(
                new JdbcMerchantStore(jdbc, new TransactionTemplate(transactions)), merchantIndex, programs, clock);
        int loaded = registry.loadIndex();
        LOG.info("Merchant registry: {} merchants loaded into nearest-first search", loaded);
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
}
