package dev.dangol.testing;

import java.time.Instant;
import java.time.ZoneOffset;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

/**
 * Puts a {@link MutableClock} in front of the application's clock: {@code @Import(ClockControl.class)} in a Spring
 * test, then inject {@code MutableClock} to move time. Every bean that takes a {@code Clock} gets this one.
 */
@TestConfiguration(proxyBeanMethods = false)
public class ClockControl {

    /** Where the clock starts: a weekday morning in Seoul, well inside a calendar month. */
    public static final Instant START = Instant.parse("2026-03-10T00:00:00Z");

    @Bean
    @Primary
    MutableClock mutableClock() {
        return new MutableClock(START, ZoneOffset.UTC);
    }
}
