package dev.dangol.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dangol.ledger.Ledger;
import dev.dangol.program.Program;
import dev.dangol.program.Programs;
import dev.dangol.program.Round;
import dev.dangol.program.RoundBudget;
import dev.dangol.program.RoundStatus;
import dev.dangol.shared.PersonId;
import dev.dangol.shared.ProgramId;
import dev.dangol.shared.RoundId;
import dev.dangol.testing.FreshDatabase;
import dev.dangol.testing.TestSessions;
import dev.dangol.testing.TestSessions.SignedIn;
import dev.dangol.wallet.PurchaseId;
import dev.dangol.wallet.PurchaseStatus;
import dev.dangol.wallet.WalletView;
import dev.dangol.wallet.Wallets;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Who may call what over HTTP. Programs and rounds can be read by anyone; everything else needs a session (401
 * otherwise). A wallet's endpoints serve only the wallet's owner (403 {@code NOT_YOUR_WALLET} otherwise), except that
 * operators may read any wallet; reserving, confirming and releasing a purchase directly, defining programs and
 * rounds, the ledger and registering members without verification are for operators (403 {@code ROLE_REQUIRED}). Every
 * refusal changes nothing: the books, the budget, both wallets, the purchase and the registers are as they were.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"dangol.demo.enabled=true", "server.address=127.0.0.1"})
@FreshDatabase(FreshDatabase.Engine.H2)
class ApiAccessIT {

    private static final RoundId ROUND = RoundId.of("seoul-2026-r1");
    private static final ProgramId SEOUL = ProgramId.of("seoul-love");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @Autowired
    Environment environment;

    @Autowired
    Programs programs;

    @Autowired
    Ledger ledger;

    @Autowired
    Wallets wallets;

    @Autowired
    JdbcClient jdbc;

    private final HttpClient http = HttpClient.newHttpClient();
    private SignedIn operator;
    private SignedIn alice;
    private String alicePhone;
    private SignedIn bob;
    private String bobPhone;
    /** A purchase of Alice's, bought for her by the operator, paid and untouched. */
    private String alicePurchase;

    @BeforeEach
    void anOperatorAndTwoMembersOneOfThemWithVouchers() throws Exception {
        TestSessions sessions = new TestSessions(environment.getRequiredProperty("local.server.port", Integer.class));
        operator = sessions.demoOperator();
        alicePhone = TestSessions.newPhone();
        alice = sessions.signIn("김하나", alicePhone);
        bobPhone = TestSessions.newPhone();
        bob = sessions.signIn("이두리", bobPhone);
        alicePurchase = buy(alice, 50_000);
    }

    @Test
    void withoutAValidSessionEveryEndpointButTheProgramReadsIsRefusedWith401AndChangesNothing() throws Exception {
        Books before = books();
        for (Call call : everyEndpointNeedingASession()) {
            HttpResponse<String> missing = call.send(null);
            assertProblem(missing, 401, "SIGN_IN_REQUIRED", call);
            assertThat(missing.headers().firstValue("WWW-Authenticate"))
                    .as(call.toString())
                    .hasValue("Bearer");
            assertProblem(call.send("Bearer " + "A".repeat(43)), 401, "SESSION_INVALID", call);
        }
        assertThat(books()).isEqualTo(before);
    }

    @Test
    void programsAndRoundsAreReadWithoutASession() throws Exception {
        for (String path : List.of(
                "/api/v1/programs",
                "/api/v1/programs/seoul-love",
                "/api/v1/programs/seoul-love/rounds",
                "/api/v1/rounds/seoul-2026-r1")) {
            HttpResponse<String> read = new Call("GET", path, null, false).send(null);
            assertThat(read.statusCode()).as(path + ": " + read.body()).isEqualTo(200);
            assertThat(read.body()).contains("seoul-love");
        }
    }

    @Test
    void aCitizenOnAnOperatorsEndpointIsRefusedWith403AndChangesNothing() throws Exception {
        String reserved = reserve(alice, 20_000);
        Books before = books();

        for (Call call : operatorEndpoints(alice, reserved)) {
            assertProblem(call.send(alice.authorization()), 403, "ROLE_REQUIRED", call);
        }

        assertThat(books()).isEqualTo(before);
        assertThat(status(alice, reserved)).isEqualTo(PurchaseStatus.RESERVED);
    }

    @Test
    void anotherPersonsWalletIsRefusedWith403AndChangesNothing() throws Exception {
        Books before = books();

        for (Call call : ownersEndpoints(alice.personId())) {
            assertProblem(call.send(bob.authorization()), 403, "NOT_YOUR_WALLET", call);
        }
        // Whether a member exists is not for others to learn from the refusal.
        for (Call call : ownersEndpoints("NOBODY")) {
            assertProblem(call.send(bob.authorization()), 403, "NOT_YOUR_WALLET", call);
        }

        assertThat(books()).isEqualTo(before);
        assertThat(status(alice, alicePurchase)).isEqualTo(PurchaseStatus.CONFIRMED);
    }

