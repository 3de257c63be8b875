package dev.dangol.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Signs people in over HTTP as a client would: starts an identity verification, reads the code from the answer (tests
 * run with {@code dangol.identity.dev-codes=true}, the default) and completes it. Operators are the demo operator
 * ({@link #demoOperator()}, with {@code dangol.demo.enabled=true}) or a number listed in {@code
 * dangol.identity.operators}.
 *
 * <p>A server allows 5 codes a number an hour, and test classes that share a Spring context share its server, so a
 * session is reused for as long as the server still accepts it: {@code signIn} verifies a number again only when the
 * last session it got for that number on that server has ended.
 */
public final class TestSessions {

    public static final String DEMO_OPERATOR_NAME = "최운영";
    public static final String DEMO_OPERATOR_PHONE = "010-1000-0009";

    /** Sessions by server and number; bounded, since a test run starts only a few servers. */
    private static final Map<String, SignedIn> OPEN = new ConcurrentHashMap<>();

    private static final int OPEN_MAX = 1_000;
    private static final AtomicInteger NEXT_PHONE = new AtomicInteger(1);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final URI server;
    private final HttpClient http = HttpClient.newHttpClient();

    /** @param port where the application under test listens on 127.0.0.1 ({@code local.server.port}) */
    public TestSessions(int port) {
        this.server = URI.create("http://127.0.0.1:" + port);
    }

    /** A signed-in member: the session's bearer token and the member's id. */
    public record SignedIn(String token, String personId) {

        public SignedIn {
            Objects.requireNonNull(token, "token");
            Objects.requireNonNull(personId, "personId");
        }

        /** The value of the {@code Authorization} header that carries this session. */
        public String authorization() {
            return "Bearer " + token;
        }
    }

    /**
     * Signs a member in (signing them up if the number is new), or returns their session from an earlier call if it is
     * still open. A member registered earlier under the same name and number keeps their id.
     */
    public SignedIn signIn(String name, String phone) {
        String key = server + " " + phone + " " + name;
        SignedIn open = OPEN.get(key);
        if (open != null && stillOpen(open)) {
            return open;
        }
        SignedIn fresh = verify(name, phone);
        if (OPEN.size() >= OPEN_MAX) {
            OPEN.clear();
        }
        OPEN.put(key, fresh);
        return fresh;
    }

    /** The demo's operator (최운영, 010-1000-0009), who holds the operator role. */
    public SignedIn demoOperator() {
        return signIn(DEMO_OPERATOR_NAME, DEMO_OPERATOR_PHONE);
    }

    /**
     * A mobile number no other test in this run uses ({@code 010-6ppp-nnnn}, {@code ppp} from the process id), for
     * signing up a new member.
     */
    public static String newPhone() {
        return "010-6%03d-%04d".formatted(ProcessHandle.current().pid() % 1000, NEXT_PHONE.getAndIncrement() % 10_000);
    }

    private boolean stillOpen(SignedIn signedIn) {
        HttpResponse<String> me = send(HttpRequest.newBuilder(server.resolve("/api/v1/me"))
                .header("Authorization", signedIn.authorization())
                .GET());
        return me.statusCode() == 200;
    }

    private SignedIn verify(String name, String phone) {
        JsonNode started = ok(
                201,
                post(
                        "/api/v1/identity/verifications",
                        JSON.createObjectNode().put("name", name).put("phone", phone)));
        String code = started.path("devCode").asString("");
        if (code.isEmpty()) {
            throw new IllegalStateException("The server gave no devCode: run it with dangol.identity.dev-codes=true.");
        }
        JsonNode completed = ok(
                200,
                post(
                        "/api/v1/identity/verifications/"
                                + started.get("verificationId").asString() + "/complete",
                        JSON.createObjectNode().put("code", code)));
        return new SignedIn(
                completed.get("token").asString(),
                completed.get("person").get("id").asString());
    }

    private HttpResponse<String> post(String path, JsonNode body) {
        return send(HttpRequest.newBuilder(server.resolve(path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())));
    }

    private static JsonNode ok(int status, HttpResponse<String> response) {
        if (response.statusCode() != status) {
            throw new IllegalStateException("Signing in failed: " + response.statusCode() + " " + response.body());
        }
        return JSON.readTree(response.body());
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("Could not reach " + server, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while signing in", e);
        }
    }
}
