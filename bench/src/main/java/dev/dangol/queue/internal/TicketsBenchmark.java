package dev.dangol.queue.internal;

import dev.dangol.shared.PersonId;
import dev.dangol.shared.RoundId;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The waiting room's ticket: signing one at join (HMAC-SHA256 over round, person, place and time) and verifying one on
 * every status poll. It lives in the tickets' package (in the bench module) because {@link Tickets} is
 * package-private. Run with {@code bench/jmh.sh}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class TicketsBenchmark {

    private static final RoundId ROUND = RoundId.of("seoul-2022-r1");
    private static final Instant ISSUED = Instant.parse("2026-12-05T00:00:00Z");

    private Tickets tickets;
    private String ticket;
    private PersonId person;
    private String place;
    private long sequence;

    @Setup
    public void keys() {
        // Two keys as after a rotation: the first signs, both verify.
        tickets = Tickets.parse("k2:0123456789abcdef0123456789abcdef,k1:fedcba9876543210fedcba9876543210");
        person = PersonId.of("01JEXAMPLEPERSON0000000001");
        place = PlaceIds.of(0x0123_4567_89AB_CDEFL, 42L);
        ticket = tickets.issue(ROUND, person, place, ISSUED);
        if (!tickets.verify(ticket).person().equals(person)) {
            throw new IllegalStateException("the ticket does not verify");
        }
    }

    @Benchmark
    public String sign() {
        sequence++;
        return tickets.issue(ROUND, person, place, ISSUED.plusSeconds(sequence));
    }

    @Benchmark
    public Tickets.Claims verify() {
        return tickets.verify(ticket);
    }
}
