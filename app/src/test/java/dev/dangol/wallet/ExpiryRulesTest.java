package dev.dangol.wallet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dangol.program.VoucherLedger;
import dev.dangol.shared.Money;
import dev.dangol.shared.PersonId;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExpiryRulesTest extends WalletScenario {

    @Test
    void vouchersAreValidForSixtyMonthsCountedInSeoul() {
        clock.set(Instant.parse("2026-11-30T15:30:00Z")); // 1 December 2026, 00:30 in Seoul

        Purchase purchase = buy(KIM, ONNURI_ROUND, 10_000);

        assertThat(purchase.validUntil()).isEqualTo(Instant.parse("2031-11-30T15:30:00Z"));
    }

    @Test
    void atTheEndOfValidityEveryLotGoesToTheProgramsExpiredAccountAndHoldingRoomComesBack() {
        Purchase purchase = buy(KIM, ONNURI_ROUND, 100_000);
        give(KIM, LEE, ONNURI, 30_000);

        clock.set(purchase.validUntil().minusSeconds(1));
        assertThat(wallets.expireLots(100)).isZero();
        assertThat(balance(KIM, ONNURI)).isEqualTo(krw(70_000));

        clock.set(purchase.validUntil());
        assertThat(balance(KIM, ONNURI)).isEqualTo(Money.ZERO);
        assertThat(wallets.expireLots(100)).isEqualTo(2);

        assertThat(netPosted(VoucherLedger.expired(ONNURI))).isEqualTo(100_000);
        for (PersonId person : List.of(KIM, LEE)) {
            WalletView wallet = wallet(person, ONNURI);
            assertThat(wallet.balance()).isEqualTo(Money.ZERO);
            assertThat(wallet.lots()).isEmpty();
            assertThat(wallet.holdingRoom()).isEqualTo(krw(2_000_000));
        }
    }

    @Test
    void lotsBoughtLaterExpireOnLaterRunsOfTheJob() {
        Purchase first = buy(KIM, ONNURI_ROUND, 10_000);
        clock.advance(Duration.ofDays(400));
        Purchase later = buy(LEE, ONNURI_ROUND, 20_000);

        clock.set(first.validUntil());
        assertThat(wallets.expireLots(100)).isEqualTo(1);
        clock.set(later.validUntil().minusSeconds(1));
        assertThat(wallets.expireLots(100)).isZero();
        clock.set(later.validUntil());
        assertThat(wallets.expireLots(100)).isEqualTo(1);

        assertThat(netPosted(VoucherLedger.expired(ONNURI))).isEqualTo(30_000);
        assertThat(balance(LEE, ONNURI)).isEqualTo(Money.ZERO);
    }

    @Test
    void expiringAgainDoesNothing() {
        Purchase purchase = buy(KIM, ONNURI_ROUND, 100_000);
        clock.set(purchase.validUntil());
        wallets.expireLots(100);
        State before = state();

        clock.advance(Duration.ofDays(1));

        assertThat(wallets.expireLots(100)).isZero();
        assertThat(state()).isEqualTo(before);
        assertThat(netPosted(VoucherLedger.expired(ONNURI))).isEqualTo(100_000);
    }

    @Test
    void onlyLotsPastTheirValidityExpire() {
        Purchase older = buy(KIM, ONNURI_ROUND, 100_000);
        clock.advance(Duration.ofDays(31));
        Purchase newer = buy(KIM, ONNURI_ROUND, 50_000);

        clock.set(older.validUntil());
        assertThat(wallets.expireLots(100)).isEqualTo(1);

        WalletView wallet = wallet(KIM, ONNURI);
        assertThat(wallet.balance()).isEqualTo(krw(50_000));
        assertThat(wallet.lots())
                .singleElement()
                .extracting(Lot::source)
                .isEqualTo(newer.id().value());
        assertThat(wallet.holdingRoom()).isEqualTo(krw(1_950_000));

        clock.set(newer.validUntil());
        assertThat(wallets.expireLots(100)).isEqualTo(1);
        assertThat(netPosted(VoucherLedger.expired(ONNURI))).isEqualTo(150_000);
    }

    @Test
    void expiredVouchersCanNeitherBeGivenNorCancelled() {
        Purchase purchase = buy(KIM, SEOUL_ROUND, 100_000);
        clock.set(purchase.validUntil());

        assertThat(refusedWithoutChange(() -> give(KIM, LEE, SEOUL, 10_000)).code())
                .isEqualTo("INSUFFICIENT_GIFTABLE_BALANCE");
        // Before the expiry job has run, as after it.
        assertThat(refusedWithoutChange(() -> wallets.cancel(KIM, purchase.id()))
                        .code())
                .isEqualTo("VOUCHERS_EXPIRED");
        wallets.expireLots(100);
        assertThat(refusedWithoutChange(() -> wallets.cancel(KIM, purchase.id()))
                        .code())
                .isEqualTo("VOUCHERS_EXPIRED");
        assertThat(refusedWithoutChange(() -> wallets.refundRemainder(KIM, purchase.id()))
                        .code())
                .isEqualTo("VOUCHERS_EXPIRED");
    }
}
