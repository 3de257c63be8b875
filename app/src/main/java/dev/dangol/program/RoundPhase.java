package dev.dangol.program;

/** Where a round stands for a buyer at a given moment. */
public enum RoundPhase {
    UPCOMING,
    SELLING,
    PAUSED,
    /** What is left of the budget is less than one purchase unit. */
    SOLD_OUT,
    CLOSED
}
