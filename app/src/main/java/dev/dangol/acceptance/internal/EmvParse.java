package dev.dangol.acceptance.internal;

/** What reading a text as an EMV merchant-presented code gave. */
sealed interface EmvParse {

    /** The check value holds and the structure is sound. */
    record Valid(EmvPayload payload) implements EmvParse {}

    /** The check value printed is not the one computed: damaged, cut short, or altered. */
    record CrcMismatch(String printed, String computed) implements EmvParse {}

    /** The check value holds (or cannot be found), but the structure is wrong; the reason says where. */
    record Malformed(String reason) implements EmvParse {}
}
