package dev.dangol.loadgen;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;

/**
 * What the sandbox gateway says it charged, read from its admin API ({@code GET /admin/captures} and every page of
 * {@code GET /admin/payments}).
 *
 * @param capturedCount approved less cancelled
 * @param ordersCapturedTwice payers with two live captures for one order description
 */
public record GatewayBook(long capturedCount, long capturedKrw, long ordersCapturedTwice, List<Payment> payments) {

    /** One key's payment: {@code APPROVED}, {@code DECLINED} or {@code CANCELLED}. */
    public record Payment(String key, String payer, String status, long amountKrw) {}

    public static final int PAYMENTS_MAX = 5_000_000;

    public GatewayBook {
        payments = List.copyOf(payments);
    }

    public static GatewayBook read(URI admin) throws Exception {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        JsonNode captures = get(http, admin.resolve("/admin/captures")).path("captures");
        List<Payment> payments = new ArrayList<>();
        long after = 0;
        while (payments.size() < PAYMENTS_MAX) {
            JsonNode page = get(http, admin.resolve("/admin/payments?after=" + after + "&limit=1000"));
            JsonNode list = page.path("payments");
            if (list.isEmpty()) {
                break;
            }
            for (JsonNode p : list) {
                payments.add(new Payment(
                        p.path("idempotencyKey").asString(""),
                        p.path("payer").asString(""),
                        p.path("status").asString(""),
                        p.path("amount").asLong()));
                after = p.path("sequence").asLong();
            }
        }
        return new GatewayBook(
                captures.path("capturedCount").asLong(),
                captures.path("capturedKrw").asLong(),
                captures.path("ordersCapturedTwice").asLong(),
                payments);
    }

    private static JsonNode get(HttpClient http, URI uri) throws Exception {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(uri + " answered " + response.statusCode());
        }
        return DangolHttp.parse(response.body());
    }
}
