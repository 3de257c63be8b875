package dev.dangol.program.internal;

import dev.dangol.program.Program;
import dev.dangol.program.Round;
import dev.dangol.shared.ProgramId;
import dev.dangol.shared.RoundId;
import java.util.List;
import java.util.Optional;

/** Where programs and rounds are kept. */
interface ProgramRepository {

    /** Inserts the program unless one with its id exists; returns the one stored. */
    Program insertIfAbsent(Program program);

    Optional<Program> program(ProgramId id);

    List<Program> programs();

    Round insertIfAbsent(Round round);

    Optional<Round> round(RoundId id);

    List<Round> rounds(ProgramId program);

    void updateStatus(RoundId id, dev.dangol.program.RoundStatus status);
}
