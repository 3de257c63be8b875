package dev.dangol.sandbox;

/** The final states of a payment the sandbox remembers. */
public enum PaymentState {
    /** The money was taken. */
    APPROVED,
    /** The issuer refused; nothing was taken. */
    DECLINED,
    /** An approved payment was cancelled and the money given back. */
    CANCELLED
}
