package dev.dangol.payment.internal;

import dev.dangol.shared.PersonId;
import dev.dangol.shared.ProgramId;
import dev.dangol.wallet.PaymentId;
import java.time.Instant;
import java.util.Optional;

/**
 * Where consumer codes are kept, shared by every server node ({@link JdbcConsumerCodeStore}). Each method is one
 * atomic step, so that two nodes racing for one code never both win; the rules are in {@link ConsumerCodeBook}.
 */
interface ConsumerCodeStore {

    /** A code as stored; {@code payment} is the payment that claimed it, or null. */
    record Stored(
            String code,
            PersonId person,
            ProgramId program,
            Instant expiresAt,
            ConsumerCodeBook.State state,
            PaymentId payment) {}

    /**
     * Adds an open code and makes it the person's current code of the program; the previous current code, if still
     * open, becomes {@code REPLACED}. Returns false, having changed nothing, if the code exists already or another
     * code was made current at the same moment: the caller tries again with a new code.
     */
    boolean issue(String code, PersonId person, ProgramId program, Instant expiresAt);

    Optional<Stored> find(String code);

    /** Claims an open code that has not expired at {@code now} for the payment; false if it is not such a code. */
    boolean claim(String code, PaymentId payment, Instant now);

    /** Marks the code claimed by the payment as used. */
    void used(String code, PaymentId payment);

    /** Opens the code claimed by the payment again, or marks it replaced if a newer code was issued meanwhile. */
    void release(String code, PaymentId payment);

    /** Deletes at most {@code max} codes that expired at or before {@code expiredBy}; returns how many. */
    int forget(Instant expiredBy, int max);

    /** How many codes are stored. */
    long count();
}
