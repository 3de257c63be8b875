package dev.dangol.identity.internal;

import dev.dangol.identity.HttpSessionTokens;
import java.time.Duration;

/**
 * The {@code dangol_session} cookie that carries the token for browsers and server-rendered pages: HttpOnly (no
 * script can read it), SameSite=Lax (other sites' forms and scripts do not send it), and Secure where Dangol is
 * served over HTTPS ({@code dangol.identity.session.cookie-secure=true} in production).
 */
record SessionCookie(boolean secure, Duration maxAge) {

    static final String NAME = HttpSessionTokens.COOKIE;

    /** The {@code Set-Cookie} value that hands the token to the browser. */
    String set(String token) {
        return NAME + "=" + token + "; Path=/; Max-Age=" + maxAge.toSeconds() + attributes();
    }

    /** The {@code Set-Cookie} value that makes the browser forget the token. */
    String clear() {
        return NAME + "=; Path=/; Max-Age=0" + attributes();
    }

    private String attributes() {
        return "; HttpOnly; SameSite=Lax" + (secure ? "; Secure" : "");
    }
}
