package dev.dangol.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dangol.program.FundingMethod;
import dev.dangol.shared.PersonId;
import dev.dangol.testing.ClockControl;
import dev.dangol.testing.MutableClock;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sign-up by identity verification, sessions, roles and funding sources over HTTP. Every bad request gets a clear
 * 4xx in problem+json and changes nothing: the members, sessions, roles and linked sources are the same afterwards.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"dangol.demo.enabled=true", "dangol.identity.operators=010-7777-0001"})
@Import(ClockControl.class)
abstract class IdentityApiIT {

    /** Each test signs up people of its own, so that the tests sharing this context do not meet. */
    private static final AtomicInteger NEXT_PHONE = new AtomicInteger(1);

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    Environment environment;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MutableClock clock;

    @Autowired
    FundingSources fundingSources;

    @Autowired
    Citizens citizens;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void signingUpOpensASessionThatServesMeAndFundingSources() throws Exception {
        String phone = newPhone();
        HttpResponse<String> started =
                send("POST", "/api/v1/identity/verifications", json("name", "김민준", "phone", phone), null);
        assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
        JsonNode verification = JSON.readTree(started.body());
        assertThat(verification.get("devCode").asString()).matches("[0-9]{6}");
        assertThat(verification.get("expiresAt").asString())
                .isEqualTo(clock.instant().plus(Duration.ofMinutes(3)).toString());

        HttpResponse<String> completed = complete(
                verification.get("verificationId").asString(),
                verification.get("devCode").asString());

        assertThat(completed.statusCode()).as(completed.body()).isEqualTo(200);
        JsonNode signedIn = JSON.readTree(completed.body());
        String token = signedIn.get("token").asString();
        String person = signedIn.get("person").get("id").asString();
        assertThat(signedIn.get("person").get("name").asString()).isEqualTo("김*준");
        assertThat(signedIn.get("person").get("phone").asString()).endsWith("-****");
        assertThat(signedIn.get("roles").toString()).isEqualTo("[\"CITIZEN\"]");
        assertThat(signedIn.get("idleExpiresAt").asString())
                .isEqualTo(clock.instant().plus(Duration.ofMinutes(30)).toString());
        assertThat(completed.headers().firstValue("Set-Cookie"))
                .hasValueSatisfying(cookie -> assertThat(cookie)
                        .startsWith("dangol_session=" + token + ";")
                        .contains("HttpOnly")
                        .contains("SameSite=Lax"));
        assertThat(completed.headers().firstValue("Cache-Control")).hasValue("no-store");

        HttpResponse<String> me = send("GET", "/api/v1/me", null, token);
        assertThat(me.statusCode()).as(me.body()).isEqualTo(200);
        assertThat(JSON.readTree(me.body()).get("person").get("id").asString()).isEqualTo(person);
        HttpResponse<String> byCookie = http.send(
                HttpRequest.newBuilder(uri("/api/v1/me"))
                        .header("Cookie", "dangol_session=" + token)
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(byCookie.statusCode()).isEqualTo(200);

        HttpResponse<String> account = send(
                "POST",
                "/api/v1/me/funding-sources",
                json("method", "BANK_ACCOUNT", "bankCode", "004", "accountNumber", "123-456-78-9012"),
                token);
        assertThat(account.statusCode()).as(account.body()).isEqualTo(201);
        assertThat(account.body())
                .contains("KB국민은행 ****9012")
                .doesNotContain("12345678")
                .doesNotContain("sbx_");
        String accountId = JSON.readTree(account.body()).get("id").asString();
        assertThat(account.headers().firstValue("Location")).hasValue("/api/v1/me/funding-sources/" + accountId);
        HttpResponse<String> card = send(
                "POST",
                "/api/v1/me/funding-sources",
                json("method", "CARD", "cardNumber", "4000 0000 0000 0002"),
                token);
        assertThat(card.statusCode()).as(card.body()).isEqualTo(201);
        assertThat(card.body()).contains("카드 ****0002").doesNotContain("4000000000000002");
        String cardId = JSON.readTree(card.body()).get("id").asString();
        HttpResponse<String> sameAccount = send(
                "POST",
                "/api/v1/me/funding-sources",
                json("method", "BANK_ACCOUNT", "bankCode", "004", "accountNumber", "12345678-9012"),
                token);
        assertThat(JSON.readTree(sameAccount.body()).get("id").asString()).isEqualTo(accountId);

        HttpResponse<String> list = send("GET", "/api/v1/me/funding-sources", null, token);
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(list.body())).hasSize(2);
        FundingSource charged =
                fundingSources.fundingSource(PersonId.of(person), cardId).orElseThrow();
        assertThat(charged.method()).isEqualTo(FundingMethod.CARD);
        assertThat(charged.gatewayToken()).contains("decline");
        assertThat(fundingSources
                        .fundingSource(PersonId.of(person), accountId)
                        .orElseThrow()
                        .gatewayToken())
                .doesNotContain("decline");

        assertThat(send("DELETE", "/api/v1/me/funding-sources/" + cardId, null, token)
                        .statusCode())
                .isEqualTo(204);
        assertThat(JSON.readTree(
                        send("GET", "/api/v1/me/funding-sources", null, token).body()))
                .hasSize(1);
        assertThat(fundingSources.fundingSource(PersonId.of(person), cardId)).isEmpty();
        assertProblem(
                send("DELETE", "/api/v1/me/funding-sources/" + cardId, null, token), 404, "FUNDING_SOURCE_NOT_FOUND");

        HttpResponse<String> signOut = send("DELETE", "/api/v1/me/session", null, token);
        assertThat(signOut.statusCode()).isEqualTo(204);
        assertThat(signOut.headers().firstValue("Set-Cookie"))
                .hasValueSatisfying(cookie ->
                        assertThat(cookie).startsWith("dangol_session=;").contains("Max-Age=0"));
        assertProblem(send("GET", "/api/v1/me", null, token), 401, "SESSION_ENDED");
        assertThat(send("DELETE", "/api/v1/me/session", null, token).statusCode())
                .isEqualTo(204);
    }

