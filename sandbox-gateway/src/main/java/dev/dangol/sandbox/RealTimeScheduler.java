package dev.dangol.sandbox;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Runs scheduled work in real time: one timer thread waits for what is due and hands each task to a virtual thread of
 * its own, so a slow webhook receiver holds up no other webhook. The number of tasks is bounded by whoever schedules
 * them (the sandbox caps its pending webhooks).
 */
public final class RealTimeScheduler implements Scheduler, AutoCloseable {

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("sandbox-timer").factory());
    private final ExecutorService workers = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("sandbox-task-", 0).factory());

    /** Schedules a task; after {@link #close()} every task is refused with {@link RejectedExecutionException}. */
    @Override
    public void schedule(Duration delay, Runnable task) {
        timer.schedule(
                () -> {
                    try {
                        workers.execute(task);
                    } catch (RejectedExecutionException e) {
                        // Closed while the task waited: it is dropped with the rest of the sandbox.
                    }
                },
                Math.max(0, delay.toNanos()),
                TimeUnit.NANOSECONDS);
    }

    /** Drops every task not yet run and interrupts those running. */
    @Override
    public void close() {
        timer.shutdownNow();
        workers.shutdownNow();
    }
}
