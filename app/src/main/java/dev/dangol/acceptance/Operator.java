package dev.dangol.acceptance;

/**
 * Who issued a code. The two previous operators' formats are defined in docs/qr-formats.md; both may also have printed
 * EMV codes under their own scheme ids, which are matched as printed like any of their codes.
 */
public enum Operator {
    /** Dangol's own EMV merchant-presented codes. */
    DANGOL,
    /** The first previous operator: URLs {@code https://pay.hanbit.example/m/<10 characters>}. */
    HANBIT,
    /** The second previous operator: 14-digit numbers starting 77, with a Luhn check digit. */
    NURI
}
