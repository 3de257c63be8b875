package dev.dangol.identity;

import dev.dangol.shared.Rejection;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Where a request carries its session token: {@code Authorization: Bearer <token>} or, for browsers and
 * server-rendered pages, the {@value #COOKIE} cookie. Controllers get the {@link Session} as a parameter; this is for
 * the few handlers that run before Spring MVC's dispatch, such as the waiting room's status poll.
 */
public final class HttpSessionTokens {

    /** The session cookie's name. */
    public static final String COOKIE = "dangol_session";

    private static final String BEARER = "Bearer ";

    private HttpSessionTokens() {}

    /**
     * The token the request carries: the Authorization header if there is one, else the cookie; or null.
     *
     * @throws Rejection {@code SESSION_INVALID} if the Authorization header is not a bearer token
     */
    public static String token(HttpServletRequest request) {
        String authorization = request.getHeader("Authorization");
        if (authorization != null) {
            if (!authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
                throw Rejection.unauthenticated(
                        "SESSION_INVALID", "Send the session token as 'Authorization: Bearer <token>'.");
            }
            return authorization.substring(BEARER.length()).strip();
        }
        Cookie[] cookies = request.getCookies();
        if (cookies != null) {
            for (Cookie cookie : cookies) {
                if (COOKIE.equals(cookie.getName())) {
                    return cookie.getValue();
                }
            }
        }
        return null;
    }
}
