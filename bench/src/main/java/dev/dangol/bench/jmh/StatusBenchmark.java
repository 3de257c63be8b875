package dev.dangol.bench.jmh;

import dev.dangol.gateway.GatewayHealth;
import dev.dangol.ledger.Ledger;
import dev.dangol.ledger.Ledgers;
import dev.dangol.program.ProgramCatalogs;
import dev.dangol.program.ProgramDefaults;
import dev.dangol.program.Programs;
import dev.dangol.program.Round;
import dev.dangol.program.RoundStatus;
import dev.dangol.queue.Place;
import dev.dangol.queue.QueueStatus;
import dev.dangol.queue.WaitingRoom;
import dev.dangol.queue.WaitingRooms;
import dev.dangol.shared.Money;
import dev.dangol.shared.PersonId;
import dev.dangol.shared.ProgramId;
import dev.dangol.shared.RoundId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A status poll on the embedded waiting room, without HTTP: the ticket's verification, the person's place, the
 * round's counters, the wait range, the chance of stock and the next poll interval, for a random one of
 * {@code waiting} people in an opened round. This is the work behind {@code GET /api/v1/rounds/{id}/queue/status}
 * (docs/benchmarks.md compares the whole HTTP path with the server's ping).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class StatusBenchmark {

    private static final ProgramId PROGRAM = ProgramId.of("bench-seoul");
    private static final RoundId ROUND = RoundId.of("bench-seoul-r1");
    private static final Instant OPENED = Instant.parse("2026-12-05T01:00:00Z");

    @Param({"100000"})
    public int waiting;

    private Ledger ledger;
    private WaitingRoom room;
    private Path directory;
    private String[] tickets;
    private PersonId[] people;

    @Setup(Level.Trial)
    public void queue() throws Exception {
        Clock clock = Clock.fixed(OPENED.plus(Duration.ofMinutes(5)), ZoneOffset.UTC);
        ledger = Ledgers.inMemory(clock);
        Programs programs = ProgramCatalogs.inMemory(ledger, clock);
        programs.define(ProgramDefaults.regional(PROGRAM, "Seoul Love", "11000"));
        programs.schedule(new Round(
                ROUND,
                PROGRAM,
                "Benchmark round",
                Money.krw(25_000_000_000L),
                OPENED,
                null,
                Money.krw(400_000),
                700,
                RoundStatus.ACTIVE));
        directory = Files.createTempDirectory("dangol-status-bench");
        room = WaitingRooms.inMemory(programs, GatewayHealth.NO_REPORTS, clock, directory, false);
        tickets = new String[waiting];
        people = new PersonId[waiting];
        for (int i = 0; i < waiting; i++) {
            people[i] = PersonId.of(String.format(Locale.ROOT, "bench-person-%07d", i));
            Place place = room.join(ROUND, people[i], null);
            tickets[i] = place.ticket();
        }
    }

    @TearDown(Level.Trial)
    public void close() throws Exception {
        if (room instanceof AutoCloseable closeable) {
            closeable.close();
        }
        if (ledger instanceof AutoCloseable closeable) {
            closeable.close();
        }
        try (Stream<Path> files = Files.walk(directory)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    @State(Scope.Thread)
    public static class Caller {
        final SplittableRandom random = new SplittableRandom(42);
    }

    @Benchmark
    public QueueStatus poll(Caller caller) {
        int i = caller.random.nextInt(waiting);
        return room.status(ROUND, tickets[i], people[i]);
    }
}
