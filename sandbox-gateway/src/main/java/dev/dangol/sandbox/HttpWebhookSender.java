package dev.dangol.sandbox;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import tools.jackson.databind.json.JsonMapper;

/**
 * Posts webhooks over HTTP, signed with {@link WebhookSigner}, and retries those not accepted (no 2xx answer) as card
 * gateways do: after {@link #RETRY_DELAYS} and then no more. A retry is signed afresh, with the time it is sent.
 *
 * <p>Bounded: each post waits at most {@link #POST_TIMEOUT}; at most {@link #RETRIES_PENDING_MAX} retries wait at once
 * (more are given up and counted as failed).
 */
public final class HttpWebhookSender implements WebhookSink {

    public static final Duration POST_TIMEOUT = Duration.ofSeconds(5);
    public static final List<Duration> RETRY_DELAYS = List.of(Duration.ofSeconds(1), Duration.ofSeconds(5));
    public static final int RETRIES_PENDING_MAX = 10_000;

    /**
     * @param delivered webhooks the receiver accepted (2xx)
     * @param retried posts tried again
     * @param failed webhooks given up on
     * @param nowhere webhooks with no URL to go to: neither the charge nor the settings named one
     */
    public record Deliveries(long delivered, long retried, long failed, long nowhere) {}

    private final HttpClient http;
    private final JsonMapper json;
    private final WebhookSigner signer;
    private final Clock clock;
    private final Scheduler scheduler;
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong retried = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong nowhere = new AtomicLong();
    private final AtomicLong retriesPending = new AtomicLong();

    public HttpWebhookSender(HttpClient http, JsonMapper json, WebhookSigner signer, Clock clock, Scheduler scheduler) {
        this.http = Objects.requireNonNull(http, "http");
        this.json = Objects.requireNonNull(json, "json");
        this.signer = Objects.requireNonNull(signer, "signer");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    }

    @Override
    public void deliver(Webhook webhook) {
        if (webhook.url() == null) {
            nowhere.incrementAndGet();
            return;
        }
        byte[] body = json.writeValueAsBytes(PaymentView.Event.of(webhook));
        attempt(webhook, body, 0);
    }

    public Deliveries deliveries() {
        return new Deliveries(delivered.get(), retried.get(), failed.get(), nowhere.get());
    }

    private void attempt(Webhook webhook, byte[] body, int retry) {
        if (post(webhook.url(), body)) {
            delivered.incrementAndGet();
            return;
        }
        if (retry >= RETRY_DELAYS.size() || retriesPending.get() >= RETRIES_PENDING_MAX) {
            failed.incrementAndGet();
            return;
        }
        retriesPending.incrementAndGet();
        retried.incrementAndGet();
        try {
            scheduler.schedule(RETRY_DELAYS.get(retry), () -> {
                retriesPending.decrementAndGet();
                attempt(webhook, body, retry + 1);
            });
        } catch (RuntimeException e) {
            // The scheduler is closing: the webhook is given up, as in a crash.
            retriesPending.decrementAndGet();
            failed.incrementAndGet();
        }
    }

    private boolean post(String url, byte[] body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(POST_TIMEOUT)
                .header("Content-Type", "application/json")
                .header(WebhookSigner.HEADER, signer.sign(clock.instant().getEpochSecond(), body))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        try {
            HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
            return response.statusCode() / 100 == 2;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
