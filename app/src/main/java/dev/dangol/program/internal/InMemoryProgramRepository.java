package dev.dangol.program.internal;

import dev.dangol.program.Program;
import dev.dangol.program.Round;
import dev.dangol.program.RoundStatus;
import dev.dangol.shared.ProgramId;
import dev.dangol.shared.RoundId;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Programs and rounds in memory, for fast tests and simulations. */
final class InMemoryProgramRepository implements ProgramRepository {

    private final Map<ProgramId, Program> programs = new ConcurrentHashMap<>();
    private final Map<RoundId, Round> rounds = new ConcurrentHashMap<>();

    @Override
    public Program insertIfAbsent(Program program) {
        return programs.computeIfAbsent(program.id(), id -> program);
    }

    @Override
    public Optional<Program> program(ProgramId id) {
        return Optional.ofNullable(programs.get(id));
    }

    @Override
    public List<Program> programs() {
        return programs.values().stream()
                .sorted(Comparator.comparing(p -> p.id().value()))
                .toList();
    }

    @Override
    public Round insertIfAbsent(Round round) {
        return rounds.computeIfAbsent(round.id(), id -> round);
    }

    @Override
    public Optional<Round> round(RoundId id) {
        return Optional.ofNullable(rounds.get(id));
    }

    @Override
    public List<Round> rounds(ProgramId program) {
        return rounds.values().stream()
                .filter(r -> r.programId().equals(program))
                .sorted(Comparator.comparing(Round::opensAt))
                .toList();
    }

    @Override
    public void updateStatus(RoundId id, RoundStatus status) {
        rounds.computeIfPresent(id, (key, round) -> round.withStatus(status));
    }
}
