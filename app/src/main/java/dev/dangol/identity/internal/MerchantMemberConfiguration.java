package dev.dangol.identity.internal;

import dev.dangol.identity.RoleGrants;
import java.time.Clock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

@Configuration(proxyBeanMethods = false)
class MerchantMemberConfiguration {

    @Bean
    JdbcMerchantMembers merchantMembers(JdbcClient jdbc, RoleGrants roles, Clock clock) {
        return new JdbcMerchantMembers(jdbc, roles, clock);
    }
}
