package dev.dangol.gateway.internal;

/** The three calls of the payment gateway port, as metrics name them. */
enum Operation {
    CHARGE("charge"),
    INQUIRE("inquire"),
    CANCEL("cancel");

    private final String tag;

    Operation(String tag) {
        this.tag = tag;
    }

    String tag() {
        return tag;
    }
}
