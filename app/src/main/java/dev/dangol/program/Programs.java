package dev.dangol.program;

import dev.dangol.shared.ProgramId;
import dev.dangol.shared.RoundId;
import java.util.List;
import java.util.Optional;

/** The catalogue of voucher programs and their rounds. */
public interface Programs {

    /** Defines a program, or returns it unchanged if one with the same id and rules exists. */
    Program define(Program program);

    Optional<Program> program(ProgramId id);

    List<Program> programs();

    /**
     * Schedules a round and issues its budget in the ledger. Defining the same round again returns it unchanged.
     *
     * @throws dev.dangol.shared.Rejection if the program is unknown ({@code PROGRAM_NOT_FOUND}), the budget or the
     *     per-person cap is not a multiple of the purchase unit, or another round has the id
     */
    Round schedule(Round round);

    Optional<Round> round(RoundId id);

    List<Round> rounds(ProgramId program);

    /** Pauses, resumes or closes a round. A closed round stays closed. */
    Round setStatus(RoundId id, RoundStatus status);

    RoundBudget budget(RoundId id);

    /** The round and its phase now. */
    RoundPhase phase(Round round);
}
