package dev.dangol.program.internal;

import dev.dangol.ledger.Ledger;
import java.time.Clock;
import java.time.Duration;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

@Configuration(proxyBeanMethods = false)
class ProgramConfiguration {

    @Bean
    ProgramCatalog programs(
            JdbcClient jdbc,
            Ledger ledger,
            Clock clock,
            @Value("${dangol.program.cache-fresh-for:1s}") Duration freshFor) {
        return new ProgramCatalog(
                new CachedProgramRepository(new JdbcProgramRepository(jdbc), clock, freshFor), ledger, clock);
    }
}
