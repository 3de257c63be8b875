package dev.dangol.sandbox;

import java.time.Duration;

/**
 * Runs work later: webhooks that are due after the answer, late or repeated. Real time uses {@link RealTimeScheduler};
 * a simulation uses {@link SimulatedTime}, where nothing waits for real.
 */
@FunctionalInterface
public interface Scheduler {

    void schedule(Duration delay, Runnable task);
}
