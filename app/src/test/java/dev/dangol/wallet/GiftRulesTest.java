package dev.dangol.wallet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.dangol.shared.Money;
import dev.dangol.shared.Rejection;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class GiftRulesTest extends WalletScenario {

    @Test
    void aGiftTakesFromTheLotsThatExpireFirstAndEachGiftedLotKeepsItsSourcesExpiry() {
        Purchase older = buy(KIM, ONNURI_ROUND, 30_000);
        clock.advance(Duration.ofDays(31));
        Purchase newer = buy(KIM, ONNURI_ROUND, 30_000);

        Gift gift = give(KIM, LEE, ONNURI, 40_000);

        assertThat(gift.amount()).isEqualTo(krw(40_000));
        assertThat(wallet(KIM, ONNURI).lots()).singleElement().satisfies(lot -> {
            assertThat(lot.source()).isEqualTo(newer.id().value());
            assertThat(lot.balance()).isEqualTo(krw(20_000));
        });
        assertThat(wallet(LEE, ONNURI).lots())
                .extracting(Lot::origin, Lot::source, Lot::balance, Lot::validUntil)
                .containsExactly(
                        tuple(Lot.Origin.GIFT, gift.id(), krw(30_000), older.validUntil()),
                        tuple(Lot.Origin.GIFT, gift.id(), krw(10_000), newer.validUntil()));
        assertThat(balance(KIM, ONNURI)).isEqualTo(krw(20_000));
        assertThat(balance(LEE, ONNURI)).isEqualTo(krw(40_000));
        assertThat(wallet(KIM, ONNURI).holdingRoom()).isEqualTo(krw(1_980_000));
        assertThat(wallet(LEE, ONNURI).holdingRoom()).isEqualTo(krw(1_960_000));
        assertThat(wallet(LEE, ONNURI).monthlyGiftReceiptRoom()).isEqualTo(krw(960_000));
    }

    @Test
    void giftedVouchersAreGivenOnBeforeTheRecipientsOwnLaterExpiringOnes() {
        Purchase kims = buy(KIM, ONNURI_ROUND, 30_000);
        give(KIM, LEE, ONNURI, 30_000);
        clock.advance(Duration.ofDays(1));
        Purchase lees = buy(LEE, ONNURI_ROUND, 50_000);

        Gift onward = give(LEE, PARK, ONNURI, 35_000);

        assertThat(wallet(PARK, ONNURI).lots())
                .extracting(Lot::balance, Lot::validUntil)
                .containsExactly(tuple(krw(30_000), kims.validUntil()), tuple(krw(5_000), lees.validUntil()));
        assertThat(wallet(LEE, ONNURI).lots()).singleElement().satisfies(lot -> {
            assertThat(lot.source()).isEqualTo(lees.id().value());
            assertThat(lot.balance()).isEqualTo(krw(45_000));
        });
        assertThat(onward.amount()).isEqualTo(krw(35_000));
    }

    @Test
    void aGiftThatFillsTheRecipientsHoldingCapExactlyIsAllowedAndOneWonMoreIsRefused() {
        buy(LEE, ONNURI_ROUND, 1_500_000);
        buy(KIM, ONNURI_ROUND, 600_000);
        give(KIM, LEE, ONNURI, 500_000);
        assertThat(wallet(LEE, ONNURI).holdingRoom()).isEqualTo(Money.ZERO);

        Rejection rejection = refusedWithoutChange(() -> give(KIM, LEE, ONNURI, 1));

        assertThat(rejection.code()).isEqualTo("RECIPIENT_HOLDING_CAP_EXCEEDED");
        assertThat(rejection.kind()).isEqualTo(Rejection.Kind.REFUSED);
        assertThat(balance(KIM, ONNURI)).isEqualTo(krw(100_000));
    }

    @Test
    void aRecipientMayReceiveExactlyTheMonthlyGiftLimitAndNotOneWonMoreUntilNextMonthInSeoul() {
        clock.set(Instant.parse("2026-11-30T14:00:00Z"));
        buy(KIM, ONNURI_ROUND, 2_000_000);
        give(KIM, LEE, ONNURI, 1_000_000);
        assertThat(wallet(LEE, ONNURI).monthlyGiftReceiptRoom()).isEqualTo(Money.ZERO);
        assertThat(wallet(LEE, ONNURI).holdingRoom()).isEqualTo(krw(1_000_000));

        clock.set(Instant.parse("2026-11-30T14:59:59Z"));
        Rejection rejection = refusedWithoutChange(() -> give(KIM, LEE, ONNURI, 1));
        assertThat(rejection.code()).isEqualTo("RECIPIENT_GIFT_LIMIT_EXCEEDED");

        clock.set(Instant.parse("2026-11-30T15:00:00Z"));
        give(KIM, LEE, ONNURI, 1_000_000);
        assertThat(balance(LEE, ONNURI)).isEqualTo(krw(2_000_000));
    }

    @Test
    void seoulCardVouchersCannotBeGiven() {
        buy(KIM, SEOUL_ROUND, 100_000, CARD);

        Rejection rejection = refusedWithoutChange(() -> give(KIM, LEE, SEOUL, 10_000));

        assertThat(rejection.code()).isEqualTo("INSUFFICIENT_GIFTABLE_BALANCE");
        assertThat(rejection.facts()).containsEntry("giftable", 0L);
    }

    @Test
    void seoulGivesOnlyFromBankFundedLotsEvenWhenACardLotExpiresFirst() {
        Purchase card = buy(KIM, SEOUL_ROUND, 100_000, CARD);
        clock.advance(Duration.ofDays(1));
        buy(KIM, SEOUL_ROUND, 50_000, BANK);

        assertThat(refusedWithoutChange(() -> give(KIM, LEE, SEOUL, 50_001)).facts())
                .containsEntry("giftable", 50_000L);
        give(KIM, LEE, SEOUL, 50_000);

        assertThat(wallet(KIM, SEOUL).lots()).singleElement().satisfies(lot -> {
            assertThat(lot.source()).isEqualTo(card.id().value());
            assertThat(lot.balance()).isEqualTo(krw(100_000));
        });
        assertThat(balance(LEE, SEOUL)).isEqualTo(krw(50_000));
    }

    @Test
    void onnuriCardVouchersCanBeGiven() {
        buy(KIM, ONNURI_ROUND, 100_000, CARD);

        give(KIM, LEE, ONNURI, 100_000);

        assertThat(wallet(LEE, ONNURI).lots())
                .singleElement()
                .extracting(Lot::funding)
                .isEqualTo(CARD);
    }

    @Test
    void nobodyCanGiveMoreThanTheyHold() {
        buy(KIM, ONNURI_ROUND, 100_000);

        Rejection rejection = refusedWithoutChange(() -> give(KIM, LEE, ONNURI, 100_001));

        assertThat(rejection.code()).isEqualTo("INSUFFICIENT_GIFTABLE_BALANCE");
        assertThat(rejection.facts()).containsEntry("giftable", 100_000L);
    }

    @Test
    void aProgramWithGiftingSwitchedOffRefusesGifts() {
        buy(KIM, MARKET_DAY_ROUND, 10_000);

        assertThat(refusedWithoutChange(() -> give(KIM, LEE, MARKET_DAY, 1_000)).code())
                .isEqualTo("GIFTING_DISABLED");
    }

    @Test
    void nobodyCanGiveToThemselves() {
        buy(KIM, ONNURI_ROUND, 10_000);

        Rejection rejection = refusedWithoutChange(() -> give(KIM, KIM, ONNURI, 1_000));

        assertThat(rejection.code()).isEqualTo("GIFT_TO_SELF");
        assertThat(rejection.kind()).isEqualTo(Rejection.Kind.INVALID);
    }

    @Test
    void aGiftOfNothingIsInvalid() {
        buy(KIM, ONNURI_ROUND, 10_000);

        assertThat(refusedWithoutChange(() -> give(KIM, LEE, ONNURI, 0)).code()).isEqualTo("AMOUNT_NOT_POSITIVE");
    }

    @Test
    void replayingAGiftWithItsKeyGivesOnce() {
        buy(KIM, ONNURI_ROUND, 100_000);
        GiftOrder order = new GiftOrder(KIM, LEE, ONNURI, krw(30_000), newKey());
        Gift first = wallets.gift(order);
        State before = state();

        Gift again = wallets.gift(order);

        assertThat(again).isEqualTo(first);
        assertThat(state()).isEqualTo(before);
        assertThat(balance(LEE, ONNURI)).isEqualTo(krw(30_000));
    }

    @Test
    void reusingAGiftKeyForAnotherAmountIsAConflict() {
        buy(KIM, ONNURI_ROUND, 100_000);
        GiftOrder order = new GiftOrder(KIM, LEE, ONNURI, krw(30_000), newKey());
        wallets.gift(order);

        Rejection rejection =
                refusedWithoutChange(() -> wallets.gift(new GiftOrder(KIM, LEE, ONNURI, krw(40_000), order.key())));

        assertThat(rejection.code()).isEqualTo("IDEMPOTENCY_KEY_REUSED");
        assertThat(rejection.kind()).isEqualTo(Rejection.Kind.CONFLICT);
    }
}
