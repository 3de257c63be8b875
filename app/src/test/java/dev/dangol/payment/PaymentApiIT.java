package dev.dangol.payment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dangol.ledger.AccountBalance;
import dev.dangol.ledger.Ledger;
import dev.dangol.merchant.MerchantRegister;
import dev.dangol.program.FundingMethod;
import dev.dangol.program.VoucherLedger;
import dev.dangol.shared.Money;
import dev.dangol.shared.PersonId;
import dev.dangol.shared.ProgramId;
import dev.dangol.shared.RoundId;
import dev.dangol.testing.ClockControl;
import dev.dangol.testing.FreshDatabase;
import dev.dangol.testing.JsonApi;
import dev.dangol.testing.JsonApi.Answer;
import dev.dangol.testing.MapMerchants;
import dev.dangol.testing.MutableClock;
import dev.dangol.testing.TestSessions;
import dev.dangol.testing.TestSessions.SignedIn;
import dev.dangol.wallet.IdempotencyKey;
import dev.dangol.wallet.PurchaseOrder;
import dev.dangol.wallet.WalletView;
import dev.dangol.wallet.Wallets;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import tools.jackson.databind.node.ObjectNode;

/**
 * Paying merchants over HTTP: a citizen pays the demo shop, shows a one-time code that the shop's owner charges, the
 * owner sees the day's list and the live feed and cancels. Every bad request gets problem+json with its own code and
 * changes nothing.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"dangol.demo.enabled=true", "server.address=127.0.0.1"})
@FreshDatabase(FreshDatabase.Engine.H2)
@Import(ClockControl.class)
class PaymentApiIT {

    static final ProgramId ONNURI = ProgramId.of("onnuri");
    static final String SHOP = "demo-shop-1";
    static final String SHOP_OWNER_PHONE = "010-1000-0005";

    @Autowired
    Environment environment;

    @Autowired
    Wallets wallets;

    @Autowired
    MerchantRegister register;

    @Autowired
    Ledger ledger;

    @Autowired
    MutableClock clock;

    JsonApi api;
    SignedIn citizen;
    SignedIn owner;
    int port;

    @BeforeEach
    void aCitizenWithVouchersAndTheDemoShopsOwner() {
        port = environment.getRequiredProperty("local.server.port", Integer.class);
        // The demo registers demo-shop-1; a second shop, which nobody acts for, takes Onnuri too.
        register.register(MapMerchants.riceCakeShop("other-shop"));
        api = new JsonApi(port);
        TestSessions sessions = new TestSessions(port);
        citizen = sessions.signIn("김지불", TestSessions.newPhone());
        owner = sessions.signIn("한가게", SHOP_OWNER_PHONE);
        PersonId person = PersonId.of(citizen.personId());
        var purchase = wallets.reserve(new PurchaseOrder(
                person,
                RoundId.of("onnuri-2026-11"),
                Money.krw(100_000),
                FundingMethod.BANK_ACCOUNT,
                new IdempotencyKey(UUID.randomUUID().toString())));
        wallets.confirm(person, purchase.id());
    }

    static ObjectNode pay(String merchant, Object amount) {
        ObjectNode body = JsonApi.object().put("merchantId", merchant).put("programId", ONNURI.value());
        if (amount instanceof Long l) {
            body.put("amount", l);
        } else if (amount != null) {
            body.put("amount", amount.toString());
        }
        return body;
    }

    static String key() {
        return UUID.randomUUID().toString();
    }

    WalletView wallet() {
        return wallets.wallet(PersonId.of(citizen.personId()), ONNURI);
    }

    long payable() {
        return ledger.lookupAccount(VoucherLedger.merchantPayable(ONNURI, dev.dangol.shared.MerchantId.of(SHOP)))
                .map(AccountBalance::postedBalance)
                .orElse(0L);
    }

    /** Sends a request that must be refused with the status and code given, and checks that nothing moved. */
    void refused(int status, String code, java.util.function.Supplier<Answer> call) {
        WalletView before = wallet();
        long payableBefore = payable();
        Answer answer = call.get();
        assertThat(answer.status()).as(answer.toString()).isEqualTo(status);
        assertThat(answer.contentType()).as(answer.toString()).startsWith("application/problem+json");
        assertThat(answer.code()).as(answer.toString()).isEqualTo(code);
        assertThat(answer.json().path("detail").asString(""))
                .as(answer.toString())
                .isNotBlank();
        assertThat(wallet()).isEqualTo(before);
        assertThat(payable()).isEqualTo(payableBefore);
    }

    @Test
    void aCitizenPaysTheShopOncePerKeyAndBadRequestsChangeNothing() {
        String auth = citizen.authorization();
        refused(400, "IDEMPOTENCY_KEY_MISSING", () -> api.post("/api/v1/payments", auth, pay(SHOP, 1_000L)));
        refused(
                400,
                "FIELD_MISSING",
                () -> api.post("/api/v1/payments", auth, pay(SHOP, null), "Idempotency-Key", key()));
        refused(
                400,
                "AMOUNT_NOT_POSITIVE",
                () -> api.post("/api/v1/payments", auth, pay(SHOP, 0L), "Idempotency-Key", key()));
        refused(
                400,
                "AMOUNT_NOT_POSITIVE",
                () -> api.post("/api/v1/payments", auth, pay(SHOP, -10L), "Idempotency-Key", key()));
        refused(
                404,
                "MERCHANT_NOT_FOUND",
                () -> api.post("/api/v1/payments", auth, pay("no-such-shop", 1_000L), "Idempotency-Key", key()));
        refused(
                404,
                "MERCHANT_NOT_FOUND",
                () -> api.post("/api/v1/payments", auth, pay("bad id!", 1_000L), "Idempotency-Key", key()));
        refused(
                422,
                "INSUFFICIENT_BALANCE",
                () -> api.post("/api/v1/payments", auth, pay(SHOP, 100_001L), "Idempotency-Key", key()));
        refused(
                401,
                "SIGN_IN_REQUIRED",
                () -> api.post("/api/v1/payments", null, pay(SHOP, 1_000L), "Idempotency-Key", key()));

        String key = key();
        Answer paid = api.post("/api/v1/payments", auth, pay(SHOP, 12_345L), "Idempotency-Key", key);
        assertThat(paid.status()).as(paid.toString()).isEqualTo(201);
        String id = paid.json().get("id").asString();
        assertThat(paid.headers().firstValue("Location")).hasValue("/api/v1/payments/" + id);
        assertThat(paid.json().get("lots").get(0).get("amount").asLong()).isEqualTo(12_345);
        Answer again = api.post("/api/v1/payments", auth, pay(SHOP, 12_345L), "Idempotency-Key", key);
        assertThat(again.json().get("id").asString()).isEqualTo(id);
        assertThat(wallet().balance()).isEqualTo(Money.krw(100_000 - 12_345));
        refused(
                409,
                "IDEMPOTENCY_KEY_REUSED",
                () -> api.post("/api/v1/payments", auth, pay(SHOP, 12_346L), "Idempotency-Key", key));

        assertThat(api.get("/api/v1/payments/" + id, auth).json().get("status").asString())
                .isEqualTo("PAID");
        // The shop's owner sees it without the lots; another citizen cannot see it at all.
        Answer asOwner = api.get("/api/v1/payments/" + id, owner.authorization());
        assertThat(asOwner.status()).isEqualTo(200);
        assertThat(asOwner.json().has("lots")).isFalse();
        SignedIn stranger = new TestSessions(port).signIn("남남남", TestSessions.newPhone());
        refused(404, "PAYMENT_NOT_FOUND", () -> api.get("/api/v1/payments/" + id, stranger.authorization()));
    }

    @Test
    void theShopChargesACustomersOneTimeCodeOnceAndEachBadCodeHasItsOwnReason() {
        Answer issued = api.post(
                "/api/v1/consumer-codes",
                citizen.authorization(),
                JsonApi.object().put("programId", ONNURI.value()));
        assertThat(issued.status()).as(issued.toString()).isEqualTo(201);
        String code = issued.json().get("code").asString();
        assertThat(code).matches("[0-9]{16}");
        assertThat(issued.json().get("validSeconds").asLong()).isEqualTo(180);

        String auth = owner.authorization();
        refused(
                403,
                "ROLE_REQUIRED",
                () -> api.post(
                        "/api/v1/merchant-payments",
                        citizen.authorization(),
                        charge(code, 5_000L),
                        "Idempotency-Key",
                        key()));
        refused(
                400,
                "CODE_MALFORMED",
                () -> api.post("/api/v1/merchant-payments", auth, charge("1234", 5_000L), "Idempotency-Key", key()));
        String mistyped = code.substring(0, 15) + (char) ('0' + (code.charAt(15) - '0' + 1) % 10);
        refused(
                400,
                "CODE_MISTYPED",
                () -> api.post("/api/v1/merchant-payments", auth, charge(mistyped, 5_000L), "Idempotency-Key", key()));
        refused(
                404,
                "CODE_UNKNOWN",
                () -> api.post(
                        "/api/v1/merchant-payments",
                        auth,
                        charge("0000000000000000", 5_000L),
                        "Idempotency-Key",
                        key()));
        refused(
                422,
                "INSUFFICIENT_BALANCE",
                () -> api.post("/api/v1/merchant-payments", auth, charge(code, 500_000L), "Idempotency-Key", key()));

        String key = key();
        Answer charged = api.post("/api/v1/merchant-payments", auth, charge(code, 5_000L), "Idempotency-Key", key);
        assertThat(charged.status()).as(charged.toString()).isEqualTo(201);
        Answer retried = api.post("/api/v1/merchant-payments", auth, charge(code, 5_000L), "Idempotency-Key", key);
        assertThat(retried.json().get("id").asString())
                .isEqualTo(charged.json().get("id").asString());
        assertThat(wallet().balance()).isEqualTo(Money.krw(95_000));
        refused(
                422,
                "CODE_USED",
                () -> api.post("/api/v1/merchant-payments", auth, charge(code, 5_000L), "Idempotency-Key", key()));

        String late = api.post(
                        "/api/v1/consumer-codes",
                        citizen.authorization(),
                        JsonApi.object().put("programId", ONNURI.value()))
                .json()
                .get("code")
                .asString();
        clock.advance(Duration.ofMinutes(3));
        refused(
                422,
                "CODE_EXPIRED",
                () -> api.post("/api/v1/merchant-payments", auth, charge(late, 5_000L), "Idempotency-Key", key()));
    }

    static ObjectNode charge(String code, long amount) {
        return JsonApi.object().put("code", code).put("amount", amount);
    }

    @Test
    void theOwnerSeesTheDayLiveAndCancelsOnceOthersCannot() throws Exception {
        String auth = owner.authorization();
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<java.io.InputStream> stream = http.send(
                HttpRequest.newBuilder(URI.create(
                                "http://127.0.0.1:" + port + "/api/v1/merchants/" + SHOP + "/payments/stream"))
                        .header("Authorization", auth)
                        .header("Accept", "text/event-stream")
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(stream.statusCode()).isEqualTo(200);
        HttpResponse<String> page = http.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/merchant/today"))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("/merchant/today.js").contains("Today's payments");
        BufferedReader lines = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8));

        Answer paid =
                api.post("/api/v1/payments", citizen.authorization(), pay(SHOP, 7_000L), "Idempotency-Key", key());
        String id = paid.json().get("id").asString();
        CompletableFuture<String> event = CompletableFuture.supplyAsync(() -> {
            try {
                String line;
                while ((line = lines.readLine()) != null) {
                    if (line.startsWith("data:") && line.contains(id)) {
                        return line;
                    }
                }
                return null;
            } catch (java.io.IOException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(event.get(10, TimeUnit.SECONDS)).contains("\"amount\":7000").contains("PAID");
        stream.body().close();

        Answer day = api.get("/api/v1/merchants/" + SHOP + "/payments", auth);
        assertThat(day.status()).as(day.toString()).isEqualTo(200);
        assertThat(day.json().get("payments").toString()).contains(id);

        refused(
                403,
                "NOT_A_MEMBER_OF_MERCHANT",
                () -> api.post("/api/v1/merchants/other-shop/payments/" + id + "/cancel", auth, null));
        refused(
                403,
                "ROLE_REQUIRED",
                () -> api.post(
                        "/api/v1/merchants/" + SHOP + "/payments/" + id + "/cancel", citizen.authorization(), null));
        refused(400, "DAY_INVALID", () -> api.get("/api/v1/merchants/" + SHOP + "/payments?day=yesterday", auth));

        long before = wallet().balance().krw();
        Answer cancelled = api.post("/api/v1/merchants/" + SHOP + "/payments/" + id + "/cancel", auth, null);
        assertThat(cancelled.status()).as(cancelled.toString()).isEqualTo(200);
        assertThat(cancelled.json().get("status").asString()).isEqualTo("CANCELLED");
        Answer twice = api.post("/api/v1/merchants/" + SHOP + "/payments/" + id + "/cancel", auth, null);
        assertThat(twice.json().get("cancelledAt").asString())
                .isEqualTo(cancelled.json().get("cancelledAt").asString());
        assertThat(wallet().balance().krw()).isEqualTo(before + 7_000);

        Answer after = api.get("/api/v1/merchants/" + SHOP + "/payments", auth);
        assertThat(after.json().get("cancelled").asLong()).isGreaterThanOrEqualTo(7_000);
        assertThat(after.json().get("net").asLong())
                .isEqualTo(after.json().get("paid").asLong()
                        - after.json().get("cancelled").asLong());
    }
}
