package dev.dangol.program.internal;

import dev.dangol.program.Program;
import dev.dangol.program.Round;
import dev.dangol.program.RoundStatus;
import dev.dangol.shared.ProgramId;
import dev.dangol.shared.RoundId;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Programs and rounds are read on every purchase but change a few times a day, so their reads are served from
 * memory for a short time. A change made on this node is seen at once; one made on another node (an operator
 * pausing a round there) within {@code freshFor}. The ledger, not this cache, guards the budget and limits, so a
 * stale entry can at worst let a purchase in for a moment after a pause.
 */
final class CachedProgramRepository implements ProgramRepository {

    /** Programs and rounds held at most: far above any real number of them, so a flood of unknown ids cannot grow it. */
    private static final int ENTRIES_MAX = 10_000;

    private record Entry<T>(Optional<T> value, Instant readAt) {}

    private final ProgramRepository store;
    private final Clock clock;
    private final Duration freshFor;
    private final ConcurrentHashMap<ProgramId, Entry<Program>> programs = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<RoundId, Entry<Round>> rounds = new ConcurrentHashMap<>();

    CachedProgramRepository(ProgramRepository store, Clock clock, Duration freshFor) {
        this.store = store;
        this.clock = clock;
        this.freshFor = freshFor;
    }

    @Override
    public Program insertIfAbsent(Program program) {
        Program stored = store.insertIfAbsent(program);
        programs.remove(program.id());
        return stored;
    }

    @Override
    public Optional<Program> program(ProgramId id) {
        Entry<Program> entry = programs.get(id);
        Instant now = clock.instant();
        if (entry == null || !now.isBefore(entry.readAt().plus(freshFor))) {
            entry = new Entry<>(store.program(id), now);
            if (programs.size() >= ENTRIES_MAX) {
                programs.clear();
            }
            programs.put(id, entry);
        }
        return entry.value();
    }

    @Override
    public List<Program> programs() {
        return store.programs();
    }

    @Override
    public Round insertIfAbsent(Round round) {
        Round stored = store.insertIfAbsent(round);
        rounds.remove(round.id());
        return stored;
    }

    @Override
    public Optional<Round> round(RoundId id) {
        Entry<Round> entry = rounds.get(id);
        Instant now = clock.instant();
        if (entry == null || !now.isBefore(entry.readAt().plus(freshFor))) {
            entry = new Entry<>(store.round(id), now);
            if (rounds.size() >= ENTRIES_MAX) {
                rounds.clear();
            }
            rounds.put(id, entry);
        }
        return entry.value();
    }

    @Override
    public List<Round> rounds(ProgramId program) {
        return store.rounds(program);
    }

    @Override
    public void updateStatus(RoundId id, RoundStatus status) {
        store.updateStatus(id, status);
        rounds.remove(id);
    }
}
