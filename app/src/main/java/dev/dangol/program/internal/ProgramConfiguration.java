package dev.dangol.program.internal;

import dev.dangol.ledger.Ledger;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

@Configuration(proxyBeanMethods = false)
class ProgramConfiguration {

    @Bean
    ProgramCatalog programs(JdbcClient jdbc, Ledger ledger, Clock clock) {
        return new ProgramCatalog(new JdbcProgramRepository(jdbc), ledger, clock);
    }
}
