package dev.dangol.web;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The title and summary of the generated API documentation (/swagger-ui.html, /v3/api-docs). */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    @Bean
    OpenAPI dangolApi() {
        return new OpenAPI()
                .info(new Info()
                        .title("Dangol API")
                        .version("v1")
                        .description("Mobile local-currency gift vouchers: programs and rounds, citizens' wallets"
                                + " (purchase, gift, cancellation, refund), and the double-entry ledger. Errors are"
                                + " application/problem+json with a machine-readable 'code'. Requests that create a"
                                + " purchase or a gift need an Idempotency-Key header; see docs/api.md.")
                        .license(new License().name("Apache-2.0")));
    }
}
