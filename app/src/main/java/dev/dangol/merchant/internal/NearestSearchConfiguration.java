package dev.dangol.merchant.internal;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Wires nearest-first search. The live path is the in-memory index on every profile, PostgreSQL included: it answers
 * in microseconds without a database round trip, and the registry fills it from its store at start-up and keeps it in
 * step on every change. On PostgreSQL the same search also runs in the database through PostGIS (see
 * {@code JdbcPostgisMerchantSearch}), which an integration test checks against this index; docs/decisions/0011.
 */
@Configuration(proxyBeanMethods = false)
class NearestSearchConfiguration {

    @Bean
    MerchantIndex merchantIndex() {
        return new MemoryMerchantIndex();
    }

    /** Only where the postgres profile has migrated db/postgis (application-postgres.properties turns it on). */
    @Bean
    @ConditionalOnProperty(name = "dangol.merchant.postgis-search", havingValue = "true")
    JdbcPostgisMerchantSearch postgisMerchantSearch(JdbcClient jdbc) {
        return new JdbcPostgisMerchantSearch(jdbc);
    }
}
