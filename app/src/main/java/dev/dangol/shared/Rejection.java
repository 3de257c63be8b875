package dev.dangol.shared;

import java.util.Map;

/**
 * A request Dangol turned down, with a machine-readable code and a sentence a person can act on. Thrown where a
 * caller asked for something the rules or the data do not allow; the web edge turns it into problem+json.
 */
public class Rejection extends RuntimeException {

    /** What kind of refusal, so that each edge can choose its own status. */
    public enum Kind {
        /** The request itself is wrong: a bad amount, a missing field. */
        INVALID,
        /** What the request names does not exist. */
        NOT_FOUND,
        /** The request is well formed but the rules or the current state refuse it. */
        REFUSED,
        /** The request clashes with an earlier one, such as an idempotency key reused for another request. */
        CONFLICT,
        /** Dangol cannot serve it right now; trying again later may work. */
        UNAVAILABLE,
        /** Nobody is signed in, or the session is not valid: sign in and try again. */
        UNAUTHENTICATED,
        /** The person signed in may not do this (a citizen on an operator's page, someone else's ticket). */
        FORBIDDEN
    }

    private final String code;
    private final Kind kind;
    private final Map<String, Object> facts;

    public Rejection(Kind kind, String code, String detail) {
        this(kind, code, detail, Map.of());
    }

    public Rejection(Kind kind, String code, String detail, Map<String, Object> facts) {
        super(detail);
        this.kind = kind;
        this.code = code;
        this.facts = Map.copyOf(facts);
    }

    public String code() {
        return code;
    }

    public Kind kind() {
        return kind;
    }

    /** Figures that explain the refusal, such as how much of a limit is left. */
    public Map<String, Object> facts() {
        return facts;
    }

    public static Rejection invalid(String code, String detail) {
        return new Rejection(Kind.INVALID, code, detail);
    }

    public static Rejection notFound(String code, String detail) {
        return new Rejection(Kind.NOT_FOUND, code, detail);
    }

    public static Rejection refused(String code, String detail) {
        return new Rejection(Kind.REFUSED, code, detail);
    }

    public static Rejection refused(String code, String detail, Map<String, Object> facts) {
        return new Rejection(Kind.REFUSED, code, detail, facts);
    }

    public static Rejection unauthenticated(String code, String detail) {
        return new Rejection(Kind.UNAUTHENTICATED, code, detail);
    }

    public static Rejection forbidden(String code, String detail) {
        return new Rejection(Kind.FORBIDDEN, code, detail);
    }

    public static Rejection unavailable(String code, String detail) {
        return new Rejection(Kind.UNAVAILABLE, code, detail);
    }

    public static Rejection conflict(String code, String detail) {
        return new Rejection(Kind.CONFLICT, code, detail);
    }
}
