package dev.dangol.wallet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dangol.program.RoundPhase;
import dev.dangol.program.VoucherLedger;
import dev.dangol.shared.Money;
import dev.dangol.shared.Rejection;
import dev.dangol.shared.RoundId;
import java.time.Instant;
import java.time.YearMonth;
import org.junit.jupiter.api.Test;

class LimitRulesTest extends WalletScenario {

    @Test
    void buyingExactlyTheMonthlyLimitIsAllowedAndOneUnitMoreIsRefused() {
        buy(KIM, ONNURI_ROUND, 1_990_000);
        buy(KIM, ONNURI_ROUND, 10_000);

        Rejection rejection = refusedWithoutChange(() -> reserve(KIM, ONNURI_ROUND, 10_000));

        assertThat(rejection.code()).isEqualTo("MONTHLY_LIMIT_EXCEEDED");
        assertThat(rejection.kind()).isEqualTo(Rejection.Kind.REFUSED);
        assertThat(rejection.facts()).containsEntry("remaining", 0L).containsEntry("limit", 2_000_000L);
    }

    @Test
    void aRefusalOverTheMonthlyLimitSaysHowMuchIsLeft() {
        buy(KIM, SEOUL_ROUND, 370_000);

        Rejection rejection = refusedWithoutChange(() -> reserve(KIM, SEOUL_ROUND, 40_000));

        assertThat(rejection.code()).isEqualTo("MONTHLY_LIMIT_EXCEEDED");
        assertThat(rejection.facts()).containsEntry("remaining", 30_000L).containsEntry("limit", 400_000L);
        assertThat(buy(KIM, SEOUL_ROUND, 30_000).status()).isEqualTo(PurchaseStatus.CONFIRMED);
    }

    @Test
    void reservationsCountAgainstTheMonthlyLimitUntilReleased() {
        Purchase held = reserve(KIM, SEOUL_ROUND, 400_000);

        assertThat(refusedWithoutChange(() -> reserve(KIM, SEOUL_ROUND, 10_000)).code())
                .isEqualTo("MONTHLY_LIMIT_EXCEEDED");

        wallets.release(KIM, held.id());
        assertThat(buy(KIM, SEOUL_ROUND, 400_000).status()).isEqualTo(PurchaseStatus.CONFIRMED);
    }

    @Test
    void theMonthTurnsOverAtMidnightInSeoulNotInUtc() {
        clock.set(Instant.parse("2026-11-30T14:00:00Z"));
        buy(KIM, ONNURI_ROUND, 2_000_000);
        // Make holding room so that only the monthly limit stands in the way.
        give(KIM, LEE, ONNURI, 1_000_000);
        give(KIM, PARK, ONNURI, 1_000_000);

        clock.set(Instant.parse("2026-11-30T14:59:59Z"));
        assertThat(wallet(KIM, ONNURI).month()).isEqualTo(YearMonth.of(2026, 11));
        Rejection stillNovember = refusedWithoutChange(() -> reserve(KIM, ONNURI_ROUND, 10_000));
        assertThat(stillNovember.code()).isEqualTo("MONTHLY_LIMIT_EXCEEDED");
        assertThat(stillNovember.facts()).containsEntry("remaining", 0L);

        clock.set(Instant.parse("2026-11-30T15:00:00Z"));
        assertThat(wallet(KIM, ONNURI).month()).isEqualTo(YearMonth.of(2026, 12));
        assertThat(wallet(KIM, ONNURI).monthlyPurchaseRoom()).isEqualTo(krw(2_000_000));
        assertThat(buy(KIM, ONNURI_ROUND, 2_000_000).status()).isEqualTo(PurchaseStatus.CONFIRMED);
        assertThat(wallet(KIM, ONNURI).monthlyPurchaseRoom()).isEqualTo(Money.ZERO);
    }

    @Test
    void cardPurchasesHaveTheirOwnMonthlyLimitWithinTheMonthlyLimit() {
        buy(KIM, ONNURI_ROUND, 1_000_000, CARD);

        Rejection rejection = refusedWithoutChange(() -> reserve(KIM, ONNURI_ROUND, 10_000, CARD));

        assertThat(rejection.code()).isEqualTo("CARD_MONTHLY_LIMIT_EXCEEDED");
        assertThat(rejection.facts()).containsEntry("remaining", 0L).containsEntry("limit", 1_000_000L);
        assertThat(wallet(KIM, ONNURI).monthlyPurchaseRoom()).isEqualTo(krw(1_000_000));
        assertThat(buy(KIM, ONNURI_ROUND, 10_000, BANK).status()).isEqualTo(PurchaseStatus.CONFIRMED);
    }

