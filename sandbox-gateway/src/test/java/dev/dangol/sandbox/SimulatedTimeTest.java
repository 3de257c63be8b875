package dev.dangol.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Simulated time runs scheduled work in order, each at its own due time, without waiting for real. */
class SimulatedTimeTest {

    private static final Instant START = Instant.parse("2026-03-10T00:00:00Z");

    @Test
    void sleepingRunsDueTasksInOrderAtTheirOwnTime() {
        SimulatedTime time = new SimulatedTime(START);
        List<String> ran = new ArrayList<>();
        time.schedule(Duration.ofSeconds(3), () -> ran.add("c@" + time.now()));
        time.schedule(Duration.ofSeconds(1), () -> ran.add("a@" + time.now()));
        time.schedule(Duration.ofSeconds(1), () -> ran.add("b@" + time.now()));
        time.schedule(Duration.ofSeconds(9), () -> ran.add("never"));

        time.sleep(Duration.ofSeconds(5));

        assertThat(ran)
                .containsExactly("a@" + START.plusSeconds(1), "b@" + START.plusSeconds(1), "c@" + START.plusSeconds(3));
        assertThat(time.clock().instant()).isEqualTo(START.plusSeconds(5));
        assertThat(time.pendingTasks()).isEqualTo(1);
    }

    @Test
    void aTaskMayScheduleAnotherThatFallsDueOnTheSameSleep() {
        SimulatedTime time = new SimulatedTime(START);
        List<Instant> ran = new ArrayList<>();
        time.schedule(Duration.ofSeconds(1), () -> {
            ran.add(time.now());
            time.schedule(Duration.ofSeconds(1), () -> ran.add(time.now()));
        });

        time.advance(Duration.ofSeconds(2));

        assertThat(ran).containsExactly(START.plusSeconds(1), START.plusSeconds(2));
    }
}
