package dev.dangol.wallet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dangol.merchant.MerchantStatus;
import dev.dangol.program.VoucherLedger;
import dev.dangol.shared.MerchantId;
import dev.dangol.shared.PersonId;
import dev.dangol.shared.ProgramId;
import dev.dangol.shared.Rejection;
import dev.dangol.testing.MapMerchants;
import dev.dangol.wallet.internal.LedgerPayments;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Paying merchants from lots, earliest expiry first, and same-day cancellations back to the same lots. */
class PaymentRulesTest extends WalletScenario {

    static final MerchantId SHOP = MerchantId.of("demo-shop-1");
    static final MerchantId OTHER_SHOP = MerchantId.of("other-shop");
    static final MerchantId SEOUL_ONLY = MerchantId.of("seoul-only");

    final MapMerchants merchants = new MapMerchants();
    MerchantPayments payments;

    @BeforeEach
    void registerMerchants() {
        merchants.add(SHOP.value(), ONNURI, SEOUL, MARKET_DAY);
        merchants.add(OTHER_SHOP.value(), ONNURI, SEOUL, MARKET_DAY);
        merchants.add(SEOUL_ONLY.value(), SEOUL);
        payments = LedgerPayments.inMemory(
                ledger, programs, merchants, clock, (dev.dangol.wallet.internal.LedgerWallets) wallets);
    }

    Payment pay(PersonId payer, MerchantId merchant, ProgramId program, long amount) {
        return payments.pay(order(payer, merchant, program, amount, newKey()));
    }

    static PaymentOrder order(PersonId payer, MerchantId merchant, ProgramId program, long amount, IdempotencyKey key) {
        return new PaymentOrder(PaymentId.byCitizen(payer, key), payer, merchant, program, krw(amount));
    }

    long payable(MerchantId merchant, ProgramId program) {
        return netPosted(VoucherLedger.merchantPayable(program, merchant));
    }

