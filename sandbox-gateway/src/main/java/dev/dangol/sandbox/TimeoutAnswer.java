package dev.dangol.sandbox;

/** What a caller eventually gets from a call the sandbox made time out. */
public enum TimeoutAnswer {
    /** The answer comes, but only after the timeout delay: long after a careful client stopped waiting. */
    LATE,
    /** No answer ever: the connection is dropped once the timeout delay has passed. */
    NEVER
}
