package dev.dangol.shared;

/** The id of a program. */
public record ProgramId(String value) {

    public ProgramId {
        Ids.require(value, "a program id");
    }

    public static ProgramId of(String value) {
        return new ProgramId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