    @Test
    void aPaymentTakesFromTheLotThatExpiresFirst() {
        Purchase later = buy(KIM, ONNURI_ROUND, 50_000);
        clock.advance(Duration.ofDays(30));
        clock.advance(Duration.ofDays(1));
        Purchase newest = buy(KIM, ONNURI_ROUND, 100_000);

        Payment payment = pay(KIM, SHOP, ONNURI, 120_000);

        assertThat(payment.lots())
                .extracting(Payment.LotUse::amount, Payment.LotUse::validUntil)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(krw(50_000), later.validUntil()),
                        org.assertj.core.groups.Tuple.tuple(krw(70_000), newest.validUntil()));
        assertThat(balance(KIM, ONNURI)).isEqualTo(krw(30_000));
        assertThat(payable(SHOP, ONNURI)).isEqualTo(120_000);
        assertThat(wallet(KIM, ONNURI).holdingRoom()).isEqualTo(krw(2_000_000 - 30_000));
    }

    @Test
    void theExactBalancePaysAndOneWonMoreIsRefusedWithoutChange() {
        buy(KIM, MARKET_DAY_ROUND, 10_000);
        pay(KIM, SHOP, MARKET_DAY, 9_999);

        Rejection short1 = refusedWithoutChange(() -> pay(KIM, SHOP, MARKET_DAY, 2));
        assertThat(short1.code()).isEqualTo("INSUFFICIENT_BALANCE");
        assertThat(short1.facts()).containsEntry("shortfall", 1L).containsEntry("balance", 1L);

        pay(KIM, SHOP, MARKET_DAY, 1);
        assertThat(balance(KIM, MARKET_DAY)).isEqualTo(krw(0));
        assertThat(payable(SHOP, MARKET_DAY)).isEqualTo(10_000);
    }

    @Test
    void theSameKeyGetsTheFirstPaymentAndAnotherOrderUnderItIsRefused() {
        buy(KIM, ONNURI_ROUND, 100_000);
        IdempotencyKey key = newKey();
        Payment first = payments.pay(order(KIM, SHOP, ONNURI, 30_000, key));
        Payment again = payments.pay(order(KIM, SHOP, ONNURI, 30_000, key));

        assertThat(again).isEqualTo(first);
        assertThat(balance(KIM, ONNURI)).isEqualTo(krw(70_000));
        assertThat(refusedWithoutChange(() -> payments.pay(order(KIM, SHOP, ONNURI, 31_000, key)))
                        .code())
                .isEqualTo("IDEMPOTENCY_KEY_REUSED");
        assertThat(refusedWithoutChange(() -> payments.pay(order(KIM, OTHER_SHOP, ONNURI, 30_000, key)))
                        .code())
                .isEqualTo("IDEMPOTENCY_KEY_REUSED");
    }

    @Test
    void merchantsThatMayNotAcceptTheProgramAreRefusedWithAReason() {
        buy(KIM, ONNURI_ROUND, 100_000);

        assertThat(refusedWithoutChange(() -> pay(KIM, SEOUL_ONLY, ONNURI, 10_000))
                        .code())
                .isEqualTo("MERCHANT_NOT_ELIGIBLE");
        assertThat(refusedWithoutChange(() -> pay(KIM, MerchantId.of("nobody"), ONNURI, 10_000))
                        .code())
                .isEqualTo("MERCHANT_NOT_FOUND");
        assertThat(refusedWithoutChange(() -> pay(KIM, SHOP, ONNURI, 0)).code()).isEqualTo("AMOUNT_NOT_POSITIVE");
        assertThat(refusedWithoutChange(() -> pay(KIM, SHOP, ONNURI, -5)).code())
                .isEqualTo("AMOUNT_NOT_POSITIVE");

        merchants.setStatus(SHOP.value(), new MerchantStatus.Suspended("under review", START));
        Rejection suspended = refusedWithoutChange(() -> pay(KIM, SHOP, ONNURI, 10_000));
        assertThat(suspended.code()).isEqualTo("MERCHANT_SUSPENDED");
        assertThat(suspended.getMessage()).contains("under review");
        merchants.setStatus(SHOP.value(), new MerchantStatus.Closed("out of business", START));
        assertThat(refusedWithoutChange(() -> pay(KIM, SHOP, ONNURI, 10_000)).code())
                .isEqualTo("MERCHANT_CLOSED");
    }

    @Test
    void aCancellationReturnsTheMoneyToTheSameLotsWithTheirExpiry() {
        buy(KIM, ONNURI_ROUND, 50_000);
        clock.advance(Duration.ofDays(3));
        buy(KIM, ONNURI_ROUND, 50_000);
        List<Lot> before = wallet(KIM, ONNURI).lots();
        clock.advance(Duration.ofMinutes(5));
        Payment payment = pay(KIM, SHOP, ONNURI, 80_000);
        assertThat(wallet(KIM, ONNURI).lots()).hasSize(1);

        clock.advance(Duration.ofHours(2));
        Payment cancelled = payments.cancel(SHOP, payment.id());

        assertThat(cancelled.status()).isEqualTo(PaymentStatus.CANCELLED);
        assertThat(cancelled.cancelledAt()).isEqualTo(clock.instant());
        assertThat(wallet(KIM, ONNURI).lots())
                .extracting(Lot::id, Lot::validUntil, Lot::balance)
                .containsExactlyElementsOf(before.stream()
                        .map(l -> org.assertj.core.groups.Tuple.tuple(l.id(), l.validUntil(), l.balance()))
                        .toList());
        assertThat(balance(KIM, ONNURI)).isEqualTo(krw(100_000));
        assertThat(payable(SHOP, ONNURI)).isZero();
        assertThat(payments.payment(payment.id()).orElseThrow().status()).isEqualTo(PaymentStatus.CANCELLED);
    }

    @Test
    void cancellingTwiceReturnsTheSameCancellationAndMovesNothingMore() {
        buy(KIM, ONNURI_ROUND, 50_000);
        Payment payment = pay(KIM, SHOP, ONNURI, 20_000);
        Payment first = payments.cancel(SHOP, payment.id());
        clock.advance(Duration.ofMinutes(1));
        State after = state();

        Payment second = payments.cancel(SHOP, payment.id());

        assertThat(second).isEqualTo(first);
        assertThat(state()).isEqualTo(after);
        assertThat(balance(KIM, ONNURI)).isEqualTo(krw(50_000));
    }

    @Test
    void onlyTheMerchantPaidMayCancelAndOnlyOnTheSameDayInSeoul() {
        clock.set(Instant.parse("2026-11-02T14:50:00Z")); // 23:50 in Seoul
        buy(KIM, ONNURI_ROUND, 50_000);
        Payment payment = pay(KIM, SHOP, ONNURI, 20_000);

        assertThat(refusedWithoutChange(() -> payments.cancel(OTHER_SHOP, payment.id()))
                        .code())
                .isEqualTo("NOT_YOUR_PAYMENT");
        assertThat(refusedWithoutChange(() -> payments.cancel(
                                SHOP,
                                new PaymentId(PaymentId.byCitizen(KIM, newKey()).value())))
                        .code())
                .isEqualTo("PAYMENT_NOT_FOUND");

        clock.advance(Duration.ofMinutes(10)); // 00:00 the next day in Seoul
        assertThat(refusedWithoutChange(() -> payments.cancel(SHOP, payment.id()))
                        .code())
                .isEqualTo("CANCEL_WINDOW_PASSED");
        assertThat(payable(SHOP, ONNURI)).isEqualTo(20_000);
    }

    @Test
    void aCancellationGivesVouchersBackEvenPastTheHoldingCapAndLaterPaymentsRepayTheExcess() {
        buy(KIM, SEOUL_ROUND, 400_000);
        buy(LEE, SEOUL_ROUND, 400_000);
        buy(PARK, SEOUL_ROUND, 400_000);
        Payment payment = pay(KIM, SHOP, SEOUL, 300_000);
        give(LEE, KIM, SEOUL, 400_000);
        give(PARK, KIM, SEOUL, 400_000);
        assertThat(wallet(KIM, SEOUL).holdingRoom()).isEqualTo(krw(100_000));

        payments.cancel(SHOP, payment.id());

        assertThat(balance(KIM, SEOUL)).isEqualTo(krw(1_200_000));
        assertThat(wallet(KIM, SEOUL).holdingRoom()).isEqualTo(krw(0));
        assertThat(netPosted("holding-over:" + KIM + ":" + SEOUL)).isEqualTo(-200_000);

        pay(KIM, SHOP, SEOUL, 250_000);
        assertThat(netPosted("holding-over:" + KIM + ":" + SEOUL)).isZero();
        assertThat(wallet(KIM, SEOUL).holdingRoom()).isEqualTo(krw(50_000));
    }

    @Test
    void aPartGivenBackToALotThatExpiredMeanwhileExpiresWithIt() {
        Purchase purchase = buy(KIM, ONNURI_ROUND, 50_000);
        clock.set(purchase.validUntil().minusSeconds(60));
        Payment payment = pay(KIM, SHOP, ONNURI, 20_000);
        clock.advance(Duration.ofSeconds(120));

        payments.cancel(SHOP, payment.id());

        assertThat(balance(KIM, ONNURI)).isEqualTo(krw(0));
        assertThat(payable(SHOP, ONNURI)).isZero();
        assertThat(netPosted(VoucherLedger.expired(ONNURI))).isEqualTo(20_000);
        assertThat(wallets.expireLots(100)).isEqualTo(1);
        assertThat(netPosted(VoucherLedger.expired(ONNURI))).isEqualTo(50_000);
        assertThat(wallet(KIM, ONNURI).holdingRoom()).isEqualTo(krw(2_000_000));
    }

    @Test
    void theMerchantsDayListsPaymentsAndCancellationsInSeoulTime() {
        clock.set(Instant.parse("2026-11-02T14:00:00Z")); // 23:00 on 2 November in Seoul
        buy(KIM, ONNURI_ROUND, 100_000);
        Payment late = pay(KIM, SHOP, ONNURI, 10_000);
        clock.advance(Duration.ofHours(2)); // 01:00 on 3 November in Seoul
        Payment next = pay(KIM, SHOP, ONNURI, 20_000);
        clock.advance(Duration.ofMinutes(1));
        Payment cancelled = pay(KIM, SHOP, ONNURI, 5_000);
        payments.cancel(SHOP, cancelled.id());
        pay(KIM, OTHER_SHOP, ONNURI, 7_000);

        assertThat(payments.day(SHOP, java.time.LocalDate.of(2026, 11, 2), 100))
                .extracting(Payment::id)
                .containsExactly(late.id());
        assertThat(payments.day(SHOP, java.time.LocalDate.of(2026, 11, 3), 100))
                .extracting(Payment::id, Payment::status)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(next.id(), PaymentStatus.PAID),
                        org.assertj.core.groups.Tuple.tuple(cancelled.id(), PaymentStatus.CANCELLED));
        assertThat(payable(SHOP, ONNURI)).isEqualTo(30_000);
    }
}
