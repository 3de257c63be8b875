package dev.dangol.payment.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dangol.gateway.CaptureTotals;
import dev.dangol.gateway.GatewayCaptures;
import dev.dangol.gateway.PaymentGateway;
import dev.dangol.identity.FundingSources;
import dev.dangol.ledger.Ledger;
import dev.dangol.ledger.LedgerAudit;
import dev.dangol.program.FundingMethod;
import dev.dangol.sandbox.Behaviour;
import dev.dangol.sandbox.Payment;
import dev.dangol.sandbox.PaymentState;
import dev.dangol.sandbox.SandboxGateway;
import dev.dangol.shared.Money;
import dev.dangol.shared.PersonId;
import dev.dangol.shared.ProgramId;
import dev.dangol.shared.RoundId;
import dev.dangol.testing.ClockControl;
import dev.dangol.testing.FreshDatabase;
import dev.dangol.testing.JsonApi;
import dev.dangol.testing.JsonApi.Answer;
import dev.dangol.testing.MutableClock;
import dev.dangol.testing.TestSessions;
import dev.dangol.testing.TestSessions.SignedIn;
import dev.dangol.wallet.IdempotencyKey;
import dev.dangol.wallet.PaymentId;
import dev.dangol.wallet.Purchase;
import dev.dangol.wallet.PurchaseId;
import dev.dangol.wallet.PurchaseOrder;
import dev.dangol.wallet.PurchaseStatus;
import dev.dangol.wallet.Wallets;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.core.env.Environment;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.node.ObjectNode;

