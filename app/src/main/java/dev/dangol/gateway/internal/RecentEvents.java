package dev.dangol.gateway.internal;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The ids of the last webhooks received, to drop an exact repeat cheaply before it reaches the listeners. Listeners
 * stay idempotent all the same: a repeat older than the last {@code eventsMax} events gets through.
 */
final class RecentEvents {

    private final Map<String, Boolean> seen;

    RecentEvents(int eventsMax) {
        if (eventsMax < 1) {
            throw new IllegalArgumentException("remember at least one event");
        }
        this.seen = new LinkedHashMap<>() {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
                return size() > eventsMax;
            }
        };
    }

    /** Whether this is the first time the event arrives (as far as the last events tell); remembers it. */
    synchronized boolean firstTime(String eventId) {
        return seen.put(eventId, Boolean.TRUE) == null;
    }
}
