package dev.dangol.wallet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dangol.program.VoucherLedger;
import dev.dangol.shared.Money;
import dev.dangol.shared.Rejection;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Vouchers are "used" here by giving them away, which takes from the purchase's lot like a payment would. */
class PartialRefundRulesTest extends WalletScenario {

    @Test
    void belowSixtyPercentUsedTheRemainderIsNotRefunded() {
        Purchase purchase = buy(KIM, ONNURI_ROUND, 100_000);
        give(KIM, LEE, ONNURI, 59_999);

        Rejection rejection = refusedWithoutChange(() -> wallets.refundRemainder(KIM, purchase.id()));

        assertThat(rejection.code()).isEqualTo("REFUND_THRESHOLD_NOT_REACHED");
        assertThat(rejection.kind()).isEqualTo(Rejection.Kind.REFUSED);
        assertThat(rejection.facts())
                .containsEntry("usedBasisPoints", 5_999L)
                .containsEntry("neededBasisPoints", 6_000);
    }

    @Test
    void atExactlySixtyPercentUsedTheRemainderIsRefundedNetOfTheDiscount() {
        Purchase purchase = buy(KIM, ONNURI_ROUND, 100_000);
        give(KIM, LEE, ONNURI, 60_000);

        Refund refund = wallets.refundRemainder(KIM, purchase.id());

        assertThat(refund)
                .isEqualTo(new Refund(purchase.id(), Refund.Kind.REMAINDER, krw(40_000), krw(36_000), krw(4_000)));
        Purchase refunded = wallets.purchase(KIM, purchase.id()).orElseThrow();
        assertThat(refunded.status()).isEqualTo(PurchaseStatus.REMAINDER_REFUNDED);
        assertThat(refunded.refunded()).isEqualTo(krw(36_000));
        assertThat(refunded.balance()).isEqualTo(Money.ZERO);
        assertThat(netPosted(VoucherLedger.clearing(BANK))).isEqualTo(-90_000 + 36_000);
        assertThat(netPosted(VoucherLedger.subsidy(ONNURI_ROUND))).isEqualTo(-10_000 + 4_000);
        assertThat(balance(KIM, ONNURI)).isEqualTo(Money.ZERO);
        assertThat(wallet(KIM, ONNURI).holdingRoom()).isEqualTo(krw(2_000_000));
        assertThat(balance(LEE, ONNURI)).isEqualTo(krw(60_000));
    }

    @Test
    void theBuyersShareOfTheRemainderIsRoundedDownAndTheSubsidyTakesTheOddWon() {
        Purchase purchase = buy(KIM, ONNURI_ROUND, 100_000);
        give(KIM, LEE, ONNURI, 60_001);

        Refund refund = wallets.refundRemainder(KIM, purchase.id());

        // 39,999 x 90,000 / 100,000 = 35,999.1
        assertThat(refund.faceValue()).isEqualTo(krw(39_999));
        assertThat(refund.toBuyer()).isEqualTo(krw(35_999));
        assertThat(refund.toSubsidy()).isEqualTo(krw(4_000));
    }

    @Test
    void aPurchaseOfTenThousandOrLessNeedsEightyPercentUsed() {
        Purchase purchase = buy(KIM, ONNURI_ROUND, 10_000);
        give(KIM, LEE, ONNURI, 7_900);

        Rejection rejection = refusedWithoutChange(() -> wallets.refundRemainder(KIM, purchase.id()));
        assertThat(rejection.code()).isEqualTo("REFUND_THRESHOLD_NOT_REACHED");
        assertThat(rejection.facts())
                .containsEntry("usedBasisPoints", 7_900L)
                .containsEntry("neededBasisPoints", 8_000);

        give(KIM, LEE, ONNURI, 100);
        assertThat(wallets.refundRemainder(KIM, purchase.id()))
                .isEqualTo(new Refund(purchase.id(), Refund.Kind.REMAINDER, krw(2_000), krw(1_800), krw(200)));
    }

    @Test
    void aPurchaseOfTwentyThousandNeedsSixtyPercentUsed() {
        Purchase purchase = buy(KIM, ONNURI_ROUND, 20_000);
        give(KIM, LEE, ONNURI, 11_999);
        assertThat(refusedWithoutChange(() -> wallets.refundRemainder(KIM, purchase.id()))
                        .code())
                .isEqualTo("REFUND_THRESHOLD_NOT_REACHED");

        give(KIM, LEE, ONNURI, 1);
        assertThat(wallets.refundRemainder(KIM, purchase.id()).toBuyer()).isEqualTo(krw(7_200));
    }

    @Test
    void seoulRefundsTheRemainderInFullWithoutTakingBackTheDiscount() {
        Purchase purchase = buy(KIM, SEOUL_ROUND, 100_000);
        give(KIM, LEE, SEOUL, 60_000);

        Refund refund = wallets.refundRemainder(KIM, purchase.id());

        assertThat(refund)
                .isEqualTo(new Refund(purchase.id(), Refund.Kind.REMAINDER, krw(40_000), krw(40_000), Money.ZERO));
        assertThat(netPosted(VoucherLedger.clearing(BANK))).isEqualTo(-93_000 + 40_000);
        assertThat(wallets.refundRemainder(KIM, purchase.id())).isEqualTo(refund);
    }

    @Test
    void seoulDoesNotRefundTheRemainderOfACardPurchase() {
        Purchase purchase = buy(KIM, SEOUL_ROUND, 100_000, CARD);

        Rejection rejection = refusedWithoutChange(() -> wallets.refundRemainder(KIM, purchase.id()));

        assertThat(rejection.code()).isEqualTo("REFUND_NOT_ALLOWED_FOR_FUNDING");
        assertThat(rejection.kind()).isEqualTo(Rejection.Kind.REFUSED);
    }

    @Test
    void onnuriRefundsTheRemainderOfACardPurchaseToTheCard() {
        Purchase purchase = buy(KIM, ONNURI_ROUND, 100_000, CARD);
        give(KIM, LEE, ONNURI, 60_000);

        assertThat(wallets.refundRemainder(KIM, purchase.id()).toBuyer()).isEqualTo(krw(36_000));
        assertThat(netPosted(VoucherLedger.clearing(CARD))).isEqualTo(-90_000 + 36_000);
    }

    @Test
    void refundingAgainReturnsTheSameRefundAndMovesNothing() {
        Purchase purchase = buy(KIM, ONNURI_ROUND, 100_000);
        give(KIM, LEE, ONNURI, 60_001);
        Refund first = wallets.refundRemainder(KIM, purchase.id());
        clock.advance(Duration.ofDays(1));
        State before = state();

        Refund again = wallets.refundRemainder(KIM, purchase.id());

        assertThat(again).isEqualTo(first);
        assertThat(state()).isEqualTo(before);
    }

    @Test
    void aPurchaseUsedUpEntirelyHasNothingToRefund() {
        Purchase purchase = buy(KIM, ONNURI_ROUND, 100_000);
        give(KIM, LEE, ONNURI, 100_000);

        assertThat(refusedWithoutChange(() -> wallets.refundRemainder(KIM, purchase.id()))
                        .code())
                .isEqualTo("NOTHING_TO_REFUND");
    }

    @Test
    void anUnpaidReservationCannotBeRefunded() {
        Purchase reserved = reserve(KIM, ONNURI_ROUND, 100_000);

        assertThat(refusedWithoutChange(() -> wallets.refundRemainder(KIM, reserved.id()))
                        .code())
                .isEqualTo("PURCHASE_NOT_REFUNDABLE");
        wallets.release(KIM, reserved.id());
    }
}
