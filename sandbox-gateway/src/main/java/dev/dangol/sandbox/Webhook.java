package dev.dangol.sandbox;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * A notification of a payment's final outcome. A duplicated webhook is the same object sent twice: the receiver
 * recognises a repeat by {@code eventId}.
 *
 * @param url where to post it: the charge's own URL, else the sandbox's configured one, else null (an HTTP sender then
 *     has nowhere to send it; a sink in the same process needs no URL)
 */
public record Webhook(String eventId, String url, Payment payment, Instant occurredAt) {

    public Webhook {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(payment, "payment");
        Objects.requireNonNull(occurredAt, "occurredAt");
    }

    /** {@code payment.approved}, {@code payment.declined} or {@code payment.cancelled}. */
    public String type() {
        return "payment." + payment.state().name().toLowerCase(Locale.ROOT);
    }
}
