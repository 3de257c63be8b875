package dev.dangol.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dangol.gateway.GatewayHealth;
import dev.dangol.gateway.Gateways;
import dev.dangol.gateway.PaymentGateway;
import dev.dangol.ledger.Ledger;
import dev.dangol.ledger.LedgerAudit;
import dev.dangol.ledger.Ledgers;
import dev.dangol.program.FundingMethod;
import dev.dangol.program.ProgramCatalogs;
import dev.dangol.program.ProgramDefaults;
import dev.dangol.program.Programs;
import dev.dangol.program.Round;
import dev.dangol.program.RoundBudget;
import dev.dangol.program.RoundStatus;
import dev.dangol.queue.Chance;
import dev.dangol.queue.Draw;
import dev.dangol.queue.Place;
import dev.dangol.queue.QueueState;
import dev.dangol.queue.QueueStatus;
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
import dev.dangol.shared.Rejection;
import dev.dangol.shared.RoundId;
import dev.dangol.wallet.IdempotencyKey;
import dev.dangol.wallet.Wallets;
import dev.dangol.wallet.internal.LedgerWallets;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Launch morning in simulated time, with every real component in memory: the ledger, the programme catalogue, the
 * wallets, the waiting room, the sandbox gateway and the purchase saga. A small round opens; people pre-queue and
 * queue, are admitted, some buy, one is declined and pays with another card, one gives up, one walks away and lets
 * the hold lapse; the round sells out to the last won, latecomers are told at once, and the books balance.
 */
@Timeout(60)
class LaunchStoryTest {

    private static final Instant OPENING = Instant.parse("2026-11-23T01:00:00Z");
    private static final ProgramId SEOUL = ProgramId.of("seoul-love");
    private static final RoundId ROUND = RoundId.of("seoul-2026-r2");
    private static final Money CAP = Money.krw(400_000);
    private static final Money BUDGET = Money.krw(2_000_000);

    @TempDir
    Path queueDirectory;

    private final SimulatedTime time = new SimulatedTime(OPENING.minus(Duration.ofMinutes(10)));
    private final Clock clock = time.clock();
    private final AtomicReference<Checkouts> webhookTarget = new AtomicReference<>();
    private final AtomicInteger keys = new AtomicInteger();

    private Ledger ledger;
    private Programs programs;
    private Wallets wallets;
    private SandboxGateway sandbox;
    private WaitingRoom room;
    private Checkouts checkouts;

    @BeforeEach
    void scheduleTheRound() {
        ledger = Ledgers.inMemory(clock);
        programs = ProgramCatalogs.inMemory(ledger, clock);
        wallets = new LedgerWallets(ledger, programs, clock, Duration.ofMinutes(10));
        programs.define(ProgramDefaults.regional(SEOUL, "Seoul Love", "11000"));
        programs.schedule(
                new Round(ROUND, SEOUL, "Seoul Love round 2", BUDGET, OPENING, null, CAP, 700, RoundStatus.ACTIVE));
        sandbox = new SandboxGateway(
                clock,
                new SplittableRandom(7),
                time,
                webhook -> {
                    Checkouts target = webhookTarget.get();
                    if (target != null) {
                        target.paymentNotified(Gateways.result(webhook.payment()));
                    }
                },
                SandboxGateway.Limits.DEFAULT,
                Behaviour.INSTANT);
        PaymentGateway gateway = Gateways.sandbox(sandbox, duration -> {}, Duration.ofSeconds(3));
        room = WaitingRooms.inMemory(programs, GatewayHealth.NO_REPORTS, clock, queueDirectory, false);
        checkouts = Sales.inMemory(
                room, wallets, gateway, clock, Duration.ofMinutes(10), Duration.ofMinutes(1), Duration.ofSeconds(30));
        webhookTarget.set(checkouts);
    }

