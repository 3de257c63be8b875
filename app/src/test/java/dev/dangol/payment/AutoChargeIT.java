package dev.dangol.payment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dangol.gateway.CaptureTotals;
import dev.dangol.gateway.GatewayCaptures;
import dev.dangol.identity.FundingSources;
import dev.dangol.ledger.AccountBalance;
import dev.dangol.ledger.Ledger;
import dev.dangol.ledger.LedgerAudit;
import dev.dangol.program.FundingMethod;
import dev.dangol.program.Programs;
import dev.dangol.program.RoundStatus;
import dev.dangol.program.VoucherLedger;
import dev.dangol.sandbox.Behaviour;
import dev.dangol.sandbox.SandboxGateway;
import dev.dangol.shared.MerchantId;
import dev.dangol.shared.Money;
import dev.dangol.shared.PersonId;
import dev.dangol.shared.ProgramId;
import dev.dangol.shared.RoundId;
import dev.dangol.testing.ClockControl;
import dev.dangol.testing.FreshDatabase;
import dev.dangol.testing.JsonApi;
import dev.dangol.testing.JsonApi.Answer;
import dev.dangol.testing.TestSessions;
import dev.dangol.testing.TestSessions.SignedIn;
import dev.dangol.wallet.IdempotencyKey;
import dev.dangol.wallet.Purchase;
import dev.dangol.wallet.PurchaseId;
import dev.dangol.wallet.PurchaseOrder;
import dev.dangol.wallet.PurchaseStatus;
import dev.dangol.wallet.WalletView;
import dev.dangol.wallet.Wallets;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import tools.jackson.databind.node.ObjectNode;

