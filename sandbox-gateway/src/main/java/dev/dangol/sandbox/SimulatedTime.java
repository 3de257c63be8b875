package dev.dangol.sandbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.Objects;
import java.util.PriorityQueue;

/**
 * Time that moves only when someone sleeps or advances it: a clock, a {@link Sleeper} and a {@link Scheduler} in one,
 * for simulations that must not wait for real and must replay exactly. Sleeping moves time on by the duration and
 * runs, in order, every task that falls due on the way, each at its own due time.
 *
 * <p>Made for one driving thread. Several threads may sleep at once, but each sleep moves the one shared time on, so
 * concurrent sleepers see time pass faster than any one of them slept.
 */
public final class SimulatedTime implements Sleeper, Scheduler {

    /** Scheduled tasks waiting at most; the sandbox's own bound on pending webhooks is smaller. */
    public static final int TASKS_MAX = 1_000_000;

    private record Task(Instant due, long order, Runnable action) {}

    private final Object lock = new Object();
    private final PriorityQueue<Task> tasks =
            new PriorityQueue<>(Comparator.comparing(Task::due).thenComparingLong(Task::order));
    private final ZoneId zone;
    private Instant now;
    private long scheduled;

    public SimulatedTime(Instant start) {
        this(start, ZoneOffset.UTC);
    }

    public SimulatedTime(Instant start, ZoneId zone) {
        this.now = Objects.requireNonNull(start, "start");
        this.zone = Objects.requireNonNull(zone, "zone");
    }

    /** A clock that reads this time. */
    public Clock clock() {
        return new View(zone);
    }

    public Instant now() {
        synchronized (lock) {
            return now;
        }
    }

    @Override
    public void sleep(Duration duration) {
        advance(duration);
    }

    /** Moves time on, running every task that falls due on the way at its due time. */
    public void advance(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("time only moves forward");
        }
        Instant target;
        synchronized (lock) {
            target = now.plus(duration);
        }
        while (true) {
            Task due;
            synchronized (lock) {
                Task next = tasks.peek();
                if (next == null || next.due().isAfter(target)) {
                    if (now.isBefore(target)) {
                        now = target;
                    }
                    return;
                }
                due = tasks.poll();
                if (due.due().isAfter(now)) {
                    now = due.due();
                }
            }
            due.action().run();
        }
    }

    /** Runs every task already due, without moving time. */
    public void runDue() {
        advance(Duration.ZERO);
    }

    @Override
    public void schedule(Duration delay, Runnable task) {
        synchronized (lock) {
            if (tasks.size() >= TASKS_MAX) {
                throw new IllegalStateException("at most " + TASKS_MAX + " simulated tasks may wait");
            }
            tasks.add(new Task(now.plus(delay.isNegative() ? Duration.ZERO : delay), scheduled++, task));
        }
    }

    public int pendingTasks() {
        synchronized (lock) {
            return tasks.size();
        }
    }

    private final class View extends Clock {
        private final ZoneId viewZone;

        private View(ZoneId viewZone) {
            this.viewZone = viewZone;
        }

        @Override
        public ZoneId getZone() {
            return viewZone;
        }

        @Override
        public Clock withZone(ZoneId other) {
            return new View(other);
        }

        @Override
        public Instant instant() {
            return now();
        }
    }
}
