package dev.dangol.identity.internal;

import dev.dangol.identity.Session;
import java.util.Objects;

/**
 * A new session and its token. The token is handed to the client once and kept nowhere else.
 */
record OpenedSession(String token, Session session) {

    OpenedSession {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(session, "session");
    }

    @Override
    public String toString() {
        return "OpenedSession[" + session + "]";
    }
}