/**
 * Auto-charge: a citizen whose balance is short pays anyway, the shortfall rounded up to the purchase unit being bought
 * at the round's discount through the in-process sandbox gateway within the same request. A decline, a missing
 * funding source or a limit refuses the payment and changes nothing; a retry never charges twice.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"dangol.demo.enabled=true", "server.address=127.0.0.1"})
@FreshDatabase(FreshDatabase.Engine.H2)
@Import(ClockControl.class)
class AutoChargeIT {

    static final ProgramId ONNURI = ProgramId.of("onnuri");
    static final RoundId ROUND = RoundId.of("onnuri-2026-11");
    static final String SHOP = "demo-shop-1";
    static final String CARD = "4111111111111111";
    static final String DECLINING_CARD = "4000000000000002";

    @Autowired
    Environment environment;

    @Autowired
    Wallets wallets;

    @Autowired
    FundingSources fundingSources;

    @Autowired
    GatewayCaptures captures;

    @Autowired
    Ledger ledger;

    @Autowired
    Programs programs;

    @Autowired
    SandboxGateway sandbox;

    JsonApi api;
    SignedIn citizen;
    PersonId person;

    @BeforeEach
    void aCitizenWith30000() {
        int port = environment.getRequiredProperty("local.server.port", Integer.class);
        api = new JsonApi(port);
        citizen = new TestSessions(port).signIn("김충전", TestSessions.newPhone());
        person = PersonId.of(citizen.personId());
        buy(Money.krw(30_000), FundingMethod.BANK_ACCOUNT);
    }

    void buy(Money face, FundingMethod method) {
        Purchase purchase = wallets.reserve(new PurchaseOrder(
                person,
                ROUND,
                face,
                method,
                new IdempotencyKey(UUID.randomUUID().toString())));
        wallets.confirm(person, purchase.id());
    }

    static ObjectNode pay(long amount, boolean autoCharge) {
        return JsonApi.object()
                .put("merchantId", SHOP)
                .put("programId", ONNURI.value())
                .put("amount", amount)
                .put("autoCharge", autoCharge);
    }

    Answer post(ObjectNode body, String key) {
        return api.post("/api/v1/payments", citizen.authorization(), body, "Idempotency-Key", key);
    }

    WalletView wallet() {
        return wallets.wallet(person, ONNURI);
    }

    long payable() {
        return ledger.lookupAccount(VoucherLedger.merchantPayable(ONNURI, MerchantId.of(SHOP)))
                .map(AccountBalance::postedBalance)
                .orElse(0L);
    }

    void refused(int status, String code, Supplier<Answer> call) {
        WalletView before = wallet();
        long payableBefore = payable();
        CaptureTotals gatewayBefore = captures.totals();
        Answer answer = call.get();
        assertThat(answer.status()).as(answer.toString()).isEqualTo(status);
        assertThat(answer.contentType()).as(answer.toString()).startsWith("application/problem+json");
        assertThat(answer.code()).as(answer.toString()).isEqualTo(code);
        assertThat(answer.json().path("detail").asString(""))
                .as(answer.toString())
                .isNotBlank();
        assertThat(wallet()).isEqualTo(before);
        assertThat(payable()).isEqualTo(payableBefore);
        assertThat(captures.totals().captured()).isEqualTo(gatewayBefore.captured());
        assertThat(captures.totals().approvedCount()).isEqualTo(gatewayBefore.approvedCount());
    }

    @Test
    void theShortfallIsBoughtInWholeUnitsAtTheDiscountAndThePaymentCompletesOnce() {
        fundingSources.linkCard(person, CARD);
        refused(
                422,
                "INSUFFICIENT_BALANCE",
                () -> post(pay(45_000, false), UUID.randomUUID().toString()));
        CaptureTotals before = captures.totals();
        long payableBefore = payable();

        String key = UUID.randomUUID().toString();
        Answer paid = post(pay(45_000, true), key);
        assertThat(paid.status()).as(paid.toString()).isEqualTo(201);
        String id = paid.json().get("id").asString();
        assertThat(paid.json().get("amount").asLong()).isEqualTo(45_000);

        // 15,000 short, rounded up to the 10,000 unit: 20,000 of face value, paid 18,000 by card at 10% off.
        Purchase topUp = wallets.purchase(person, PurchaseId.derive(person, new IdempotencyKey("autocharge:" + id)))
                .orElseThrow();
        assertThat(topUp.faceValue()).isEqualTo(Money.krw(20_000));
        assertThat(topUp.paid()).isEqualTo(Money.krw(18_000));
        assertThat(topUp.funding()).isEqualTo(FundingMethod.CARD);
        assertThat(topUp.status()).isEqualTo(PurchaseStatus.CONFIRMED);
        assertThat(wallet().balance()).isEqualTo(Money.krw(5_000));
        assertThat(payable() - payableBefore).isEqualTo(45_000);
        CaptureTotals after = captures.totals();
        assertThat(after.approvedCount() - before.approvedCount()).isEqualTo(1);
        assertThat(after.approved().minus(before.approved())).isEqualTo(Money.krw(18_000));

        // The same request again is the same payment: no second purchase, no second charge.
        Answer again = post(pay(45_000, true), key);
        assertThat(again.status()).as(again.toString()).isIn(200, 201);
        assertThat(again.json().get("id").asString()).isEqualTo(id);
        assertThat(captures.totals().approvedCount()).isEqualTo(after.approvedCount());
        assertThat(captures.totals().approved()).isEqualTo(after.approved());
        assertThat(wallet().balance()).isEqualTo(Money.krw(5_000));

        LedgerAudit audit = ledger.audit();
        assertThat(audit.violations()).isEmpty();
        assertThat(audit.balanced()).isTrue();
    }

    @Test
    void aDeclinedCardRefusesThePaymentAndChangesNothing() {
        fundingSources.linkCard(person, DECLINING_CARD);
        String key = UUID.randomUUID().toString();
        refused(422, "AUTO_CHARGE_DECLINED", () -> post(pay(45_000, true), key));
        // A retry gets the same answer from the gateway's first outcome for the key.
        refused(422, "AUTO_CHARGE_DECLINED", () -> post(pay(45_000, true), key));
        assertThat(wallet().balance()).isEqualTo(Money.krw(30_000));
    }

    @Test
    void withoutAFundingSourceOrWithinTheBalanceNothingIsBought() {
        refused(
                422,
                "AUTO_CHARGE_NO_FUNDING",
                () -> post(pay(45_000, true), UUID.randomUUID().toString()));
        fundingSources.linkCard(person, CARD);
        CaptureTotals before = captures.totals();
        Answer paid = post(pay(25_000, true), UUID.randomUUID().toString());
        assertThat(paid.status()).as(paid.toString()).isEqualTo(201);
        assertThat(wallet().balance()).isEqualTo(Money.krw(5_000));
        assertThat(captures.totals().approvedCount()).isEqualTo(before.approvedCount());
    }

    @Test
    void aShortfallOverTheMonthlyCardLimitIsRefused() {
        buy(Money.krw(1_000_000), FundingMethod.CARD);
        fundingSources.linkCard(person, CARD);
        Answer spent = post(pay(1_025_000, false), UUID.randomUUID().toString());
        assertThat(spent.status()).as(spent.toString()).isEqualTo(201);
        refused(
                422,
                "CARD_MONTHLY_LIMIT_EXCEEDED",
                () -> post(pay(20_000, true), UUID.randomUUID().toString()));
        assertThat(wallet().balance()).isEqualTo(Money.krw(5_000));
    }

    @Test
    void withNoRoundSellingTheShortfallCannotBeBought() {
        fundingSources.linkCard(person, CARD);
        programs.setStatus(ROUND, RoundStatus.PAUSED);
        try {
            refused(
                    409,
                    "AUTO_CHARGE_NO_ROUND",
                    () -> post(pay(45_000, true), UUID.randomUUID().toString()));
        } finally {
            programs.setStatus(ROUND, RoundStatus.ACTIVE);
        }
    }

    @Test
    void aGatewayThatDoesNotAnswerLeavesThePaymentToRetryWhichChargesOnce() {
        fundingSources.linkCard(person, CARD);
        Behaviour healthy = sandbox.behaviour();
        String key = UUID.randomUUID().toString();
        sandbox.configure(healthy.withErrorBasisPoints(10_000));
        CaptureTotals before = captures.totals();
        long payableBefore = payable();
        Answer pending;
        try {
            pending = post(pay(45_000, true), key);
        } finally {
            sandbox.configure(healthy);
        }
        assertThat(pending.status()).as(pending.toString()).isEqualTo(503);
        assertThat(pending.code()).isEqualTo("AUTO_CHARGE_PENDING");
        // Nothing paid or charged, but the reservation is kept for the retry (or lapses by itself).
        assertThat(wallet().balance()).isEqualTo(Money.krw(30_000));
        assertThat(wallet().monthlyPurchaseRoom()).isEqualTo(Money.krw(2_000_000 - 30_000 - 20_000));
        assertThat(payable()).isEqualTo(payableBefore);
        assertThat(captures.totals().approvedCount()).isEqualTo(before.approvedCount());

        Answer paid = post(pay(45_000, true), key);
        assertThat(paid.status()).as(paid.toString()).isEqualTo(201);
        assertThat(wallet().balance()).isEqualTo(Money.krw(5_000));
        assertThat(captures.totals().approvedCount() - before.approvedCount()).isEqualTo(1);
        assertThat(captures.totals().approved().minus(before.approved())).isEqualTo(Money.krw(18_000));
    }
}
