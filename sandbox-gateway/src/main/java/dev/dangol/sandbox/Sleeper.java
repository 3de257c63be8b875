package dev.dangol.sandbox;

import java.time.Duration;

/**
 * Waits out a reply's delay. {@link #REAL} sleeps the calling thread; {@link SimulatedTime} moves simulated time on,
 * so a simulated launch day of a million payments runs in seconds and replays exactly.
 */
@FunctionalInterface
public interface Sleeper {

    void sleep(Duration duration) throws InterruptedException;

    Sleeper REAL = duration -> {
        if (duration.isPositive()) {
            Thread.sleep(duration);
        }
    };
}