    @Test
    void signingInAgainFromAnotherDeviceFindsTheSamePerson() throws Exception {
        String phone = newPhone();
        JsonNode phoneSession = signIn("이서연", phone);
        JsonNode laptopSession = signIn("이 서연", phone);

        assertThat(laptopSession.get("person").get("id").asString())
                .isEqualTo(phoneSession.get("person").get("id").asString());
        assertThat(laptopSession.get("token").asString())
                .isNotEqualTo(phoneSession.get("token").asString());
        assertThat(send("GET", "/api/v1/me", null, phoneSession.get("token").asString())
                        .statusCode())
                .isEqualTo(200);
        assertThat(send("GET", "/api/v1/me", null, laptopSession.get("token").asString())
                        .statusCode())
                .isEqualTo(200);
    }

    @Test
    void aMemberRegisteredBeforeVerificationKeepsTheirIdWhenTheyVerify() throws Exception {
        String phone = newPhone();
        Citizen registered = citizens.register("박지호", phone);

        JsonNode signedIn = signIn("박지호", phone);

        assertThat(signedIn.get("person").get("id").asString())
                .isEqualTo(registered.id().value());
    }

    @Test
    void aNumberHeldByAnotherNameIsNotTakenAndNothingChanges() throws Exception {
        String phone = newPhone();
        citizens.register("홍길동", phone);
        JsonNode verification =
                JSON.readTree(send("POST", "/api/v1/identity/verifications", json("name", "김철수", "phone", phone), null)
                        .body());
        Counts before = counts();

        HttpResponse<String> taken = complete(
                verification.get("verificationId").asString(),
                verification.get("devCode").asString());

        assertProblem(taken, 409, "PHONE_HELD_BY_ANOTHER_MEMBER");
        assertThat(counts()).isEqualTo(before);
        assertThat(citizens.findByPhone(phone).orElseThrow().name()).isEqualTo("홍길동");
    }

    @Test
    void badVerificationRequestsAreRefusedWithAReasonAndChangeNothing() throws Exception {
        Counts before = counts();
        assertProblem(
                send("POST", "/api/v1/identity/verifications", json("name", "김민준", "phone", "02-123-4567"), null),
                400,
                "PHONE_INVALID");
        assertProblem(
                send("POST", "/api/v1/identity/verifications", json("name", "", "phone", newPhone()), null),
                400,
                "NAME_INVALID");
        assertProblem(send("POST", "/api/v1/identity/verifications", "{\"name\":", null), 400, "MALFORMED_REQUEST");
        assertProblem(send("POST", "/api/v1/identity/verifications", "", null), 400, "MALFORMED_REQUEST");
        assertProblem(complete("01ARZ3NDEKTSV4RRFFQ69G5FAV", "123456"), 404, "VERIFICATION_NOT_FOUND");

        String phone = newPhone();
        JsonNode verification =
                JSON.readTree(send("POST", "/api/v1/identity/verifications", json("name", "김민준", "phone", phone), null)
                        .body());
        String id = verification.get("verificationId").asString();
        String code = verification.get("devCode").asString();
        String wrong = "%06d".formatted((Integer.parseInt(code) + 1) % 1_000_000);
        assertProblem(complete(id, "12345"), 400, "CODE_INVALID");
        HttpResponse<String> wrongOnce = complete(id, wrong);
        assertProblem(wrongOnce, 422, "CODE_WRONG");
        assertThat(JSON.readTree(wrongOnce.body()).get("triesLeft").asInt()).isEqualTo(4);
        for (int i = 0; i < 3; i++) {
            assertProblem(complete(id, wrong), 422, "CODE_WRONG");
        }
        assertProblem(complete(id, wrong), 422, "TOO_MANY_TRIES");
        assertProblem(complete(id, code), 422, "TOO_MANY_TRIES");

        JsonNode late =
                JSON.readTree(send("POST", "/api/v1/identity/verifications", json("name", "김민준", "phone", phone), null)
                        .body());
        clock.advance(Duration.ofMinutes(3));
        assertProblem(
                complete(
                        late.get("verificationId").asString(),
                        late.get("devCode").asString()),
                422,
                "VERIFICATION_EXPIRED");

        assertThat(counts()).isEqualTo(before);
    }

