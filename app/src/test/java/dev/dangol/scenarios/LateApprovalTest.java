package dev.dangol.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dangol.gateway.ChargeRequest;
import dev.dangol.gateway.GatewayHealth;
import dev.dangol.gateway.Gateways;
import dev.dangol.gateway.PaymentGateway;
import dev.dangol.gateway.PaymentResult;
import dev.dangol.ledger.Ledger;
import dev.dangol.ledger.Ledgers;
import dev.dangol.program.FundingMethod;
import dev.dangol.program.ProgramCatalogs;
import dev.dangol.program.ProgramDefaults;
import dev.dangol.program.Programs;
import dev.dangol.program.Round;
import dev.dangol.program.RoundStatus;
import dev.dangol.queue.QueueOverview;
import dev.dangol.queue.QueueState;
import dev.dangol.queue.WaitingRoom;
import dev.dangol.queue.WaitingRooms;
import dev.dangol.sale.Checkout;
import dev.dangol.sale.CheckoutOrder;
import dev.dangol.sale.CheckoutStatus;
import dev.dangol.sale.Checkouts;
import dev.dangol.sale.Sales;
import dev.dangol.sandbox.Behaviour;
import dev.dangol.sandbox.Captures;
import dev.dangol.sandbox.SandboxGateway;
import dev.dangol.sandbox.SimulatedTime;
import dev.dangol.shared.Money;
import dev.dangol.shared.PersonId;
import dev.dangol.shared.ProgramId;
import dev.dangol.shared.RoundId;
import dev.dangol.wallet.IdempotencyKey;
import dev.dangol.wallet.Wallets;
import dev.dangol.wallet.internal.LedgerWallets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A payment the gateway approves after Dangol let its reservation lapse. The charge times out, and for eleven minutes
 * the gateway cannot be reached to ask about it (nor does its webhook arrive); then it says "approved". Dangol buys the
 * vouchers again if the budget allows, and otherwise cancels the payment so that the money goes back. Either way the
 * person is charged once for what they hold, and the books balance.
 */
@Timeout(60)
class LateApprovalTest {

    private static final Instant OPENING = Instant.parse("2026-11-23T01:00:00Z");
    private static final ProgramId SEOUL = ProgramId.of("seoul-love");
    private static final RoundId ROUND = RoundId.of("seoul-late");
    private static final Duration RESERVATION = Duration.ofMinutes(10);

    @TempDir
    Path queueDirectory;

    private final SimulatedTime time = new SimulatedTime(OPENING);
    private final Clock clock = time.clock();
    private final AtomicBoolean unreachable = new AtomicBoolean();
    private final AtomicReference<Checkouts> webhooks = new AtomicReference<>();
    private Ledger ledger;
    private Programs programs;
    private Wallets wallets;
    private SandboxGateway sandbox;
    private WaitingRoom room;
    private Checkouts checkouts;

    private void open(long budget) {
        ledger = Ledgers.inMemory(clock);
        programs = ProgramCatalogs.inMemory(ledger, clock);
        wallets = new LedgerWallets(ledger, programs, clock, RESERVATION);
        programs.define(ProgramDefaults.regional(SEOUL, "Seoul Love", "11000"));
        programs.schedule(new Round(
                ROUND,
                SEOUL,
                "Late approvals",
                Money.krw(budget),
                OPENING,
                null,
                Money.krw(400_000),
                700,
                RoundStatus.ACTIVE));
        sandbox = new SandboxGateway(
                clock,
                new SplittableRandom(3),
                time,
                webhook -> {
                    if (!unreachable.get() && webhooks.get() != null) {
                        webhooks.get().paymentNotified(Gateways.result(webhook.payment()));
                    }
                },
                SandboxGateway.Limits.DEFAULT,
                Behaviour.INSTANT);
        PaymentGateway real = Gateways.sandbox(sandbox, duration -> {}, Duration.ofSeconds(3));
        // The network between Dangol and the gateway: while it is down, asking about a payment gets no answer.
        PaymentGateway network = new PaymentGateway() {
            @Override
            public PaymentResult charge(ChargeRequest request) {
                return real.charge(request);
            }

            @Override
            public PaymentResult inquire(String key) {
                return unreachable.get() ? PaymentResult.unknown(key, "no route to the gateway") : real.inquire(key);
            }

            @Override
            public PaymentResult cancel(String key, String reason) {
                return unreachable.get()
                        ? PaymentResult.unknown(key, "no route to the gateway")
                        : real.cancel(key, reason);
            }
        };
        room = WaitingRooms.inMemory(programs, GatewayHealth.NO_REPORTS, clock, queueDirectory, false);
        checkouts = Sales.inMemory(
                room, wallets, network, clock, RESERVATION, Duration.ofMinutes(1), Duration.ofSeconds(30));
        webhooks.set(checkouts);
    }