/**
 * Auto-charges whose outcome the request never heard: the in-process sandbox applies the charge but answers too late
 * (and its webhooks come an hour late), so the payment is refused with AUTO_CHARGE_PENDING. Later, with the clock
 * moved by hand, the resolver (or a webhook) learns the outcome: approved before or after the reservation lapsed,
 * declined, or never received. In every case the person ends with the vouchers they were charged for, or with the
 * charge refunded, or with no charge at all; the ledger balances; and resolving again, on this node or another,
 * changes nothing.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "dangol.demo.enabled=true",
            "server.address=127.0.0.1",
            "dangol.gateway.request-timeout=200ms",
            "dangol.payment.auto-charge.resolve-interval=1h",
            "dangol.payment.auto-charge.attempts-max=3"
        })
@FreshDatabase(FreshDatabase.Engine.H2)
@Import(ClockControl.class)
class AutoChargeResolverIT {

    static final ProgramId ONNURI = ProgramId.of("onnuri");
    static final RoundId ROUND = RoundId.of("onnuri-2026-11");
    static final String SHOP = "demo-shop-1";
    static final String CARD = "4111111111111111";
    static final String DECLINING_CARD = "4000000000000002";
    static final Duration HOLD = Duration.ofMinutes(10);

    @Autowired
    Environment environment;

    @Autowired
    MutableClock clock;

    @Autowired
    AutoChargeSettlement settlement;

    @Autowired
    AutoChargeObserver observer;

    @Autowired
    PaymentGateway gateway;

    @Autowired
    SandboxGateway sandbox;

    @Autowired
    GatewayCaptures captures;

    @Autowired
    Wallets wallets;

    @Autowired
    FundingSources fundingSources;

    @Autowired
    Ledger ledger;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    MeterRegistry meters;

    Behaviour original;
    Behaviour quiet;
    JsonApi api;
    SignedIn citizen;
    PersonId person;

    @BeforeEach
    void aCitizenWith30000AndAGatewayWhoseWebhooksComeAnHourLate() {
        original = sandbox.behaviour();
        quiet = original.withLateWebhooks(10_000, Duration.ofHours(1));
        sandbox.configure(quiet);
        int port = environment.getRequiredProperty("local.server.port", Integer.class);
        api = new JsonApi(port);
        citizen = new TestSessions(port).signIn("박늦음", TestSessions.newPhone());
        person = PersonId.of(citizen.personId());
        buy(Money.krw(30_000), FundingMethod.BANK_ACCOUNT);
    }

    @AfterEach
    void gatewayAsItWas() {
        sandbox.configure(original);
    }

    @Test
    void anApprovalTheRequestNeverHeardIsConfirmedByTheResolverAndTheRetryPays() {
        fundingSources.linkCard(person, CARD);
        CaptureTotals before = captures.totals();
        String key = UUID.randomUUID().toString();
        AutoChargeRecord pending = givesUp(key);
        assertThat(pending.state()).isEqualTo(AutoChargeState.CHARGING);
        assertThat(sandbox.payment(pending.gatewayKey()).orElseThrow().state()).isEqualTo(PaymentState.APPROVED);

        // Before its short age the resolver leaves it to the request.
        assertThat(resolve()).isEqualTo(pending);
        clock.advanceSeconds(31);
        AutoChargeRecord confirmed = resolve();
        assertThat(confirmed.state()).isEqualTo(AutoChargeState.CONFIRMED);
        assertThat(confirmed.vouchers()).isEqualTo(pending.purchase());
        assertThat(wallets.wallet(person, ONNURI).balance()).isEqualTo(Money.krw(50_000));

        Answer paid = post(pay(45_000), key);
        assertThat(paid.status()).as(paid.toString()).isEqualTo(201);
        assertThat(wallets.wallet(person, ONNURI).balance()).isEqualTo(Money.krw(5_000));
        assertThat(captures.totals().approvedCount() - before.approvedCount()).isEqualTo(1);
        honest(pending.payment());
    }

    @Test
    void anApprovalAfterTheHoldLapsedBuysTheVouchersAgain() {
        fundingSources.linkCard(person, CARD);
        double late = count("dangol.payment.auto.charge.late.approvals", "confirmed");
        String key = UUID.randomUUID().toString();
        AutoChargeRecord pending = givesUp(key);

        lapse();
        AutoChargeRecord confirmed = resolve();
        assertThat(confirmed.state()).isEqualTo(AutoChargeState.CONFIRMED);
        assertThat(confirmed.reason()).isEqualTo("LATE_APPROVAL");
        assertThat(confirmed.vouchers()).isNotEqualTo(pending.purchase());
        assertThat(wallets.purchase(person, pending.purchase()).orElseThrow().status())
                .isEqualTo(PurchaseStatus.HOLD_EXPIRED);
        assertThat(count("dangol.payment.auto.charge.late.approvals", "confirmed") - late)
                .isEqualTo(1);

        Answer paid = post(pay(45_000), key);
        assertThat(paid.status()).as(paid.toString()).isEqualTo(201);
        assertThat(wallets.wallet(person, ONNURI).balance()).isEqualTo(Money.krw(5_000));
        honest(pending.payment());
    }

    @Test
    void anApprovalAfterTheHoldLapsedIsRefundedWhenTheLimitsNoLongerAllowTheVouchers() {
        fundingSources.linkCard(person, CARD);
        double refunded = count("dangol.payment.auto.charge.late.approvals", "refunded");
        String key = UUID.randomUUID().toString();
        AutoChargeRecord pending = givesUp(key);

        // The hold lapses and the person fills their whole limit meanwhile.
        lapse();
        buy(Money.krw(1_970_000), FundingMethod.BANK_ACCOUNT);
        AutoChargeRecord refund = resolve();
        assertThat(refund.state()).isEqualTo(AutoChargeState.REFUNDED);
        assertThat(sandbox.payment(pending.gatewayKey()).orElseThrow().state()).isEqualTo(PaymentState.CANCELLED);
        assertThat(wallets.wallet(person, ONNURI).balance()).isEqualTo(Money.krw(2_000_000));
        assertThat(count("dangol.payment.auto.charge.late.approvals", "refunded") - refunded)
                .isEqualTo(1);

        // (A retry of the payment would now be paid from the balance, without auto-charge.)
        honest(pending.payment());
    }

    @Test
    void aDeclineTheRequestNeverHeardReleasesTheReservation() {
        fundingSources.linkCard(person, DECLINING_CARD);
        Money room = wallets.wallet(person, ONNURI).monthlyPurchaseRoom();
        String key = UUID.randomUUID().toString();
        AutoChargeRecord pending = givesUp(key);
        assertThat(wallets.wallet(person, ONNURI).monthlyPurchaseRoom()).isEqualTo(room.minus(Money.krw(20_000)));

        clock.advanceSeconds(31);
        AutoChargeRecord released = resolve();
        assertThat(released.state()).isEqualTo(AutoChargeState.RELEASED);
        assertThat(wallets.wallet(person, ONNURI).monthlyPurchaseRoom()).isEqualTo(room);

        Answer again = post(pay(45_000), key);
        assertThat(again.status()).as(again.toString()).isEqualTo(422);
        assertThat(again.code()).isEqualTo("AUTO_CHARGE_DECLINED");
        assertThat(wallets.wallet(person, ONNURI).balance()).isEqualTo(Money.krw(30_000));
        honest(pending.payment());
    }

    @Test
    void aChargeTheGatewayNeverHeardOfIsReleasedOnceItHadAmpleTime() {
        fundingSources.linkCard(person, CARD);
        CaptureTotals before = captures.totals();
        String key = UUID.randomUUID().toString();
        sandbox.configure(quiet.withErrorBasisPoints(10_000));
        Answer pending;
        try {
            pending = post(pay(45_000), key);
        } finally {
            sandbox.configure(quiet);
        }
        assertThat(pending.code()).as(pending.toString()).isEqualTo("AUTO_CHARGE_PENDING");
        AutoChargeRecord charging = record(key);

        clock.advanceSeconds(31);
        AutoChargeRecord asked = resolve();
        assertThat(asked.state()).as("not found yet may still be on its way").isEqualTo(AutoChargeState.CHARGING);
        assertThat(asked.attempts()).isEqualTo(1);
        clock.advanceSeconds(120);
        AutoChargeRecord released = resolve();
        assertThat(released.state()).isEqualTo(AutoChargeState.RELEASED);
        assertThat(released.reason()).isEqualTo("NOT_RECEIVED_BY_GATEWAY");

        Answer again = post(pay(45_000), key);
        assertThat(again.code()).as(again.toString()).isEqualTo("AUTO_CHARGE_EXPIRED");
        assertThat(sandbox.payment(charging.gatewayKey())).isEmpty();
        assertThat(captures.totals().keys()).isEqualTo(before.keys());
        assertThat(wallets.wallet(person, ONNURI).balance()).isEqualTo(Money.krw(30_000));
        honest(charging.payment());
    }

    @Test
    void resolversOnTwoNodesSettleOnceAndResolvingAgainChangesNothing() throws Exception {
        fundingSources.linkCard(person, CARD);
        CaptureTotals before = captures.totals();
        double confirmedBefore = count("dangol.payment.auto.charges", "confirmed");
        AutoChargeRecord pending = givesUp(UUID.randomUUID().toString());
        AutoChargeSettlement otherNode = new AutoChargeSettlement(
                wallets,
                gateway,
                new JdbcAutoChargeRecords(jdbc),
                clock,
                observer,
                Duration.ofSeconds(30),
                Duration.ofMinutes(2),
                3);

        clock.advanceSeconds(31);
        CyclicBarrier together = new CyclicBarrier(2);
        CompletableFuture<Integer> here = CompletableFuture.supplyAsync(() -> {
            await(together);
            return settlement.resolveDue(100);
        });
        CompletableFuture<Integer> there = CompletableFuture.supplyAsync(() -> {
            await(together);
            return otherNode.resolveDue(100);
        });
        here.get();
        there.get();
        AutoChargeRecord confirmed =
                settlement.records().find(pending.payment()).orElseThrow();
        assertThat(confirmed.state()).isEqualTo(AutoChargeState.CONFIRMED);

        clock.advanceSeconds(3_600);
        settlement.resolveDue(100);
        otherNode.resolveDue(100);
        assertThat(settlement.records().find(pending.payment())).contains(confirmed);
        assertThat(count("dangol.payment.auto.charges", "confirmed") - confirmedBefore)
                .isEqualTo(1);
        assertThat(wallets.wallet(person, ONNURI).balance()).isEqualTo(Money.krw(50_000));
        assertThat(captures.totals().approvedCount() - before.approvedCount()).isEqualTo(1);
        assertThat(captures.totals().captured().minus(before.captured())).isEqualTo(Money.krw(18_000));
        honest(pending.payment());
    }

    @Test
    void aGatewayThatNeverAnswersIsAskedAFewTimesThenLeftToAnOperatorAndTheRetryStillSettlesIt() {
        fundingSources.linkCard(person, CARD);
        double unresolved = count("dangol.payment.auto.charges.unresolved", null);
        String key = UUID.randomUUID().toString();
        AutoChargeRecord pending = givesUp(key);

        sandbox.configure(quiet.withTimeoutBasisPoints(10_000));
        try {
            // Waits of 30 s, 1 min and 2 min: three attempts, the last one flagged.
            for (long wait : new long[] {31, 61, 121}) {
                clock.advanceSeconds(wait);
                assertThat(resolve().state()).isEqualTo(AutoChargeState.CHARGING);
            }
            assertThat(record(key).attempts()).isEqualTo(3);
            assertThat(count("dangol.payment.auto.charges.unresolved", null) - unresolved)
                    .isEqualTo(1);
            // Fifteen minutes on (the citizen's session lasts 30 minutes unused), still not asked again.
            clock.advanceSeconds(900);
            AutoChargeRecord flagged = record(key);
            assertThat(resolve()).as("no longer asked by the resolver").isEqualTo(flagged);
        } finally {
            sandbox.configure(quiet);
        }

        // The reservation lapsed meanwhile; the retry learns of the approval and buys the vouchers again.
        ledger.expirePendingTransfers(1_000);
        wallets.returnLapsedLimits(1_000);
        Answer paid = post(pay(45_000), key);
        assertThat(paid.status()).as(paid.toString()).isEqualTo(201);
        assertThat(record(key).state()).isEqualTo(AutoChargeState.CONFIRMED);
        assertThat(count("dangol.payment.auto.charges.unresolved", null) - unresolved)
                .isEqualTo(1);
        honest(pending.payment());
    }

    @Test
    void aWebhookForTheAutoChargesKeySettlesItWithoutTheResolver() throws InterruptedException {
        fundingSources.linkCard(person, CARD);
        sandbox.configure(original.withLateWebhooks(10_000, Duration.ofSeconds(2)));
        String key = UUID.randomUUID().toString();
        AutoChargeRecord pending = givesUp(key);
        Instant deadline = Instant.now().plusSeconds(10);
        while (!record(key).state().isFinal() && Instant.now().isBefore(deadline)) {
            Thread.sleep(50);
        }
        assertThat(record(key).state()).isEqualTo(AutoChargeState.CONFIRMED);
        Answer paid = post(pay(45_000), key);
        assertThat(paid.status()).as(paid.toString()).isEqualTo(201);
        honest(pending.payment());
    }

    /** The gateway approves (or declines) the charge but answers neither the charge nor the inquiry in time. */
    AutoChargeRecord givesUp(String key) {
        Behaviour now = sandbox.behaviour();
        sandbox.configure(now.withTimeoutBasisPoints(10_000));
        Answer pending;
        try {
            pending = post(pay(45_000), key);
        } finally {
            sandbox.configure(now);
        }
        assertThat(pending.status()).as(pending.toString()).isEqualTo(503);
        assertThat(pending.code()).isEqualTo("AUTO_CHARGE_PENDING");
        assertThat(wallets.wallet(person, ONNURI).balance()).isEqualTo(Money.krw(30_000));
        return record(key);
    }

    /** Runs the resolver and reads this person's auto-charge back. */
    AutoChargeRecord resolve() {
        settlement.resolveDue(100);
        return settlement.records().find(lastPayment).orElseThrow();
    }

    /**
     * Past the hold: the ledger voids what lapsed and the wallet gives the lapsed reservations' limits back, as their
     * jobs do every second in a running node.
     */
    void lapse() {
        clock.advance(HOLD.plusSeconds(1));
        ledger.expirePendingTransfers(1_000);
        wallets.returnLapsedLimits(1_000);
    }

    PaymentId lastPayment;

    AutoChargeRecord record(String key) {
        lastPayment = PaymentId.byCitizen(person, new IdempotencyKey(key));
        return settlement.records().find(lastPayment).orElseThrow();
    }

    /**
     * The auto-charge is final and honest: the vouchers it confirmed were paid exactly what the gateway kept; a
     * released one left no charge; a refunded one left neither a charge nor vouchers. The ledger balances.
     */
    void honest(PaymentId payment) {
        AutoChargeRecord record = settlement.records().find(payment).orElseThrow();
        assertThat(record.state().isFinal()).as(record.toString()).isTrue();
        Optional<Payment> charge = sandbox.payment(record.gatewayKey());
        Optional<Purchase> reserved = wallets.purchase(person, record.purchase());
        Optional<Purchase> bought =
                wallets.purchase(person, PurchaseId.derive(person, AutoChargeSettlement.lateKey(record)));
        switch (record.state()) {
            case CONFIRMED -> {
                assertThat(charge.orElseThrow().state()).isEqualTo(PaymentState.APPROVED);
                Purchase vouchers = wallets.purchase(person, record.vouchers()).orElseThrow();
                assertThat(vouchers.status()).isIn(PurchaseStatus.CONFIRMED);
                assertThat(vouchers.paid().krw()).isEqualTo(charge.get().amountKrw());
                assertThat(vouchers.faceValue()).isEqualTo(record.faceValue());
                List<Purchase> confirmed = java.util.stream.Stream.of(reserved, bought)
                        .flatMap(Optional::stream)
                        .filter(p -> p.status() == PurchaseStatus.CONFIRMED)
                        .toList();
                assertThat(confirmed).as("one purchase for one charge").hasSize(1);
            }
            case RELEASED -> {
                assertThat(charge.map(Payment::state)).isIn(Optional.empty(), Optional.of(PaymentState.DECLINED));
                assertThat(reserved.orElseThrow().status()).isIn(PurchaseStatus.RELEASED, PurchaseStatus.HOLD_EXPIRED);
                assertThat(bought).isEmpty();
            }
            case REFUNDED -> {
                assertThat(charge.orElseThrow().state()).isEqualTo(PaymentState.CANCELLED);
                assertThat(reserved.orElseThrow().status()).isNotEqualTo(PurchaseStatus.CONFIRMED);
                assertThat(bought.map(Purchase::status)).isNotEqualTo(Optional.of(PurchaseStatus.CONFIRMED));
            }
            case CHARGING, APPROVED, REFUNDING -> throw new AssertionError("not final: " + record);
        }
        LedgerAudit audit = ledger.audit();
        assertThat(audit.violations()).isEmpty();
        assertThat(audit.balanced()).isTrue();
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

    static ObjectNode pay(long amount) {
        return JsonApi.object()
                .put("merchantId", SHOP)
                .put("programId", ONNURI.value())
                .put("amount", amount)
                .put("autoCharge", true);
    }

    Answer post(ObjectNode body, String key) {
        return api.post("/api/v1/payments", citizen.authorization(), body, "Idempotency-Key", key);
    }

    double count(String name, String outcome) {
        Counter counter = outcome == null
                ? meters.find(name).counter()
                : meters.find(name).tag("outcome", outcome).counter();
        return counter == null ? 0 : counter.count();
    }

    static void await(CyclicBarrier barrier) {
        try {
            barrier.await();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
