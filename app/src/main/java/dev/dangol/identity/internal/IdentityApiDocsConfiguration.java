package dev.dangol.identity.internal;

import dev.dangol.identity.Session;
import dev.dangol.shared.SignedInOperator;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.Arrays;
import java.util.Optional;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;

/**
 * Documents a {@link Session} or {@link SignedInOperator} parameter as what it is, the session token in the
 * Authorization header or the cookie, rather than as a query parameter; operations for operators only say so.
 */
@Configuration(proxyBeanMethods = false)
class IdentityApiDocsConfiguration {

    private static final String BEARER = "session";
    private static final String COOKIE = "sessionCookie";
    private static final String SESSION_SCHEMA = "#/components/schemas/Session";
    private static final String OPERATORS_ONLY = "Operators only: others get 403 ROLE_REQUIRED.";

    IdentityApiDocsConfiguration() {
        SpringDocUtils.getConfig().addRequestWrapperToIgnore(Session.class, SignedInOperator.class);
    }

    @Bean
    OpenApiCustomizer sessionSchemes() {
        return api -> {
            if (api.getComponents() == null) {
                api.setComponents(new Components());
            }
            api.getComponents()
                    .addSecuritySchemes(
                            BEARER,
                            new SecurityScheme()
                                    .type(SecurityScheme.Type.HTTP)
                                    .scheme("bearer")
                                    .description("The token from POST /api/v1/identity/verifications/{id}/complete."))
                    .addSecuritySchemes(
                            COOKIE,
                            new SecurityScheme()
                                    .type(SecurityScheme.Type.APIKEY)
                                    .in(SecurityScheme.In.COOKIE)
                                    .name(SessionCookie.NAME)
                                    .description("The same token as an HttpOnly cookie, for browsers."));
        };
    }

    @Bean
    OperationCustomizer sessionRequirement() {
        return (operation, handler) -> {
            boolean needsSession =
                    Arrays.stream(handler.getMethodParameters()).anyMatch(IdentityApiDocsConfiguration::isSession);
            if (needsSession) {
                // An Optional<Session> slips past the ignored types and would show as a query parameter.
                if (operation.getParameters() != null) {
                    operation
                            .getParameters()
                            .removeIf(p -> p.getSchema() != null
                                    && SESSION_SCHEMA.equals(p.getSchema().get$ref()));
                }
                operation.addSecurityItem(new SecurityRequirement().addList(BEARER));
                operation.addSecurityItem(new SecurityRequirement().addList(COOKIE));
            }
            if (Arrays.stream(handler.getMethodParameters())
                    .anyMatch(p -> p.getParameterType() == SignedInOperator.class)) {
                String description = operation.getDescription();
                operation.setDescription(
                        (description == null || description.isBlank() ? "" : description + " ") + OPERATORS_ONLY);
            }
            return operation;
        };
    }

    private static boolean isSession(MethodParameter parameter) {
        return parameter.getParameterType() == Session.class
                || parameter.getParameterType() == SignedInOperator.class
                || (parameter.getParameterType() == Optional.class
                        && parameter.nestedIfOptional().getNestedParameterType() == Session.class);
    }
}
