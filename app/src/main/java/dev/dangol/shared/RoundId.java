package dev.dangol.shared;

/** The id of a round. */
public record RoundId(String value) {

    public RoundId {
        Ids.require(value, "a round id");
    }

    public static RoundId of(String value) {
        return new RoundId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