    @Test
    void operatorsReadAnyWalletButChangeNothingInOne() throws Exception {
        HttpResponse<String> wallet =
                call("GET", path(alice, "/wallets/seoul-love"), null, false).send(operator.authorization());
        assertThat(wallet.statusCode()).as(wallet.body()).isEqualTo(200);
        assertThat(JSON.readTree(wallet.body()).get("balance").asLong()).isEqualTo(50_000);
        HttpResponse<String> purchase = call("GET", path(alice, "/purchases/" + alicePurchase), null, false)
                .send(operator.authorization());
        assertThat(purchase.statusCode()).as(purchase.body()).isEqualTo(200);
        assertThat(JSON.readTree(purchase.body()).get("status").asString()).isEqualTo("CONFIRMED");
        assertProblem(
                call("GET", "/api/v1/citizens/NOBODY/wallets/seoul-love", null, false)
                        .send(operator.authorization()),
                404,
                "CITIZEN_NOT_FOUND",
                null);
        Books before = books();

        for (Call call : ownersEndpoints(alice.personId())) {
            if (!call.method().equals("GET")) {
                assertProblem(call.send(operator.authorization()), 403, "NOT_YOUR_WALLET", call);
            }
        }

        assertThat(books()).isEqualTo(before);
        assertThat(status(alice, alicePurchase)).isEqualTo(PurchaseStatus.CONFIRMED);
    }

    @Test
    void aMemberLooksUpGiftsAndCancelsInTheirOwnWallet() throws Exception {
        HttpResponse<String> found =
                call("GET", "/api/v1/citizens?phone=" + bobPhone, null, false).send(alice.authorization());
        assertThat(found.statusCode()).as(found.body()).isEqualTo(200);
        JsonNode recipient = JSON.readTree(found.body());
        assertThat(recipient.get("id").asString()).isEqualTo(bob.personId());
        assertThat(recipient.get("name").asString()).isEqualTo("이*리");
        assertThat(recipient.get("phone").asString())
                .endsWith("-****")
                .doesNotContain(bobPhone.substring(bobPhone.length() - 4));
        HttpResponse<String> byId =
                call("GET", "/api/v1/citizens/" + bob.personId(), null, false).send(alice.authorization());
        assertThat(JSON.readTree(byId.body()).get("name").asString()).isEqualTo("이*리");
        assertProblem(
                call("GET", "/api/v1/citizens?phone=010-6999-9999", null, false).send(alice.authorization()),
                404,
                "CITIZEN_NOT_FOUND",
                null);
        assertProblem(
                call("GET", "/api/v1/citizens?phone=02-123-4567", null, false).send(alice.authorization()),
                400,
                "PHONE_INVALID",
                null);

        HttpResponse<String> gift = call(
                        "POST",
                        path(alice, "/gifts"),
                        "{\"programId\":\"seoul-love\",\"amount\":10000,\"recipientPhone\":\"" + bobPhone + "\"}",
                        true)
                .send(alice.authorization());
        assertThat(gift.statusCode()).as(gift.body()).isEqualTo(201);
        assertThat(balance(bob)).isEqualTo(10_000);

        String second = buy(alice, 20_000);
        HttpResponse<String> cancelled = call(
                        "POST", path(alice, "/purchases/" + second + "/cancellation"), null, false)
                .send(alice.authorization());
        assertThat(cancelled.statusCode()).as(cancelled.body()).isEqualTo(200);
        assertThat(JSON.readTree(cancelled.body()).get("faceValue").asLong()).isEqualTo(20_000);
        assertThat(balance(alice)).isEqualTo(40_000);
        assertThat(ledger.audit().balanced()).isTrue();
    }

