package dev.dangol.gateway;

/** A payment's outcome as the gateway reports it. */
public enum PaymentStatus {
    /** The money was taken. */
    APPROVED,
    /** The gateway refused (insufficient funds, card refused); nothing was taken. */
    DECLINED,
    /** An approved payment was cancelled and the money returned. */
    CANCELLED,
    /** The gateway has never seen this key. */
    NOT_FOUND,
    /** No answer: a timeout, a connection failure, a 5xx. Ask again with the same key. */
    UNKNOWN;

    /** Whether the gateway gave a final answer for the key. */
    public boolean isFinal() {
        return this == APPROVED || this == DECLINED || this == CANCELLED;
    }
}