    @AfterEach
    void close() throws Exception {
        if (room instanceof AutoCloseable closeable) {
            closeable.close();
        }
        if (ledger instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    @Test
    void aLateApprovalIsBoughtAgainWhenBudgetRemains() {
        open(2_000_000);
        PersonId ara = PersonId.of("ara");
        Checkout paying = timeOutThenLoseTheGateway(ara);

        // Eleven minutes on, the reservation and the waiting room's hold have lapsed; the gateway answers again.
        lapse();
        room.admit(ROUND, clock.instant());
        unreachable.set(false);
        checkouts.resolveUnknown(10);

        Checkout late = checkouts.find(ara, paying.id()).orElseThrow();
        assertThat(late.status()).isEqualTo(CheckoutStatus.PAID);
        assertThat(late.reason()).isEqualTo("LATE_APPROVAL");
        assertThat(late.purchase()).isNotEqualTo(paying.purchase());
        assertThat(wallets.wallet(ara, SEOUL).balance()).isEqualTo(Money.krw(400_000));
        assertThat(room.status(ROUND, ara).state()).isEqualTo(QueueState.BOUGHT);
        assertThat(programs.budget(ROUND).sold()).isEqualTo(Money.krw(400_000));
        Captures captured = sandbox.captures();
        assertThat(captured.capturedCount()).isEqualTo(1);
        assertThat(captured.capturedKrw()).isEqualTo(372_000);
        booksAndPoolAgree(2_000_000);
    }

    @Test
    void aLateApprovalIsRefundedWhenTheBudgetWentToSomeoneElse() {
        open(400_000);
        PersonId ara = PersonId.of("ara");
        PersonId bora = PersonId.of("bora");
        Checkout paying = timeOutThenLoseTheGateway(ara);
        room.join(ROUND, bora, null);

        // Ara's hold lapses and goes to Bora, who buys the whole budget while the gateway is still unreachable for
        // questions (charging still works).
        lapse();
        room.status(ROUND, bora);
        room.admit(ROUND, clock.instant());
        assertThat(room.status(ROUND, bora).state()).isEqualTo(QueueState.ADMITTED);
        Checkout bought = checkouts.checkout(order(bora, "card-bora", "late-test-bora-1"));
        assertThat(bought.status()).isEqualTo(CheckoutStatus.PAID);

        // Then the gateway says Ara's payment was approved: nothing is left to buy, so it is cancelled.
        unreachable.set(false);
        checkouts.resolveUnknown(10);

        Checkout late = checkouts.find(ara, paying.id()).orElseThrow();
        assertThat(late.status()).isEqualTo(CheckoutStatus.REFUNDED);
        assertThat(wallets.wallet(ara, SEOUL).balance()).isEqualTo(Money.ZERO);
        assertThat(programs.budget(ROUND).sold()).isEqualTo(Money.krw(400_000));
        Captures captured = sandbox.captures();
        assertThat(captured.cancelledCount()).isEqualTo(1);
        assertThat(captured.capturedCount()).as("only Bora's payment is kept").isEqualTo(1);
        booksAndPoolAgree(400_000);
    }

    /**
     * Eleven minutes pass; the ledger voids what lapsed, as its expiry job does every second in a running node. The
     * wallet's lapse job has not run yet: Ara's round cap is still used by her lapsed reservation, and only the late
     * approval giving that reservation up first lets her buy again (decision 0018).
     */
    private void lapse() {
        time.advance(RESERVATION.plus(Duration.ofMinutes(1)).plusSeconds(1));
        ledger.expirePendingTransfers(1_000);
    }

    /** Ara is admitted and pays; the charge times out at the gateway, and the gateway then cannot be asked. */
    private Checkout timeOutThenLoseTheGateway(PersonId ara) {
        room.status(ROUND, ara);
        room.join(ROUND, ara, null);
        room.admit(ROUND, clock.instant());
        assertThat(room.status(ROUND, ara).state()).isEqualTo(QueueState.ADMITTED);
        unreachable.set(true);
        Checkout paying = checkouts.checkout(order(ara, "card-ara-timeout", "late-test-ara-1"));
        assertThat(paying.status()).isEqualTo(CheckoutStatus.PAYING);
        return paying;
    }

    private void booksAndPoolAgree(long budget) {
        assertThat(ledger.audit().balanced()).isTrue();
        assertThat(ledger.audit().violations()).isEmpty();
        QueueOverview overview = room.overview(ROUND);
        assertThat(overview.sold().krw()
                        + overview.pool().krw()
                        + overview.held().krw())
                .isEqualTo(budget);
        assertThat(overview.sold()).isEqualTo(programs.budget(ROUND).sold());
    }

    private static CheckoutOrder order(PersonId person, String token, String key) {
        return new CheckoutOrder(
                person,
                ROUND,
                Money.krw(400_000),
                FundingMethod.CARD,
                "source-" + token,
                token,
                new IdempotencyKey(key));
    }
}