    @AfterEach
    void closeTheRoom() throws Exception {
        if (room instanceof AutoCloseable closeable) {
            closeable.close();
        }
        if (ledger instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    @Test
    void aRoundOpensQueuesAdmitsSellsOutToTheLastWonAndTheBooksBalance() throws Exception {
        PersonId ara = PersonId.of("ara"), bora = PersonId.of("bora"), chan = PersonId.of("chan");
        PersonId dami = PersonId.of("dami"), eun = PersonId.of("eun"), gyu = PersonId.of("gyu");
        PersonId hana = PersonId.of("hana"), ian = PersonId.of("ian"), late = PersonId.of("late");

        // Ten minutes before opening three people pre-queue: no position yet, only the draw's commitment is public.
        Place araPlace = room.join(ROUND, ara, null);
        room.join(ROUND, bora, null);
        room.join(ROUND, chan, null);
        assertThat(araPlace.status().state()).isEqualTo(QueueState.PRE_QUEUE);
        Draw before = room.draw(ROUND);
        assertThat(before.seed()).isNull();
        assertThat(before.seedCommitment()).hasSize(64);

        // Joining again from another phone gives the same place.
        Place araAgain = room.join(ROUND, ara, null);
        assertThat(araAgain.rejoined()).isTrue();

        // Opening: the draw orders the pre-queue from a seed published now, that hashes to the commitment, and the
        // same step admits the three, whose caps the budget covers.
        time.advance(Duration.between(clock.instant(), OPENING).minusSeconds(5));
        for (PersonId p : List.of(ara, bora, chan)) {
            assertThat(status(p).state()).isEqualTo(QueueState.PRE_QUEUE); // their pages poll until opening
        }
        time.advance(Duration.ofSeconds(5));
        assertThat(room.admit(ROUND, clock.instant())).isEqualTo(3);
        Draw drawn = room.draw(ROUND);
        assertThat(drawn.seed()).isNotNull();
        assertThat(sha256(drawn.seed())).isEqualTo(before.seedCommitment());
        assertThat(drawn.participants()).hasSize(3);

        // After opening, first come first served: positions count the people still waiting ahead.
        Place damiPlace = room.join(ROUND, dami, null);
        Place eunPlace = room.join(ROUND, eun, null);
        Place gyuPlace = room.join(ROUND, gyu, null);
        Place hanaPlace = room.join(ROUND, hana, null);
        Place ianPlace = room.join(ROUND, ian, Money.krw(200_000));
        assertThat(List.of(damiPlace, eunPlace, gyuPlace, hanaPlace, ianPlace))
                .extracting(p -> p.status().position())
                .containsExactly(1L, 2L, 3L, 4L, 5L);

        // Buying before one's turn changes nothing.
        assertThatThrownBy(() -> buy(gyu, 400_000, "tok-gyu"))
                .isInstanceOfSatisfying(
                        Rejection.class, r -> assertThat(r.code()).isEqualTo("NOT_ADMITTED"));

        // Admission: the budget covers five whole caps, so two more people are admitted and the rest wait.
        assertThat(room.admit(ROUND, clock.instant())).isEqualTo(2);
        List<PersonId> preQueue = List.of(ara, bora, chan);
        assertThat(preQueue).allSatisfy(p -> assertThat(status(p).state()).isEqualTo(QueueState.ADMITTED));
        assertThat(status(dami).state()).isEqualTo(QueueState.ADMITTED);
        assertThat(status(eun).state()).isEqualTo(QueueState.ADMITTED);
        QueueStatus gyuWaiting = status(gyu);
        assertThat(gyuWaiting.state()).isEqualTo(QueueState.WAITING);
        assertThat(gyuWaiting.position()).isEqualTo(1);
        assertThat(gyuWaiting.chance()).isNotEqualTo(Chance.NO_STOCK_LEFT);

        // Ara buys her whole cap.
        assertThat(buy(ara, 400_000, "tok-ara").status()).isEqualTo(CheckoutStatus.PAID);
        // Retrying with the same key returns the same checkout; the same key for another amount is refused.
        IdempotencyKey araKey = new IdempotencyKey("story-key-" + keys.get());
        assertThat(checkouts.checkout(order(ara, 400_000, "tok-ara", araKey)).status())
                .isEqualTo(CheckoutStatus.PAID);
        assertThatThrownBy(() -> checkouts.checkout(order(ara, 300_000, "tok-ara", araKey)))
                .isInstanceOfSatisfying(
                        Rejection.class, r -> assertThat(r.code()).isEqualTo("IDEMPOTENCY_KEY_REUSED"));
        // Bora buys half; more than her hold is refused first.
        assertThatThrownBy(() -> buy(bora, 410_000, "tok-bora"))
                .isInstanceOfSatisfying(
                        Rejection.class, r -> assertThat(r.code()).isEqualTo("OVER_HOLD"));
        assertThat(buy(bora, 200_000, "tok-bora").status()).isEqualTo(CheckoutStatus.PAID);
        // Chan's card is declined; he stays admitted and pays with his bank account.
        assertThat(buy(chan, 400_000, "tok-chan-decline").status()).isEqualTo(CheckoutStatus.DECLINED);
        assertThat(status(chan).state()).isEqualTo(QueueState.ADMITTED);
        assertThat(buy(chan, 400_000, "tok-chan").status()).isEqualTo(CheckoutStatus.PAID);
        // Dami gives her turn up; Eun walks away without a word.
        room.release(ROUND, dami);

        // The next step admits Gyu with the budget Bora and Dami left; Hana must wait for Eun's hold.
        room.admit(ROUND, clock.instant());
        assertThat(status(gyu).state()).isEqualTo(QueueState.ADMITTED);
        assertThat(status(hana).state()).isEqualTo(QueueState.WAITING);
        assertThat(buy(gyu, 400_000, "tok-gyu").status()).isEqualTo(CheckoutStatus.PAID);

        // Eun's hold lapses after the hold time and goes to Hana.
        time.advance(Duration.ofMinutes(5).plusSeconds(1));
        room.status(ROUND, hanaPlace.ticket(), hana);
        room.status(ROUND, ianPlace.ticket(), ian);
        room.admit(ROUND, clock.instant());
        assertThat(status(eun).state()).isEqualTo(QueueState.EXPIRED);
        assertThat(status(hana).state()).isEqualTo(QueueState.ADMITTED);
        assertThat(buy(hana, 400_000, "tok-hana").status()).isEqualTo(CheckoutStatus.PAID);

        // Ian wanted 200,000, which is exactly what is left.
        room.admit(ROUND, clock.instant());
        assertThat(status(ian).state()).isEqualTo(QueueState.ADMITTED);
        assertThat(buy(ian, 200_000, "tok-ian").status()).isEqualTo(CheckoutStatus.PAID);

        // Sold out to the last won: the next step says so, and a latecomer is told at once.
        room.admit(ROUND, clock.instant());
        assertThat(room.overview(ROUND).soldOut()).isTrue();
        assertThat(room.join(ROUND, late, null).status().state()).isEqualTo(QueueState.SOLD_OUT);
        assertThat(status(eun).state()).isEqualTo(QueueState.SOLD_OUT);
        assertThat(status(dami).state()).isEqualTo(QueueState.SOLD_OUT);
        assertThat(List.of(ara, bora, chan, gyu, hana, ian))
                .allSatisfy(p -> assertThat(status(p).state()).isEqualTo(QueueState.BOUGHT));

        // The ledger: every ledger sums to zero, the budget is sold exactly, and the gateway captured what was posted.
        LedgerAudit audit = ledger.audit();
        assertThat(audit.violations()).isEmpty();
        assertThat(audit.balanced()).isTrue();
        RoundBudget budget = programs.budget(ROUND);
        assertThat(budget.sold()).isEqualTo(BUDGET);
        assertThat(budget.remaining()).isEqualTo(Money.ZERO);
        assertThat(budget.held()).isEqualTo(Money.ZERO);
        Captures captured = sandbox.captures();
        long paid = 2_000_000 - 2_000_000 * 700 / 10_000;
        assertThat(captured.capturedKrw()).isEqualTo(paid);
        assertThat(captured.capturedCount()).isEqualTo(6);
        assertThat(captured.ordersCapturedTwice()).isZero();
    }

    private QueueStatus status(PersonId person) {
        return room.status(ROUND, person);
    }

    private Checkout buy(PersonId person, long faceValue, String token) {
        return checkouts.checkout(
                order(person, faceValue, token, new IdempotencyKey("story-key-" + keys.incrementAndGet())));
    }

    private static CheckoutOrder order(PersonId person, long faceValue, String token, IdempotencyKey key) {
        return new CheckoutOrder(
                person, ROUND, Money.krw(faceValue), FundingMethod.CARD, "source-" + token, token, key);
    }

    private static String sha256(String text) throws Exception {
        return HexFormat.of()
                .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