    @Test
    void missingForgedExpiredAndSignedOutSessionsAreRefusedWith401() throws Exception {
        Counts before = counts();
        HttpResponse<String> missing = send("GET", "/api/v1/me", null, null);
        assertProblem(missing, 401, "SIGN_IN_REQUIRED");
        assertThat(missing.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        assertProblem(send("GET", "/api/v1/me", null, "A".repeat(43)), 401, "SESSION_INVALID");
        assertProblem(send("GET", "/api/v1/me", null, "forged"), 401, "SESSION_INVALID");
        HttpResponse<String> basic = http.send(
                HttpRequest.newBuilder(uri("/api/v1/me"))
                        .header("Authorization", "Basic dXNlcjpwYXNz")
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertProblem(basic, 401, "SESSION_INVALID");
        assertProblem(
                send(
                        "POST",
                        "/api/v1/me/funding-sources",
                        json("method", "CARD", "cardNumber", "4242424242424242"),
                        null),
                401,
                "SIGN_IN_REQUIRED");
        assertThat(counts()).isEqualTo(before);

        String token = signIn("정하늘", newPhone()).get("token").asString();
        clock.advance(Duration.ofMinutes(29));
        assertThat(send("GET", "/api/v1/me", null, token).statusCode()).isEqualTo(200);
        clock.advance(Duration.ofMinutes(30));
        HttpResponse<String> expired = send("GET", "/api/v1/me", null, token);
        assertProblem(expired, 401, "SESSION_EXPIRED");
        assertThat(JSON.readTree(expired.body()).get("detail").asString())
                .isEqualTo("Sign in again: your session ended after 30 minutes without use.");
    }

    @Test
    void badFundingSourceRequestsAreRefusedAndLinkNothing() throws Exception {
        String token = signIn("최민서", newPhone()).get("token").asString();
        String other = signIn("강도윤", newPhone()).get("token").asString();
        HttpResponse<String> othersCard = send(
                "POST", "/api/v1/me/funding-sources", json("method", "CARD", "cardNumber", "4242424242424242"), other);
        String othersCardId = JSON.readTree(othersCard.body()).get("id").asString();
        Counts before = counts();

        assertProblem(
                send(
                        "POST",
                        "/api/v1/me/funding-sources",
                        json("method", "BANK_ACCOUNT", "bankCode", "4", "accountNumber", "1234567890"),
                        token),
                400,
                "BANK_CODE_INVALID");
        assertProblem(
                send(
                        "POST",
                        "/api/v1/me/funding-sources",
                        json("method", "BANK_ACCOUNT", "bankCode", "004", "accountNumber", "12"),
                        token),
                400,
                "ACCOUNT_NUMBER_INVALID");
        HttpResponse<String> badCard = send(
                "POST", "/api/v1/me/funding-sources", json("method", "CARD", "cardNumber", "4242424242424241"), token);
        assertProblem(badCard, 400, "CARD_NUMBER_INVALID");
        assertThat(badCard.body()).doesNotContain("4242424242424241");
        assertProblem(send("POST", "/api/v1/me/funding-sources", "{}", token), 400, "FIELD_MISSING");
        assertProblem(
                send("POST", "/api/v1/me/funding-sources", json("method", "BITCOIN"), token), 400, "MALFORMED_REQUEST");
        assertProblem(
                send("DELETE", "/api/v1/me/funding-sources/" + othersCardId, null, token),
                404,
                "FUNDING_SOURCE_NOT_FOUND");
        assertProblem(
                send("DELETE", "/api/v1/me/funding-sources/no-such-source", null, token),
                404,
                "FUNDING_SOURCE_NOT_FOUND");

        assertThat(counts()).isEqualTo(before);
        assertThat(JSON.readTree(
                        send("GET", "/api/v1/me/funding-sources", null, other).body()))
                .hasSize(1);
    }

    @Test
    void onlyOperatorsGrantRolesAndTheGrantReachesOpenSessions() throws Exception {
        JsonNode demoOperator = signIn("최운영", "010-1000-0009");
        assertThat(demoOperator.get("roles").toString()).isEqualTo("[\"CITIZEN\",\"OPERATOR\"]");
        JsonNode listedOperator = signIn("서관리", "010-7777-0001");
        assertThat(listedOperator.get("roles").toString()).contains("OPERATOR");
        String operator = demoOperator.get("token").asString();
        JsonNode citizen = signIn("한지민", newPhone());
        String citizenToken = citizen.get("token").asString();
        String citizenId = citizen.get("person").get("id").asString();
        String path = "/api/v1/operator/people/" + citizenId + "/roles";
        Counts before = counts();

        assertProblem(send("PUT", path, "{\"roles\":[\"OPERATOR\"]}", null), 401, "SIGN_IN_REQUIRED");
        assertProblem(send("PUT", path, "{\"roles\":[\"OPERATOR\"]}", citizenToken), 403, "ROLE_REQUIRED");
        assertProblem(send("PUT", path, "{\"roles\":[\"KING\"]}", operator), 400, "MALFORMED_REQUEST");
        assertProblem(send("PUT", path, "{}", operator), 400, "FIELD_MISSING");
        assertProblem(
                send("PUT", "/api/v1/operator/people/NOBODY/roles", "{\"roles\":[\"MERCHANT\"]}", operator),
                404,
                "PERSON_NOT_FOUND");
        assertProblem(
                send(
                        "PUT",
                        "/api/v1/operator/people/"
                                + demoOperator.get("person").get("id").asString() + "/roles",
                        "{\"roles\":[]}",
                        operator),
                422,
                "OPERATOR_SELF_DEMOTION");
        assertThat(counts()).isEqualTo(before);

        HttpResponse<String> granted = send("PUT", path, "{\"roles\":[\"MERCHANT\"]}", operator);

        assertThat(granted.statusCode()).as(granted.body()).isEqualTo(200);
        assertThat(JSON.readTree(granted.body()).get("roles").toString()).isEqualTo("[\"CITIZEN\",\"MERCHANT\"]");
        assertThat(JSON.readTree(send("GET", "/api/v1/me", null, citizenToken).body())
                        .get("roles")
                        .toString())
                .isEqualTo("[\"CITIZEN\",\"MERCHANT\"]");
        assertThat(JSON.readTree(send("PUT", path, "{\"roles\":[]}", operator).body())
                        .get("roles")
                        .toString())
                .isEqualTo("[\"CITIZEN\"]");
    }

    @Test
    void theApiDocumentationListsTheIdentityEndpoints() throws Exception {
        assertThat(send("GET", "/v3/api-docs", null, null).body())
                .contains("/api/v1/identity/verifications/{verificationId}/complete")
                .contains("/api/v1/me/funding-sources")
                .contains("/api/v1/operator/people/{personId}/roles");
    }

    private JsonNode signIn(String name, String phone) throws Exception {
        HttpResponse<String> started =
                send("POST", "/api/v1/identity/verifications", json("name", name, "phone", phone), null);
        assertThat(started.statusCode()).as(started.body()).isEqualTo(201);
        JsonNode verification = JSON.readTree(started.body());
        HttpResponse<String> completed = complete(
                verification.get("verificationId").asString(),
                verification.get("devCode").asString());
        assertThat(completed.statusCode()).as(completed.body()).isEqualTo(200);
        return JSON.readTree(completed.body());
    }

    private HttpResponse<String> complete(String verificationId, String code) throws Exception {
        return send("POST", "/api/v1/identity/verifications/" + verificationId + "/complete", json("code", code), null);
    }

    private void assertProblem(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body()).contains("\"code\":\"" + code + "\"").contains("\"detail\":\"");
    }

    private Counts counts() {
        return new Counts(count("citizen"), count("session"), count("person_role"), count("funding_source"));
    }

    private long count(String table) {
        return jdbc.sql("select count(*) from " + table).query(Long.class).single();
    }

    private record Counts(long citizens, long sessions, long roles, long fundingSources) {}

    private HttpResponse<String> send(String method, String path, String body, String token)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/json")
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://localhost:" + environment.getProperty("local.server.port") + path);
    }

    /** A JSON object of string fields. */
    private static String json(String... namesAndValues) {
        var object = JSON.createObjectNode();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            object.put(namesAndValues[i], namesAndValues[i + 1]);
        }
        return object.toString();
    }

    private static String newPhone() {
        return "010-5%03d-%04d".formatted(ProcessHandle.current().pid() % 1000, NEXT_PHONE.getAndIncrement());
    }
}
