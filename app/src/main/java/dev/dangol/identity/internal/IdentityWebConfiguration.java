package dev.dangol.identity.internal;

import dev.dangol.identity.HttpSessionTokens;
import dev.dangol.identity.Role;
import dev.dangol.identity.Session;
import dev.dangol.identity.Sessions;
import dev.dangol.shared.Rejection;
import dev.dangol.shared.SignedInOperator;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Optional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.MethodParameter;
import org.springframework.web.bind.support.WebDataBinderFactory;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.method.support.HandlerMethodArgumentResolver;
import org.springframework.web.method.support.ModelAndViewContainer;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Lets any controller of any module take the signed-in {@link Session} as a parameter: resolved from {@code
 * Authorization: Bearer <token>} or, for browsers and server-rendered pages, the {@code dangol_session} cookie. A
 * {@code Session} parameter refuses the request with 401 problem+json when there is no valid session; an {@code
 * Optional<Session>} parameter is empty instead. A {@link SignedInOperator} parameter, for endpoints only operators may
 * call, also refuses with 403 a session without the operator role.
 */
@Configuration(proxyBeanMethods = false)
class IdentityWebConfiguration implements WebMvcConfigurer {

    private final Sessions sessions;

    IdentityWebConfiguration(Sessions sessions) {
        this.sessions = sessions;
    }

    @Override
    public void addArgumentResolvers(List<HandlerMethodArgumentResolver> resolvers) {
        resolvers.add(new SessionParameters(sessions));
    }

    /** The token a request carries, or null; see {@link HttpSessionTokens}. */
    static String token(HttpServletRequest request) {
        return HttpSessionTokens.token(request);
    }

    private record SessionParameters(Sessions sessions) implements HandlerMethodArgumentResolver {

        @Override
        public boolean supportsParameter(MethodParameter parameter) {
            return parameter.getParameterType() == Session.class
                    || parameter.getParameterType() == SignedInOperator.class
                    || (parameter.getParameterType() == Optional.class
                            && parameter.nestedIfOptional().getNestedParameterType() == Session.class);
        }

        @Override
        public Object resolveArgument(
                MethodParameter parameter,
                ModelAndViewContainer container,
                NativeWebRequest webRequest,
                WebDataBinderFactory binders) {
            HttpServletRequest request = webRequest.getNativeRequest(HttpServletRequest.class);
            if (parameter.getParameterType() == Session.class) {
                return sessions.authenticate(request == null ? null : token(request));
            }
            if (parameter.getParameterType() == SignedInOperator.class) {
                Session session = sessions.authenticate(request == null ? null : token(request));
                return new SignedInOperator(session.require(Role.OPERATOR).person());
            }
            try {
                String token = request == null ? null : token(request);
                return token == null ? Optional.empty() : Optional.of(sessions.authenticate(token));
            } catch (Rejection notSignedIn) {
                if (notSignedIn.kind() != Rejection.Kind.UNAUTHENTICATED) {
                    throw notSignedIn;
                }
                return Optional.empty();
            }
        }
    }
}
