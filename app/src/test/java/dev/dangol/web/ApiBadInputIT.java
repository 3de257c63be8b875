package dev.dangol.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dangol.identity.Citizen;
import dev.dangol.identity.Citizens;
import dev.dangol.ledger.Ledger;
import dev.dangol.ledger.LedgerAudit;
import dev.dangol.program.Programs;
import dev.dangol.program.RoundBudget;
import dev.dangol.shared.PersonId;
import dev.dangol.shared.ProgramId;
import dev.dangol.shared.RoundId;
import dev.dangol.testing.FreshDatabase;
import dev.dangol.testing.TestSessions;
import dev.dangol.testing.TestSessions.SignedIn;
import dev.dangol.wallet.WalletView;
import dev.dangol.wallet.Wallets;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;

/**
 * Every bad request over HTTP gets a clear 4xx in problem+json, with a code, and changes nothing: the round's budget,
 * the ledger's books and the number of accounts are the same before and after. The requests come from a signed-in
 * demo member, and from the demo operator where only operators may call (reserving directly, the ledger); who may call
 * what is {@link ApiAccessIT}'s subject.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"dangol.demo.enabled=true", "server.address=127.0.0.1"})
@FreshDatabase(FreshDatabase.Engine.H2)
class ApiBadInputIT {

    private static final RoundId ROUND = RoundId.of("seoul-2026-r1");
    private static final ProgramId SEOUL = ProgramId.of("seoul-love");

    @Autowired
    Environment environment;

    @Autowired
    Citizens citizens;

    @Autowired
    Programs programs;

    @Autowired
    Ledger ledger;

    @Autowired
    Wallets wallets;

    private final HttpClient http = HttpClient.newHttpClient();
    private String person;
    private SignedIn citizen;
    private SignedIn operator;

    @BeforeEach
    void aSignedInDemoMemberAndTheDemoOperator() {
        Citizen demoMember = citizens.findByPhone("010-1000-0001").orElseThrow();
        person = demoMember.id().value();
        TestSessions sessions = new TestSessions(environment.getRequiredProperty("local.server.port", Integer.class));
        citizen = sessions.signIn(demoMember.name(), demoMember.phone());
        assertThat(citizen.personId()).isEqualTo(person);
        operator = sessions.demoOperator();
    }

    @Test
    void theDemoDataIsLoadedAndTheApiIsDocumented() throws Exception {
        assertThat(get("/api/v1/rounds/seoul-2026-r1", null).body()).contains("\"phase\":\"SELLING\"");
        assertThat(get("/v3/api-docs", null).body())
                .contains("Dangol API")
                .contains("/api/v1/citizens/{personId}/purchases");
    }

    @Test
    void badAmountsAreRefusedWithAReasonAndChangeNothing() throws Exception {
        assertRefusedWithoutChange(
                purchase(key(), "{\"roundId\":\"seoul-2026-r1\",\"faceValue\":-10000,\"funding\":\"BANK_ACCOUNT\"}"),
                400,
                "AMOUNT_NOT_POSITIVE");
        assertRefusedWithoutChange(
                purchase(key(), "{\"roundId\":\"seoul-2026-r1\",\"faceValue\":0,\"funding\":\"BANK_ACCOUNT\"}"),
                400,
                "AMOUNT_NOT_POSITIVE");
        assertRefusedWithoutChange(
                purchase(key(), "{\"roundId\":\"seoul-2026-r1\",\"faceValue\":15000,\"funding\":\"BANK_ACCOUNT\"}"),
                400,
                "AMOUNT_NOT_IN_UNITS");
        assertRefusedWithoutChange(
                purchase(
                        key(),
                        "{\"roundId\":\"seoul-2026-r1\",\"faceValue\":99999999999999999999,\"funding\":\"BANK_ACCOUNT\"}"),
                400,
                "MALFORMED_REQUEST");
        assertRefusedWithoutChange(
                purchase(
                        key(),
                        "{\"roundId\":\"seoul-2026-r1\",\"faceValue\":9223372036854775807,\"funding\":\"BANK_ACCOUNT\"}"),
                400,
                "AMOUNT_NOT_IN_UNITS");
        assertRefusedWithoutChange(
                purchase(key(), "{\"roundId\":\"seoul-2026-r1\",\"faceValue\":500000,\"funding\":\"BANK_ACCOUNT\"}"),
                422,
                "ROUND_CAP_EXCEEDED");
    }

    @Test
    void malformedRequestsAreRefusedWithAReason() throws Exception {
        HttpResponse<String> broken = purchase(key(), "{\"roundId\":\"seoul-2026-r1\",");
        assertRefusedWithoutChange(broken, 400, "MALFORMED_REQUEST");
        HttpResponse<String> badEnum =
                purchase(key(), "{\"roundId\":\"seoul-2026-r1\",\"faceValue\":10000,\"funding\":\"BITCOIN\"}");
        assertRefusedWithoutChange(badEnum, 400, "MALFORMED_REQUEST");
        assertThat(badEnum.body()).contains("funding").contains("BANK_ACCOUNT");
        assertRefusedWithoutChange(purchase(key(), "{}"), 400, "FIELD_MISSING");
        assertRefusedWithoutChange(
                purchase(null, "{\"roundId\":\"seoul-2026-r1\",\"faceValue\":10000,\"funding\":\"CARD\"}"),
                400,
                "IDEMPOTENCY_KEY_MISSING");
        assertRefusedWithoutChange(
                purchase("short", "{\"roundId\":\"seoul-2026-r1\",\"faceValue\":10000,\"funding\":\"CARD\"}"),
                400,
                "IDEMPOTENCY_KEY_INVALID");
    }

    @Test
    void unknownThingsAreNotFound() throws Exception {
        assertRefusedWithoutChange(
                purchase(key(), "{\"roundId\":\"no-such-round\",\"faceValue\":10000,\"funding\":\"CARD\"}"),
                404,
                "ROUND_NOT_FOUND");
        assertRefusedWithoutChange(get("/api/v1/ledger/accounts/no-such-account", operator), 404, "ACCOUNT_NOT_FOUND");
        assertRefusedWithoutChange(
                get("/api/v1/citizens/" + person + "/purchases/" + UUID.randomUUID(), citizen),
                404,
                "PURCHASE_NOT_FOUND");
        assertRefusedWithoutChange(
                post(
                        "/api/v1/citizens/NOBODY/purchases",
                        operator,
                        key(),
                        "{\"roundId\":\"seoul-2026-r1\",\"faceValue\":10000,\"funding\":\"CARD\"}"),
                404,
                "CITIZEN_NOT_FOUND");
        HttpResponse<String> transfer = post(
                "/api/v1/ledger/transfers",
                operator,
                null,
                "[{\"id\":\"t-unknown\",\"debitAccountId\":\"no-such-account\",\"creditAccountId\":\"budget:seoul-2026-r1\",\"amount\":5,\"ledger\":2,\"code\":1}]");
        assertRefusedWithoutChange(transfer, 422, "TRANSFERS_REFUSED");
        assertThat(transfer.body()).contains("DEBIT_ACCOUNT_NOT_FOUND");
    }

    @Test
    void aReusedIdempotencyKeyWithAnotherBodyIsRefusedAndChangesNothing() throws Exception {
        String key = key();
        HttpResponse<String> first =
                purchase(key, "{\"roundId\":\"seoul-2026-r1\",\"faceValue\":10000,\"funding\":\"BANK_ACCOUNT\"}");
        assertThat(first.statusCode()).isEqualTo(201);
        HttpResponse<String> again =
                purchase(key, "{\"roundId\":\"seoul-2026-r1\",\"faceValue\":10000,\"funding\":\"BANK_ACCOUNT\"}");
        assertThat(again.statusCode()).isEqualTo(201);
        assertThat(again.body()).isEqualTo(first.body());
        assertRefusedWithoutChange(
                purchase(key, "{\"roundId\":\"seoul-2026-r1\",\"faceValue\":20000,\"funding\":\"BANK_ACCOUNT\"}"),
                409,
                "IDEMPOTENCY_KEY_REUSED");
    }

    @Test
    void aLedgerTransferIdReusedWithAnotherAmountIsRefusedAndMovesNothing() throws Exception {
        post(
                "/api/v1/ledger/accounts",
                operator,
                null,
                "[{\"id\":\"ops-a\",\"ledger\":1,\"code\":99},{\"id\":\"ops-b\",\"ledger\":1,\"code\":99}]");
        String body = "[{\"id\":\"ops-t1\",\"debitAccountId\":\"ops-a\",\"creditAccountId\":\"ops-b\","
                + "\"amount\":%d,\"ledger\":1,\"code\":1}]";
        HttpResponse<String> first = post("/api/v1/ledger/transfers", operator, null, body.formatted(700));
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        HttpResponse<String> again = post("/api/v1/ledger/transfers", operator, null, body.formatted(700));
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.body()).contains("\"replayed\":true");

        HttpResponse<String> other = post("/api/v1/ledger/transfers", operator, null, body.formatted(800));

        assertRefusedWithoutChange(other, 422, "TRANSFERS_REFUSED");
        assertThat(other.body()).contains("EXISTS_WITH_DIFFERENT_FIELDS");
        assertThat(ledger.lookupAccount("ops-b").orElseThrow().creditsPosted()).isEqualTo(700);
        assertRefusedWithoutChange(post("/api/v1/ledger/transfers", operator, null, "[]"), 400, "EMPTY_BATCH");
    }

    private void assertRefusedWithoutChange(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body()).contains("\"code\":\"" + code + "\"").contains("\"detail\":\"");
        LedgerAudit audit = ledger.audit();
        assertThat(audit.balanced()).isTrue();
    }

    /**
     * Each refused purchase must leave the round's budget and the person's wallet and limits exactly as they were.
     * (Its outcome is recorded under its ids, so that a retry gets the same answer; that moves nothing.) Reserving
     * directly is for operators, who act for the person named in the path.
     */
    private HttpResponse<String> purchase(String key, String body) throws Exception {
        RoundBudget before = programs.budget(ROUND);
        WalletView walletBefore = wallets.wallet(PersonId.of(person), SEOUL);
        HttpResponse<String> response = post("/api/v1/citizens/" + person + "/purchases", operator, key, body);
        if (response.statusCode() >= 400) {
            assertThat(programs.budget(ROUND)).isEqualTo(before);
            assertThat(wallets.wallet(PersonId.of(person), SEOUL)).isEqualTo(walletBefore);
        }
        return response;
    }

    private HttpResponse<String> post(String path, SignedIn as, String key, String body)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .header("Content-Type", "application/json")
                .header("Authorization", as.authorization())
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path, SignedIn as) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).GET();
        if (as != null) {
            request.header("Authorization", as.authorization());
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + environment.getProperty("local.server.port") + path);
    }

    private static String key() {
        return UUID.randomUUID().toString();
    }
}
