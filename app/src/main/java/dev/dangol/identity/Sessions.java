package dev.dangol.identity;

import dev.dangol.shared.PersonId;

/**
 * Signed-in sessions. A session is kept alive by use: every request that carries it extends its idle expiry, and so
 * does {@link #keepAlive} while its owner waits in a queue or pays, so that nobody is logged out while they wait.
 * Checking a session costs no database access in the common case (see {@code docs/decisions/0005-sessions.md}).
 */
public interface Sessions {

    /**
     * The session a token stands for, extended by this use. Refused with 401 ({@code SIGN_IN_REQUIRED}, {@code
     * SESSION_INVALID}, {@code SESSION_EXPIRED}, {@code SESSION_ENDED}) when there is none or it has ended.
     */
    Session authenticate(String token);

    /**
     * Extends every open session of the person as if they had just used it, up to each session's absolute lifetime.
     * For the waiting room and checkout to call while the person waits or pays; costs no database access (the
     * extension is written behind, in batches).
     */
    void keepAlive(PersonId person);

    /** Signs the session out; signing out twice is harmless. */
    void end(Session session);
}