    @Test
    void operatorsSteerProgramsAndRegisterMembersWithoutVerification() throws Exception {
        String program = "secure-" + UUID.randomUUID().toString().substring(0, 8);
        HttpResponse<String> defined = call("PUT", "/api/v1/programs/" + program, "{\"kind\":\"NATIONAL\"}", false)
                .send(operator.authorization());
        assertThat(defined.statusCode()).as(defined.body()).isEqualTo(200);
        HttpResponse<String> scheduled = call(
                        "PUT",
                        "/api/v1/rounds/" + program + "-r1",
                        "{\"programId\":\"" + program + "\",\"name\":\"시험\",\"budget\":1000000,"
                                + "\"opensAt\":\"2026-01-01T00:00:00Z\",\"perPersonCap\":100000}",
                        false)
                .send(operator.authorization());
        assertThat(scheduled.statusCode()).as(scheduled.body()).isEqualTo(200);
        HttpResponse<String> paused = call(
                        "POST", "/api/v1/rounds/" + program + "-r1/status", "{\"status\":\"PAUSED\"}", false)
                .send(operator.authorization());
        assertThat(paused.statusCode()).as(paused.body()).isEqualTo(200);
        assertThat(programs.round(RoundId.of(program + "-r1")).orElseThrow().status())
                .isEqualTo(RoundStatus.PAUSED);

        String phone = TestSessions.newPhone();
        HttpResponse<String> registered = call(
                        "POST", "/api/v1/citizens", "{\"name\":\"박세나\",\"phone\":\"" + phone + "\"}", false)
                .send(operator.authorization());
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
        assertThat(JSON.readTree(registered.body()).get("name").asString()).isEqualTo("박*나");

        HttpResponse<String> audit =
                call("GET", "/api/v1/ledger/audit", null, false).send(operator.authorization());
        assertThat(audit.statusCode()).as(audit.body()).isEqualTo(200);
        assertThat(JSON.readTree(audit.body()).get("balanced").asBoolean()).isTrue();
    }

    @Test
    void theApiDocumentationSaysWhichOperationsNeedASessionAndWhichAreForOperators() throws Exception {
        JsonNode docs = JSON.readTree(
                call("GET", "/v3/api-docs", null, false).send(null).body());
        JsonNode paths = docs.get("paths");
        JsonNode audit = paths.get("/api/v1/ledger/audit").get("get");
        assertThat(audit.get("security")).isNotNull();
        assertThat(audit.get("description").asString()).contains("Operators only");
        assertThat(audit.has("parameters")).isFalse();
        JsonNode wallet =
                paths.get("/api/v1/citizens/{personId}/wallets/{programId}").get("get");
        assertThat(wallet.get("security")).isNotNull();
        assertThat(wallet.path("description").asString("")).doesNotContain("Operators only");
        assertThat(paths.get("/api/v1/rounds/{roundId}").get("get").has("security"))
                .isFalse();
        assertThat(docs.toString()).doesNotContain("SignedInOperator");
    }

    /** Every endpoint that needs a session, with a request that would change something if it were let through. */
    private List<Call> everyEndpointNeedingASession() {
        List<Call> calls = new ArrayList<>(operatorEndpoints(alice, alicePurchase));
        calls.addAll(ownersEndpoints(alice.personId()));
        calls.add(call("GET", "/api/v1/citizens/" + bob.personId(), null, false));
        calls.add(call("GET", "/api/v1/citizens?phone=" + bobPhone, null, false));
        return calls;
    }

    /** The endpoints only operators may call, with requests that would change something for an operator. */
    private List<Call> operatorEndpoints(SignedIn person, String reservedPurchase) {
        String transfer = "[{\"id\":\"access-t-" + UUID.randomUUID() + "\",\"debitAccountId\":\"budget:seoul-2026-r1\","
                + "\"creditAccountId\":\"subsidy:seoul-2026-r1\",\"amount\":5,\"ledger\":2,\"code\":1}]";
        return List.of(
                call(
                        "POST",
                        path(person, "/purchases"),
                        "{\"roundId\":\"seoul-2026-r1\",\"faceValue\":10000,\"funding\":\"BANK_ACCOUNT\"}",
                        true),
                call("POST", path(person, "/purchases/" + reservedPurchase + "/confirmation"), null, false),
                call("POST", path(person, "/purchases/" + reservedPurchase + "/release"), null, false),
                call(
                        "PUT",
                        "/api/v1/programs/seoul-love",
                        "{\"kind\":\"REGIONAL\",\"townCode\":\"11000\",\"discountBasisPoints\":1000}",
                        false),
                call(
                        "PUT",
                        "/api/v1/rounds/access-round",
                        "{\"programId\":\"seoul-love\",\"name\":\"x\",\"budget\":1000000,"
                                + "\"opensAt\":\"2026-01-01T00:00:00Z\",\"perPersonCap\":100000}",
                        false),
                call("POST", "/api/v1/rounds/seoul-2026-r1/status", "{\"status\":\"CLOSED\"}", false),
                call("POST", "/api/v1/ledger/accounts", "[{\"id\":\"access-a\",\"ledger\":1,\"code\":99}]", false),
                call("POST", "/api/v1/ledger/transfers", transfer, false),
                call("GET", "/api/v1/ledger/accounts/budget:seoul-2026-r1", null, false),
                call("GET", "/api/v1/ledger/accounts/budget:seoul-2026-r1/transfers", null, false),
                call("GET", "/api/v1/ledger/transfers/no-such-transfer", null, false),
                call("GET", "/api/v1/ledger/audit", null, false),
                call(
                        "POST",
                        "/api/v1/citizens",
                        "{\"name\":\"홍길동\",\"phone\":\"" + TestSessions.newPhone() + "\"}",
                        false));
    }

