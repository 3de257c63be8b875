package dev.dangol.acceptance.internal;

import dev.dangol.acceptance.IssuedCode;
import dev.dangol.acceptance.Operator;
import java.time.Instant;
import java.util.List;

/** Where issued codes are kept: the {@code issued_code} table, or memory in tests. */
interface IssuedCodeStore {

    /** What putting a code did. */
    enum Put {
        ADDED,
        /** The same code for the same merchant was already held. */
        UNCHANGED,
        /** The operator's code is already held for another merchant or date; nothing was changed. */
        CONFLICT
    }

    Put put(IssuedCode code, Instant recordedAt);

    /** The codes held for exactly this text, one per operator at most. */
    List<IssuedCode> byPayload(String payload);

    /** The one held by this operator for this text, or null. */
    IssuedCode held(Operator operator, String payload);

    /** Codes in (operator, payload) order after the given one (null: from the start), at most {@code limit}. */
    List<IssuedCode> page(IssuedCode after, int limit);

    /** Texts held by more than one operator, at most {@code limit}, in order. */
    List<String> sharedPayloads(int limit);

    /** How many texts more than one operator holds. */
    int sharedPayloadCount();
}
