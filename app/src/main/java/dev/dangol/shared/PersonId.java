package dev.dangol.shared;

/** The id of a person. */
public record PersonId(String value) {

    public PersonId {
        Ids.require(value, "a person id");
    }

    public static PersonId of(String value) {
        return new PersonId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
