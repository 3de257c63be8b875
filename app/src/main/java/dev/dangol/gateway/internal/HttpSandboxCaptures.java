package dev.dangol.gateway.internal;

import dev.dangol.gateway.CaptureTotals;
import dev.dangol.gateway.CapturedPayment;
import dev.dangol.gateway.GatewayCaptures;
import dev.dangol.gateway.PaymentResult;
import dev.dangol.gateway.PaymentStatus;
import dev.dangol.shared.Money;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the sandbox gateway's captures from its admin API ({@code GET /admin/captures}, {@code GET /admin/payments}).
 * Meant for end-of-run checks and reconciliation, not for the payment path: a failure to read throws {@link
 * IllegalStateException} with the reason.
 */
final class HttpSandboxCaptures implements GatewayCaptures {

    private static final int ANSWER_MAX_BYTES = 4 * 1024 * 1024;

    private final URI base;
    private final HttpClient http;
    private final JsonMapper json;
    private final Duration timeout;

    HttpSandboxCaptures(URI base, HttpClient http, JsonMapper json, Duration timeout) {
        this.base = Objects.requireNonNull(base, "base");
        this.http = Objects.requireNonNull(http, "http");
        this.json = Objects.requireNonNull(json, "json");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
    }

    @Override
    public CaptureTotals totals() {
        JsonNode c = read("/admin/captures").path("captures");
        return new CaptureTotals(
                c.path("keys").asLong(),
                c.path("approvedCount").asLong(),
                Money.krw(c.path("approvedKrw").asLong()),
                c.path("declinedCount").asLong(),
                c.path("cancelledCount").asLong(),
                Money.krw(c.path("cancelledKrw").asLong()),
                c.path("capturedCount").asLong(),
                Money.krw(c.path("capturedKrw").asLong()),
                c.path("ordersCapturedTwice").asLong());
    }

    @Override
    public List<CapturedPayment> payments(long afterSequence, int limit) {
        if (limit < 1 || limit > 1_000) {
            throw new IllegalArgumentException("a page holds 1 to 1000 payments, asked for " + limit);
        }
        JsonNode page = read("/admin/payments?after=" + afterSequence + "&limit=" + limit);
        List<CapturedPayment> payments = new ArrayList<>();
        for (JsonNode p : page.path("payments")) {
            PaymentResult result = new PaymentResult(
                    p.path("idempotencyKey").asString(),
                    PaymentStatus.valueOf(p.path("status").asString()),
                    p.path("reference").asString(),
                    Money.krw(p.path("amount").asLong()),
                    p.path("reason").isString() ? p.path("reason").asString() : null);
            payments.add(new CapturedPayment(
                    p.path("sequence").asLong(),
                    result,
                    p.path("payer").asString(),
                    p.path("description").asString()));
        }
        return payments;
    }

    private JsonNode read(String path) {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path))
                .timeout(timeout)
                .GET()
                .build();
        try {
            HttpResponse<byte[]> response = http.send(
                    request,
                    HttpResponse.BodyHandlers.limiting(HttpResponse.BodyHandlers.ofByteArray(), ANSWER_MAX_BYTES));
            if (response.statusCode() != 200) {
                throw new IllegalStateException(
                        "the sandbox gateway at " + base + " answered " + response.statusCode() + " to " + path);
            }
            return json.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException("could not read " + path + " from the sandbox gateway at " + base, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading the sandbox gateway's captures", e);
        }
    }
}