    /** The endpoints of a wallet that serve its owner, with requests that would change something for the owner. */
    private List<Call> ownersEndpoints(String owner) {
        return List.of(
                call("GET", path(owner, "/purchases/" + alicePurchase), null, false),
                call("POST", path(owner, "/purchases/" + alicePurchase + "/cancellation"), null, false),
                call("POST", path(owner, "/purchases/" + alicePurchase + "/remainder-refund"), null, false),
                call(
                        "POST",
                        path(owner, "/gifts"),
                        "{\"programId\":\"seoul-love\",\"amount\":10000,\"recipientPhone\":\"" + bobPhone + "\"}",
                        true),
                call("GET", path(owner, "/wallets/seoul-love"), null, false));
    }

    /** Reserves a purchase for the person as the operator, and confirms it; answers its id. */
    private String buy(SignedIn person, long faceValue) throws Exception {
        String id = reserve(person, faceValue);
        HttpResponse<String> confirmed = call("POST", path(person, "/purchases/" + id + "/confirmation"), null, false)
                .send(operator.authorization());
        assertThat(confirmed.statusCode()).as(confirmed.body()).isEqualTo(200);
        return id;
    }

    private String reserve(SignedIn person, long faceValue) throws Exception {
        HttpResponse<String> reserved = call(
                        "POST",
                        path(person, "/purchases"),
                        "{\"roundId\":\"seoul-2026-r1\",\"faceValue\":" + faceValue + ",\"funding\":\"BANK_ACCOUNT\"}",
                        true)
                .send(operator.authorization());
        assertThat(reserved.statusCode()).as(reserved.body()).isEqualTo(201);
        return JSON.readTree(reserved.body()).get("id").asString();
    }

    private PurchaseStatus status(SignedIn person, String purchase) {
        return wallets.purchase(PersonId.of(person.personId()), new PurchaseId(purchase))
                .orElseThrow()
                .status();
    }

    private long balance(SignedIn person) {
        return wallets.wallet(PersonId.of(person.personId()), SEOUL).balance().krw();
    }

    /**
     * What a refused request must leave as it was: the ledger's books, the round's budget, the program and round, both
     * members' wallets and the registers of members and roles.
     */
    private Books books() {
        return new Books(
                count("ledger_account"),
                count("ledger_transfer"),
                ledger.audit().balanced(),
                programs.budget(ROUND),
                programs.program(SEOUL).orElseThrow(),
                count("program"),
                programs.round(ROUND).orElseThrow(),
                count("sale_round"),
                wallets.wallet(PersonId.of(alice.personId()), SEOUL),
                wallets.wallet(PersonId.of(bob.personId()), SEOUL),
                count("citizen"),
                count("person_role"));
    }

    private long count(String table) {
        return jdbc.sql("select count(*) from " + table).query(Long.class).single();
    }

    private record Books(
            long accounts,
            long transfers,
            boolean balanced,
            RoundBudget budget,
            Program program,
            long programs,
            Round round,
            long rounds,
            WalletView aliceWallet,
            WalletView bobWallet,
            long citizens,
            long roles) {}

    private static String path(SignedIn person, String rest) {
        return path(person.personId(), rest);
    }

    private static String path(String person, String rest) {
        return "/api/v1/citizens/" + person + rest;
    }

    private Call call(String method, String path, String body, boolean idempotent) {
        return new Call(method, path, body, idempotent);
    }

    private static void assertProblem(HttpResponse<String> response, int status, String code, Call call) {
        String what = (call == null ? "" : call + " -> ") + response.body();
        assertThat(response.statusCode()).as(what).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).as(what).hasValue("application/problem+json");
        assertThat(response.body())
                .as(what)
                .contains("\"code\":\"" + code + "\"")
                .contains("\"detail\":\"");
    }

    /** One request, sent with a given Authorization header or none. */
    private final class Call {

        private final String method;
        private final String path;
        private final String body;
        private final boolean idempotent;

        Call(String method, String path, String body, boolean idempotent) {
            this.method = method;
            this.path = path;
            this.body = body;
            this.idempotent = idempotent;
        }

        String method() {
            return method;
        }

        HttpResponse<String> send(String authorization) throws IOException, InterruptedException {
            HttpRequest.Builder request = HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + environment.getProperty("local.server.port") + path))
                    .method(
                            method,
                            body == null
                                    ? HttpRequest.BodyPublishers.noBody()
                                    : HttpRequest.BodyPublishers.ofString(body));
            if (body != null) {
                request.header("Content-Type", "application/json");
            }
            if (idempotent) {
                request.header("Idempotency-Key", UUID.randomUUID().toString());
            }
            if (authorization != null) {
                request.header("Authorization", authorization);
            }
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }
}
