package dev.dangol.wallet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dangol.program.RoundBudget;
import dev.dangol.program.VoucherLedger;
import dev.dangol.shared.Money;
import dev.dangol.shared.Rejection;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class CancellationRulesTest extends WalletScenario {

    @Test
    void anUntouchedPurchaseCancelledWithinSevenDaysIsRefundedInFullAndEveryLimitComesBack() {
        Purchase purchase = buy(KIM, ONNURI_ROUND, 100_000);
        clock.advance(Duration.ofDays(3));

        Refund refund = wallets.cancel(KIM, purchase.id());

        assertThat(refund)
                .isEqualTo(new Refund(purchase.id(), Refund.Kind.CANCELLATION, krw(100_000), krw(90_000), krw(10_000)));
        Purchase cancelled = wallets.purchase(KIM, purchase.id()).orElseThrow();
        assertThat(cancelled.status()).isEqualTo(PurchaseStatus.CANCELLED);
        assertThat(cancelled.refunded()).isEqualTo(krw(90_000));
        assertThat(cancelled.balance()).isEqualTo(Money.ZERO);
        assertThat(netPosted(VoucherLedger.clearing(BANK))).isZero();
        assertThat(netPosted(VoucherLedger.subsidy(ONNURI_ROUND))).isZero();
        assertThat(budget(ONNURI_ROUND))
                .isEqualTo(new RoundBudget(krw(BIG_BUDGET), krw(BIG_BUDGET), Money.ZERO, Money.ZERO));
        WalletView wallet = wallet(KIM, ONNURI);
        assertThat(wallet.balance()).isEqualTo(Money.ZERO);
        assertThat(wallet.lots()).isEmpty();
        assertThat(wallet.holdingRoom()).isEqualTo(krw(2_000_000));
        assertThat(wallet.monthlyPurchaseRoom()).isEqualTo(krw(2_000_000));
    }

    @Test
    void aCancelledCardPurchaseGivesBackTheCardLimitToo() {
        Purchase purchase = buy(KIM, ONNURI_ROUND, 1_000_000, CARD);

        wallets.cancel(KIM, purchase.id());

        assertThat(netPosted(VoucherLedger.clearing(CARD))).isZero();
        assertThat(wallet(KIM, ONNURI).monthlyCardRoom()).isEqualTo(krw(1_000_000));
        assertThat(buy(KIM, ONNURI_ROUND, 1_000_000, CARD).status()).isEqualTo(PurchaseStatus.CONFIRMED);
    }

    @Test
    void oneSecondBeforeSevenDaysAPurchaseCanStillBeCancelled() {
        Purchase purchase = buy(KIM, ONNURI_ROUND, 100_000);
        clock.set(purchase.reservedAt().plus(Duration.ofDays(7)).minusSeconds(1));

        assertThat(wallets.cancel(KIM, purchase.id()).toBuyer()).isEqualTo(krw(90_000));
    }

    @Test
    void atExactlySevenDaysTheCancellationWindowHasPassed() {
        Purchase purchase = buy(KIM, ONNURI_ROUND, 100_000);
        clock.set(purchase.reservedAt().plus(Duration.ofDays(7)));

        Rejection rejection = refusedWithoutChange(() -> wallets.cancel(KIM, purchase.id()));

        assertThat(rejection.code()).isEqualTo("CANCELLATION_WINDOW_PASSED");
        assertThat(rejection.kind()).isEqualTo(Rejection.Kind.REFUSED);
        assertThat(rejection.facts())
                .containsEntry(
                        "deadline",
                        purchase.reservedAt().plus(Duration.ofDays(7)).toString());
    }

    @Test
    void aPurchasePartlyGivenAwayCannotBeCancelled() {
        Purchase purchase = buy(KIM, ONNURI_ROUND, 100_000);
        give(KIM, LEE, ONNURI, 1);

        assertThat(refusedWithoutChange(() -> wallets.cancel(KIM, purchase.id()))
                        .code())
                .isEqualTo("PURCHASE_ALREADY_USED");
    }

    @Test
    void aSeoulPurchaseCanBeCancelledAnyTimeWhileUnused() {
        Purchase bank = buy(KIM, SEOUL_ROUND, 100_000);
        Purchase card = buy(KIM, SEOUL_ROUND, 50_000, CARD);
        clock.advance(Duration.ofDays(400));

        assertThat(wallets.cancel(KIM, bank.id()))
                .isEqualTo(new Refund(bank.id(), Refund.Kind.CANCELLATION, krw(100_000), krw(93_000), krw(7_000)));
        assertThat(wallets.cancel(KIM, card.id()).toBuyer()).isEqualTo(krw(46_500));
        assertThat(balance(KIM, SEOUL)).isEqualTo(Money.ZERO);
        assertThat(budget(SEOUL_ROUND).sold()).isEqualTo(Money.ZERO);
    }

    @Test
    void aSeoulPurchaseOnceUsedCannotBeCancelled() {
        Purchase purchase = buy(KIM, SEOUL_ROUND, 100_000);
        give(KIM, LEE, SEOUL, 10_000);

        assertThat(refusedWithoutChange(() -> wallets.cancel(KIM, purchase.id()))
                        .code())
                .isEqualTo("PURCHASE_ALREADY_USED");
    }

    @Test
    void cancellingAgainReturnsTheSameRefundAndMovesNothing() {
        Purchase purchase = buy(KIM, ONNURI_ROUND, 100_000);
        Refund first = wallets.cancel(KIM, purchase.id());

        clock.advance(Duration.ofDays(30));
        State before = state();
        Refund again = wallets.cancel(KIM, purchase.id());

        assertThat(again).isEqualTo(first);
        assertThat(state()).isEqualTo(before);
    }

    @Test
    void onlyAPaidPurchaseCanBeCancelled() {
        Purchase reserved = reserve(KIM, ONNURI_ROUND, 100_000);

        assertThat(refusedWithoutChange(() -> wallets.cancel(KIM, reserved.id()))
                        .code())
                .isEqualTo("PURCHASE_NOT_CANCELLABLE");
        wallets.release(KIM, reserved.id());
    }

    @Test
    void nobodyButTheBuyerCanCancel() {
        Purchase purchase = buy(KIM, ONNURI_ROUND, 100_000);

        assertThat(refusedWithoutChange(() -> wallets.cancel(LEE, purchase.id()))
                        .code())
                .isEqualTo("PURCHASE_NOT_FOUND");
    }
}
