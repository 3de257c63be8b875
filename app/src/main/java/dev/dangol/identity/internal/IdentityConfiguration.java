package dev.dangol.identity.internal;

import dev.dangol.shared.IdSource;
import java.security.SecureRandom;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

@Configuration(proxyBeanMethods = false)
class IdentityConfiguration {

    @Bean
    JdbcCitizens citizens(JdbcClient jdbc, Clock clock) {
        return new JdbcCitizens(jdbc, new IdSource(clock, new SecureRandom()));
    }
}
