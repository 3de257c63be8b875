package dev.dangol.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Objects;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Dangol's JSON API over real HTTP, as a client on another machine would call it: the JDK's {@link HttpClient}, a
 * bearer token or none, and the answer as it came (status, headers, body). Every call is bounded by a timeout, so a
 * test never hangs on a server that stopped answering.
 */
public final class JsonApi {

    public static final JsonMapper JSON = JsonMapper.builder().build();

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final URI server;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** @param port where the application under test listens on 127.0.0.1 ({@code local.server.port}) */
    public JsonApi(int port) {
        this.server = URI.create("http://127.0.0.1:" + port);
    }

    /** An answer as it came over the wire. */
    public record Answer(String method, String path, int status, HttpHeaders headers, String body) {

        public Answer {
            Objects.requireNonNull(headers, "headers");
            Objects.requireNonNull(body, "body");
        }

        /** The body read as JSON (an empty body reads as a missing node). */
        public JsonNode json() {
            return body.isEmpty() ? JSON.missingNode() : JSON.readTree(body);
        }

        /** The problem's machine-readable {@code code}, or "" when the body has none. */
        public String code() {
            return json().path("code").asString("");
        }

        public String contentType() {
            return headers.firstValue("Content-Type").orElse("");
        }

        @Override
        public String toString() {
            return method + " " + path + " -> " + status + " " + body;
        }
    }

    /** A new JSON object, to build a request body with. */
    public static ObjectNode object() {
        return JSON.createObjectNode();
    }

    public Answer get(String path, String authorization, String... headers) {
        return send("GET", path, authorization, null, headers);
    }

    public Answer post(String path, String authorization, JsonNode body, String... headers) {
        return send("POST", path, authorization, body == null ? null : body.toString(), headers);
    }

    public Answer put(String path, String authorization, JsonNode body, String... headers) {
        return send("PUT", path, authorization, body == null ? null : body.toString(), headers);
    }

    public Answer delete(String path, String authorization, String... headers) {
        return send("DELETE", path, authorization, null, headers);
    }

    /**
     * Sends a request.
     *
     * @param authorization the {@code Authorization} header's value, or null for a request without a session
     * @param body the raw body (sent as JSON), or null for none
     * @param headers further headers as name, value, name, value, ...
     */
    public Answer send(String method, String path, String authorization, String body, String... headers) {
        if (headers.length % 2 != 0) {
            throw new IllegalArgumentException("headers come as name, value pairs");
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(server.resolve(path))
                .timeout(TIMEOUT)
                .header("Accept", "application/json, application/problem+json")
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.setHeader(headers[i], headers[i + 1]);
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(method, path, response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new IllegalStateException("Could not reach " + server + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while calling " + path, e);
        }
    }
}
