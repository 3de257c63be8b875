package dev.dangol.acceptance.internal;

import dev.dangol.acceptance.Operator;

/** What reading a text as one of the previous operators' codes gave. */
sealed interface LegacyParse {

    /** The text has the operator's form and its check character holds. */
    record Valid(Operator operator) implements LegacyParse {}

    /** The text is recognisably the operator's but broken; the reason says how. */
    record Broken(Operator operator, String problem, String reason) implements LegacyParse {}

    /** The text is not in this operator's form at all. */
    record Foreign() implements LegacyParse {}

    LegacyParse FOREIGN = new Foreign();
}
