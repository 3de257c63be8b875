package dev.dangol.program;

/** What an operator set for a round. Whether it sells right now also depends on the clock and the budget. */
public enum RoundStatus {
    /** Sells from its opening time while budget lasts. */
    ACTIVE,
    /** Held by an operator; resumes when set active again. */
    PAUSED,
    /** Ended for good. */
    CLOSED
}
