package dev.dangol.identity;

/** What a signed-in person may do. A person can hold several roles. */
public enum Role {
    CITIZEN,
    MERCHANT,
    OPERATOR
}
