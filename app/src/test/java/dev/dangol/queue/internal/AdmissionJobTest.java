package dev.dangol.queue.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.dangol.gateway.GatewayHealth;
import dev.dangol.ledger.Ledgers;
import dev.dangol.program.ProgramCatalogs;
import dev.dangol.program.ProgramDefaults;
import dev.dangol.program.Programs;
import dev.dangol.program.Round;
import dev.dangol.program.RoundStatus;
import dev.dangol.shared.Money;
import dev.dangol.shared.PersonId;
import dev.dangol.shared.ProgramId;
import dev.dangol.shared.RoundId;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The admission job keeps admitting while every carrier thread of the virtual threads is busy: in a launch's opening
 * surge the requests' virtual threads hold the carriers, and admission is the one thing that must not wait for them.
 */
class AdmissionJobTest {

    private static final ProgramId SEOUL = ProgramId.of("seoul-love");
    private static final RoundId ROUND = RoundId.of("seoul-job");
    private static final Clock CLOCK = Clock.systemUTC();

    @TempDir
    Path queueDirectory;

    @Test
    @Timeout(60)
    void admissionGoesOnWhileVirtualThreadsHoldEveryCarrier() throws Exception {
        WaitingRoomRules rules = openRound();
        for (int i = 0; i < 100; i++) {
            rules.join(ROUND, PersonId.of("person-" + i), Money.krw(10_000));
        }
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        QueueConfiguration.AdmissionJob job = new QueueConfiguration()
                .admissionJob(
                        rules, CLOCK, Duration.ofMillis(50), Duration.ofSeconds(5), Duration.ofMinutes(10), meters);

        // More spinning virtual threads than carriers: none of them ever parks, so no other virtual thread runs
        // until they end.
        AtomicBoolean spin = new AtomicBoolean(true);
        List<Thread> hogs = new ArrayList<>();
        int carriers = Runtime.getRuntime().availableProcessors();
        for (int i = 0; i < carriers * 2; i++) {
            hogs.add(Thread.ofVirtual().start(() -> {
                long sink = 0;
                while (spin.get()) {
                    sink += System.nanoTime() & 1;
                }
                if (sink == -1) {
                    throw new AssertionError("unreachable");
                }
            }));
        }
        try {
            job.start();
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> rules.overview(ROUND).admitted() > 0);
            assertThat(hogs)
                    .as("the carriers were still held when admission went on")
                    .allMatch(Thread::isAlive);
        } finally {
            spin.set(false);
            job.stop();
            for (Thread hog : hogs) {
                hog.join();
            }
            rules.close();
        }
        assertThat(job.isRunning()).isFalse();
        assertThat(meters.get("dangol.queue.admission.gap").timer().count()).isPositive();
    }

    @Test
    @Timeout(60)
    void aStoppedJobAdmitsNobodyAndStartsAgain() throws Exception {
        WaitingRoomRules rules = openRound();
        QueueConfiguration.AdmissionJob job = new QueueConfiguration()
                .admissionJob(
                        rules,
                        CLOCK,
                        Duration.ofMillis(20),
                        Duration.ofSeconds(5),
                        Duration.ofMinutes(10),
                        new SimpleMeterRegistry());
        try {
            job.start();
            job.stop();
            assertThat(job.isRunning()).isFalse();
            rules.join(ROUND, PersonId.of("after-stop"), Money.krw(10_000));
            Thread.sleep(200);
            assertThat(rules.overview(ROUND).admitted())
                    .as("ten steps' time after the stop")
                    .isZero();

            job.start();
            assertThat(job.isRunning()).isTrue();
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> rules.overview(ROUND).admitted() == 1);
        } finally {
            job.stop();
            rules.close();
        }
    }

    /** An embedded waiting room with one round, open since a second ago. */
    private WaitingRoomRules openRound() {
        Programs programs = ProgramCatalogs.inMemory(Ledgers.inMemory(CLOCK), CLOCK);
        programs.define(ProgramDefaults.regional(SEOUL, "Seoul Love", "11000"));
        programs.schedule(new Round(
                ROUND,
                SEOUL,
                "Job",
                Money.krw(100_000_000),
                Instant.now(CLOCK).minusSeconds(1),
                null,
                Money.krw(400_000),
                700,
                RoundStatus.ACTIVE));
        return (WaitingRoomRules)
                MemoryWaitingRooms.open(programs, GatewayHealth.NO_REPORTS, CLOCK, queueDirectory, false);
    }
}