    @Test
    void theHoldingCapCountsGiftsReceivedAndStopsAPurchaseAtTheCap() {
        buy(LEE, ONNURI_ROUND, 10_000);
        give(LEE, KIM, ONNURI, 10_000);
        buy(KIM, ONNURI_ROUND, 1_990_000);
        assertThat(wallet(KIM, ONNURI).holdingRoom()).isEqualTo(Money.ZERO);
        assertThat(wallet(KIM, ONNURI).monthlyPurchaseRoom()).isEqualTo(krw(10_000));

        Rejection rejection = refusedWithoutChange(() -> reserve(KIM, ONNURI_ROUND, 10_000));

        assertThat(rejection.code()).isEqualTo("HOLDING_CAP_EXCEEDED");
        assertThat(rejection.facts()).containsEntry("remaining", 0L).containsEntry("limit", 2_000_000L);
    }

    @Test
    void theRoundsPerPersonCapAllowsExactlyTheCap() {
        RoundId capped = RoundId.of("onnuri-capped");
        schedule(capped, ONNURI, 1_000_000, 50_000, 1_000);
        buy(KIM, capped, 30_000);
        buy(KIM, capped, 20_000);

        Rejection rejection = refusedWithoutChange(() -> reserve(KIM, capped, 10_000));

        assertThat(rejection.code()).isEqualTo("ROUND_CAP_EXCEEDED");
        assertThat(rejection.facts()).containsEntry("remaining", 0L).containsEntry("limit", 50_000L);
        assertThat(buy(LEE, capped, 50_000).status()).isEqualTo(PurchaseStatus.CONFIRMED);
        assertThat(buy(KIM, ONNURI_ROUND, 10_000).status()).isEqualTo(PurchaseStatus.CONFIRMED);
    }

    @Test
    void thePurchaseThatExactlyExhaustsTheBudgetSucceedsAndTheRoundIsThenSoldOut() {
        RoundId small = RoundId.of("onnuri-small");
        schedule(small, ONNURI, 50_000, 50_000, 1_000);
        buy(KIM, small, 30_000);

        Rejection tooBig = refusedWithoutChange(() -> reserve(LEE, small, 30_000));
        assertThat(tooBig.code()).isEqualTo("ROUND_BUDGET_TOO_SMALL");
        assertThat(tooBig.facts()).containsEntry("remaining", 20_000L);

        buy(LEE, small, 20_000);
        assertThat(budget(small).remaining()).isEqualTo(Money.ZERO);
        assertThat(budget(small).sold()).isEqualTo(krw(50_000));
        assertThat(programs.phase(programs.round(small).orElseThrow())).isEqualTo(RoundPhase.SOLD_OUT);
        assertThat(refusedWithoutChange(() -> reserve(PARK, small, 10_000)).code())
                .isEqualTo("ROUND_SOLD_OUT");
    }

    @Test
    void budgetHeldByAnUnpaidReservationIsNotForSaleUntilItLapses() {
        RoundId small = RoundId.of("onnuri-small");
        schedule(small, ONNURI, 50_000, 50_000, 1_000);
        reserve(KIM, small, 50_000);

        assertThat(refusedWithoutChange(() -> reserve(LEE, small, 10_000)).code())
                .isEqualTo("ROUND_SOLD_OUT");

        clock.advance(HOLD);
        ledger.expirePendingTransfers(100);
        assertThat(programs.phase(programs.round(small).orElseThrow())).isEqualTo(RoundPhase.SELLING);
        assertThat(buy(LEE, small, 50_000).status()).isEqualTo(PurchaseStatus.CONFIRMED);
        // Kim's round cap, used at once by the reservation, comes back with the lapse job.
        assertThat(wallets.returnLapsedLimits(100))
                .as("notices of the budget, payment and subsidy holds")
                .isEqualTo(3);
        assertThat(ledger.lookupAccount(VoucherLedger.roundCap(KIM, small))
                        .orElseThrow()
                        .available())
                .isEqualTo(50_000);
    }
}
