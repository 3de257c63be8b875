package dev.dangol.settlement.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dangol.ledger.Ledger;
import dev.dangol.ledger.Transfer;
import dev.dangol.merchant.MerchantRegister;
import dev.dangol.merchant.MerchantStatus;
import dev.dangol.merchant.RevenueBand;
import dev.dangol.merchant.SettlementAccount;
import dev.dangol.program.ProgramDefaults;
import dev.dangol.program.Programs;
import dev.dangol.program.Round;
import dev.dangol.program.RoundStatus;
import dev.dangol.program.VoucherLedger;
import dev.dangol.shared.MerchantId;
import dev.dangol.shared.Money;
import dev.dangol.shared.ProgramId;
import dev.dangol.shared.RoundId;
import dev.dangol.testing.ClockControl;
import dev.dangol.testing.JsonApi;
import dev.dangol.testing.MutableClock;
import dev.dangol.testing.TestSessions;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import tools.jackson.databind.JsonNode;

/**
 * Settlement over HTTP: an operator settles a closed business day, repeats it without paying twice, downloads the
 * payout file, claims a round's subsidy and reconciles; a merchant reads its statements; bad input gets problem+json
 * and changes nothing. Payments are written straight into the ledger with the payments code's layout.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"dangol.demo.enabled=false", "dangol.identity.operators=" + SettlementApiIT.OPERATOR_PHONE})
@Import(ClockControl.class)
abstract class SettlementApiIT {

    static final String OPERATOR_PHONE = "010-7777-0414";
    static final ProgramId PROGRAM = ProgramId.of("it-onnuri");
    static final RoundId ROUND = RoundId.of("it-onnuri-r1");
    static final MerchantId SHOP = MerchantId.of("demo-shop-1");
    static final MerchantId HELD = MerchantId.of("it-no-account");
    static final String DAY = "2026-03-10";

    @Value("${local.server.port}")
    int port;

    @Autowired
    Ledger ledger;

    @Autowired
    MerchantRegister register;

    /** The two merchants in the registry (registering the same details again changes nothing). */
    @BeforeEach
    void registerTheMerchants() {
        register.register(MapMerchants.merchant(
                SHOP.value(),
                RevenueBand.UP_TO_3B,
                MerchantStatus.ACTIVE,
                new SettlementAccount("004", "12345678901", "김떡집")));
        register.register(MapMerchants.merchant(HELD.value(), RevenueBand.UP_TO_800M, MerchantStatus.ACTIVE, null));
    }

    @Autowired
    Programs programs;

    @Autowired
    MutableClock clock;

    JsonApi api() {
        return new JsonApi(port);
    }

    TestSessions sessions() {
        return new TestSessions(port);
    }

    String operator() {
        return sessions().signIn("이정산", OPERATOR_PHONE).authorization();
    }

    @Test
    void anOperatorSettlesADayOnceAndAMerchantReadsItsStatement() {
        clock.set(ClockControl.START);
        programs.define(ProgramDefaults.national(PROGRAM, "IT Onnuri"));
        programs.schedule(new Round(
                ROUND,
                PROGRAM,
                "IT round",
                Money.krw(100_000_000),
                clock.instant(),
                null,
                Money.krw(500_000),
                1_000,
                RoundStatus.ACTIVE));
        LedgerFixture fixture = new LedgerFixture(ledger);
        // Tuesday 10 March 2026, 09:00 in Seoul.
        fixture.pay("it-p1", PROGRAM, SHOP, 33_333);
        fixture.pay("it-p2", PROGRAM, SHOP, 10_000);
        fixture.cancel("it-c2", PROGRAM, SHOP, 10_000);
        fixture.pay("it-p3", PROGRAM, HELD, 5_000);
        ledger.createTransfers(List.of(Transfer.single(
                "it-subsidy-1",
                VoucherLedger.subsidy(ROUND),
                LedgerFixture.LOT,
                5_000,
                VoucherLedger.MONEY,
                VoucherLedger.TRANSFER_PURCHASE)));

        JsonApi.Answer early = api().post("/api/v1/operator/settlements/" + DAY + "/run", operator(), null);
        assertThat(early.status()).as(early.toString()).isEqualTo(422);
        assertThat(early.code()).isEqualTo("DAY_NOT_CLOSED");

        clock.set(Instant.parse("2026-03-10T15:30:00Z"));
        String operator = operator();
        JsonApi.Answer run = api().post("/api/v1/operator/settlements/" + DAY + "/run", operator, null);
        assertThat(run.status()).as(run.toString()).isEqualTo(200);
        JsonNode first = run.json();
        assertThat(first.get("paidKrw").asLong()).isEqualTo(33_167);
        assertThat(first.get("feesKrw").asLong()).isEqualTo(166);
        assertThat(first.get("heldKrw").asLong()).isEqualTo(5_000);
        assertThat(first.get("payoutDay").asString()).isEqualTo("2026-03-11");
        assertThat(first.get("outcomes").toString()).isEqualTo("{\"HELD_NO_ACCOUNT\":1,\"PAID\":1}");

        JsonApi.Answer again = api().post("/api/v1/operator/settlements/" + DAY + "/run", operator, null);
        assertThat(again.json().get("paidKrw").asLong()).isEqualTo(33_167);
        assertThat(ledger.lookupAccount(VoucherLedger.settled(PROGRAM))
                        .orElseThrow()
                        .postedBalance())
                .isEqualTo(33_167);
        assertThat(api().get("/api/v1/operator/settlements/" + DAY, operator)
                        .json()
                        .get("payoutCount")
                        .asInt())
                .isEqualTo(2);

        JsonApi.Answer file =
                api().get("/api/v1/operator/settlements/" + DAY + "/payout-file", operator, "Accept", "text/plain");
        assertThat(file.status()).as(file.toString()).isEqualTo(200);
        assertThat(file.body())
                .startsWith("H|DANGOL-PAYOUT|1|20260310|20260311|")
                .contains("\r\nD|000001|004|12345678901|김떡집|33167|DG20260310-it-onnuri-demo-shop-1\r\n")
                .endsWith("\r\nT|1|33167\r\n");

        JsonNode statement = api().get("/api/v1/merchants/demo-shop-1/statements/days/" + DAY, operator)
                .json();
        assertThat(statement.get("paymentsKrw").asLong()).isEqualTo(43_333);
        assertThat(statement.get("cancellationsKrw").asLong()).isEqualTo(10_000);
        assertThat(statement.get("feesKrw").asLong()).isEqualTo(166);
        assertThat(statement.get("payoutsKrw").asLong()).isEqualTo(33_167);
        assertThat(statement.get("stillPayableKrw").get("it-onnuri").asLong()).isZero();
        assertThat(statement.get("lines").get(0).get("settlement").asString()).isEqualTo("PAID");

        TestSessions.SignedIn merchantPerson = sessions().signIn("박가게", TestSessions.newPhone());
        JsonApi.Answer asCitizen =
                api().get("/api/v1/merchants/demo-shop-1/statements/months/2026-03", merchantPerson.authorization());
        assertThat(asCitizen.status()).isEqualTo(403);
        assertThat(asCitizen.code()).isEqualTo("NOT_THIS_MERCHANTS_MEMBER");
        JsonApi.Answer granted = api().put(
                        "/api/v1/operator/people/" + merchantPerson.personId() + "/roles",
                        operator,
                        JsonApi.JSON.valueToTree(Map.of("roles", List.of("CITIZEN", "MERCHANT"))));
        assertThat(granted.status()).as(granted.toString()).isEqualTo(200);
        JsonApi.Answer roleAlone =
                api().get("/api/v1/merchants/demo-shop-1/statements/months/2026-03", merchantPerson.authorization());
        assertThat(roleAlone.status())
                .as("the merchant role alone is not membership")
                .isEqualTo(403);
        JsonApi.Answer linked = api().put(
                        "/api/v1/operator/merchants/demo-shop-1/members/" + merchantPerson.personId(), operator, null);
        assertThat(linked.status()).as(linked.toString()).isEqualTo(200);
        JsonApi.Answer month =
                api().get("/api/v1/merchants/demo-shop-1/statements/months/2026-03", merchantPerson.authorization());
        assertThat(month.status()).as(month.toString()).isEqualTo(200);
        assertThat(month.json().get("payoutsKrw").asLong()).isEqualTo(33_167);
        assertThat(api().get("/api/v1/merchants/demo-shop-1/statements/months/2026-03", null)
                        .status())
                .isEqualTo(401);

        JsonNode claim = api().get(
                        "/api/v1/operator/settlements/subsidy-claims/it-onnuri/rounds/it-onnuri-r1", operator)
                .json();
        assertThat(claim.get("claimedKrw").asLong()).isEqualTo(5_000);
        JsonApi.Answer csv = api().get(
                        "/api/v1/operator/settlements/subsidy-claims/it-onnuri/rounds/it-onnuri-r1/csv",
                        operator,
                        "Accept",
                        "text/csv");
        assertThat(csv.body()).contains("\r\nit-onnuri,it-onnuri-r1,\"IT round\",1000,5000,0,5000,0,");

        JsonNode clean = api().get("/api/v1/operator/settlements/reconciliation", operator)
                .json();
        assertThat(clean.get("mismatches").toString()).isEqualTo("[]");
        assertThat(clean.get("balanced").asBoolean()).isTrue();
        fixture.plantStrayCredit("it-stray", PROGRAM, SHOP, 777);
        JsonNode caught = api().get("/api/v1/operator/settlements/reconciliation", operator)
                .json();
        assertThat(caught.get("balanced").asBoolean()).isFalse();
        assertThat(caught.get("mismatches").get(0).asString()).contains("Merchant demo-shop-1 in program it-onnuri");
    }

    @Test
    void badInputIsRefusedWithProblemJsonAndChangesNothing() {
        String operator = operator();
        JsonApi api = api();
        record Case(String method, String path, int status, String code) {}
        for (Case c : List.of(
                new Case("GET", "/api/v1/operator/settlements/2026-13-01", 400, "DAY_INVALID"),
                new Case("POST", "/api/v1/operator/settlements/2026-03-14/run", 400, "NOT_A_BUSINESS_DAY"),
                new Case("GET", "/api/v1/operator/settlements/2026-03-09/payout-file", 404, "SETTLEMENT_NOT_RUN"),
                new Case(
                        "GET",
                        "/api/v1/operator/settlements/subsidy-claims/it-onnuri/rounds/nope",
                        404,
                        "ROUND_NOT_FOUND"),
                new Case("GET", "/api/v1/merchants/demo-shop-1/statements/months/2026-3x", 400, "MONTH_INVALID"),
                new Case(
                        "GET",
                        "/api/v1/merchants/demo-shop-1/statements/days/2026-03-15",
                        400,
                        "NOT_A_BUSINESS_DAY"))) {
            JsonApi.Answer answer = api.send(c.method(), c.path(), operator, null);
            assertThat(answer.status()).as(answer.toString()).isEqualTo(c.status());
            assertThat(answer.code()).as(answer.toString()).isEqualTo(c.code());
            assertThat(answer.contentType()).startsWith("application/problem+json");
        }
        JsonApi.Answer page = api.get("/merchant/statements", null, "Accept", "text/html");
        assertThat(page.status()).as(page.toString()).isEqualTo(200);
        assertThat(page.body()).contains("정산 내역").contains("/statements/months/");
        String citizen = sessions().signIn("최시민", TestSessions.newPhone()).authorization();
        JsonApi.Answer notOperator = api.post("/api/v1/operator/settlements/2026-03-09/run", citizen, null);
        assertThat(notOperator.status()).isEqualTo(403);
        assertThat(api.get("/api/v1/operator/settlements/2026-03-09", operator).code())
                .isEqualTo("SETTLEMENT_NOT_RUN");
    }
}
