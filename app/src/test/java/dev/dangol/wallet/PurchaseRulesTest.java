package dev.dangol.wallet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dangol.program.FundingMethod;
import dev.dangol.program.Round;
import dev.dangol.program.RoundBudget;
import dev.dangol.program.RoundStatus;
import dev.dangol.program.VoucherLedger;
import dev.dangol.shared.Money;
import dev.dangol.shared.PersonId;
import dev.dangol.shared.Rejection;
import dev.dangol.shared.RoundId;
import dev.dangol.wallet.internal.LedgerWallets;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PurchaseRulesTest extends WalletScenario {

    @Test
    void reservingHoldsBudgetAndLimitsButPutsNothingInTheWalletYet() {
        Purchase purchase = reserve(KIM, ONNURI_ROUND, 100_000);

        assertThat(purchase.status()).isEqualTo(PurchaseStatus.RESERVED);
        assertThat(purchase.faceValue()).isEqualTo(krw(100_000));
        assertThat(purchase.paid()).isEqualTo(krw(90_000));
        assertThat(purchase.subsidy()).isEqualTo(krw(10_000));
        assertThat(purchase.reservedAt()).isEqualTo(START);
        assertThat(purchase.holdExpiresAt()).isEqualTo(START.plus(HOLD));
        assertThat(budget(ONNURI_ROUND))
                .isEqualTo(new RoundBudget(krw(BIG_BUDGET), krw(BIG_BUDGET - 100_000), krw(100_000), Money.ZERO));
        WalletView wallet = wallet(KIM, ONNURI);
        assertThat(wallet.balance()).isEqualTo(Money.ZERO);
        assertThat(wallet.monthlyPurchaseRoom()).isEqualTo(krw(1_900_000));
        assertThat(wallet.holdingRoom()).isEqualTo(krw(1_900_000));
        assertThat(account(VoucherLedger.clearing(BANK)).debitsPending()).isEqualTo(90_000);
    }

    @Test
    void confirmingPutsTheFaceValueInTheWalletWhileTheBuyerPaysLessTheDiscountAndTheSubsidyTheRest() {
        Purchase purchase = buy(KIM, ONNURI_ROUND, 100_000);

        assertThat(purchase.status()).isEqualTo(PurchaseStatus.CONFIRMED);
        assertThat(purchase.balance()).isEqualTo(krw(100_000));
        assertThat(purchase.validUntil()).isEqualTo(Instant.parse("2031-11-02T00:00:00Z"));
        assertThat(budget(ONNURI_ROUND))
                .isEqualTo(new RoundBudget(krw(BIG_BUDGET), krw(BIG_BUDGET - 100_000), Money.ZERO, krw(100_000)));
        assertThat(netPosted(VoucherLedger.clearing(BANK))).isEqualTo(-90_000);
        assertThat(netPosted(VoucherLedger.subsidy(ONNURI_ROUND))).isEqualTo(-10_000);
        WalletView wallet = wallet(KIM, ONNURI);
        assertThat(wallet.balance()).isEqualTo(krw(100_000));
        assertThat(wallet.lots()).singleElement().satisfies(lot -> {
            assertThat(lot.origin()).isEqualTo(Lot.Origin.PURCHASE);
            assertThat(lot.source()).isEqualTo(purchase.id().value());
            assertThat(lot.funding()).isEqualTo(BANK);
            assertThat(lot.received()).isEqualTo(krw(100_000));
            assertThat(lot.balance()).isEqualTo(krw(100_000));
            assertThat(lot.validUntil()).isEqualTo(purchase.validUntil());
        });
    }

    @Test
    void theDiscountIsRoundedDownToTheWonSoTheBuyerPaysTheOddWon() {
        Purchase one = buy(KIM, MARKET_DAY_ROUND, 1_000);
        Purchase three = buy(KIM, MARKET_DAY_ROUND, 3_000);

        assertThat(one.subsidy()).isEqualTo(krw(123));
        assertThat(one.paid()).isEqualTo(krw(877));
        assertThat(three.subsidy()).isEqualTo(krw(370));
        assertThat(three.paid()).isEqualTo(krw(2_630));
        assertThat(balance(KIM, MARKET_DAY)).isEqualTo(krw(4_000));
    }

    @Test
    void aCardPurchaseIsPaidFromTheCardClearingAccount() {
        buy(KIM, ONNURI_ROUND, 50_000, CARD);

        assertThat(netPosted(VoucherLedger.clearing(CARD))).isEqualTo(-45_000);
        assertThat(wallet(KIM, ONNURI).monthlyCardRoom()).isEqualTo(krw(950_000));
        assertThat(wallet(KIM, ONNURI).lots())
                .singleElement()
                .extracting(Lot::funding)
                .isEqualTo(CARD);
    }

    @Test
    void releasingAReservationReturnsTheBudgetAndEveryLimit() {
        Purchase purchase = reserve(KIM, ONNURI_ROUND, 100_000, CARD);

        Purchase released = wallets.release(KIM, purchase.id());

        assertThat(released.status()).isEqualTo(PurchaseStatus.RELEASED);
        assertThat(budget(ONNURI_ROUND))
                .isEqualTo(new RoundBudget(krw(BIG_BUDGET), krw(BIG_BUDGET), Money.ZERO, Money.ZERO));
        assertEverythingBackFor(KIM);
        assertThat(wallets.release(KIM, purchase.id()).status()).isEqualTo(PurchaseStatus.RELEASED);
        assertThat(refusal(() -> wallets.confirm(KIM, purchase.id())).code()).isEqualTo("PURCHASE_RELEASED");
    }

    @Test
    void aReservationIsSettledTheSameWhicheverNodeMadeIt() {
        Wallets otherNode = new LedgerWallets(ledger, programs, clock, HOLD);
        Purchase confirmedThere = reserve(KIM, ONNURI_ROUND, 100_000);
        Purchase releasedThere = reserve(KIM, ONNURI_ROUND, 200_000);

        // The other node has neither at hand and reads them from the ledger.
        assertThat(otherNode.confirm(KIM, confirmedThere.id()).status()).isEqualTo(PurchaseStatus.CONFIRMED);
        assertThat(otherNode.release(KIM, releasedThere.id()).status()).isEqualTo(PurchaseStatus.RELEASED);

        // This node still has both at hand; the ledger's answer tells it they were settled meanwhile.
        Purchase again = wallets.confirm(KIM, confirmedThere.id());
        assertThat(again.status()).isEqualTo(PurchaseStatus.CONFIRMED);
        assertThat(again.balance()).isEqualTo(krw(100_000));
        assertThat(refusal(() -> wallets.confirm(KIM, releasedThere.id())).code())
                .isEqualTo("PURCHASE_RELEASED");
        assertThat(refusal(() -> otherNode.release(KIM, confirmedThere.id())).code())
                .isEqualTo("PURCHASE_ALREADY_CONFIRMED");
        assertThat(balance(KIM, ONNURI)).isEqualTo(krw(100_000));
        assertThat(wallet(KIM, ONNURI).monthlyPurchaseRoom()).isEqualTo(krw(1_900_000));
        assertThat(budget(ONNURI_ROUND).sold()).isEqualTo(krw(100_000));
    }

    @Test
    void someoneElsesPurchaseIsNotFoundEvenOnTheNodeThatReservedIt() {
        Purchase purchase = reserve(KIM, ONNURI_ROUND, 100_000);

        assertThat(refusedWithoutChange(() -> wallets.confirm(LEE, purchase.id()))
                        .code())
                .isEqualTo("PURCHASE_NOT_FOUND");
        assertThat(wallets.confirm(KIM, purchase.id()).status()).isEqualTo(PurchaseStatus.CONFIRMED);
    }

    @Test
    void givingUpALapsedReservationAnswersTheLapseAndGivesTheLimitsBackAtOnceAndOnce() {
        Purchase purchase = reserve(KIM, ONNURI_ROUND, 100_000, CARD);
        clock.advance(HOLD.plusSeconds(1));

        // Before the ledger's sweep: the release finds the hold timed out, which expires it on the spot, and the
        // limits come back without waiting for the lapse job.
        assertThat(wallets.release(KIM, purchase.id()).status()).isEqualTo(PurchaseStatus.HOLD_EXPIRED);
        assertEverythingBackFor(KIM);
        assertThat(ledger.expirePendingTransfers(100)).isZero();
        assertThat(wallets.release(KIM, purchase.id()).status()).isEqualTo(PurchaseStatus.HOLD_EXPIRED);
        assertThat(wallets.returnLapsedLimits(100))
                .as("notices of the budget, payment and subsidy holds")
                .isEqualTo(3);
        assertEverythingBackFor(KIM);
    }

    @Test
    void givingUpAReservationTheLedgerHasSweptGivesTheLimitsBackBeforeTheLapseJob() {
        Purchase purchase = reserve(KIM, ONNURI_ROUND, 100_000, CARD);
        clock.advance(HOLD.plusSeconds(1));
        assertThat(ledger.expirePendingTransfers(100)).isPositive();

        assertThat(wallets.release(KIM, purchase.id()).status()).isEqualTo(PurchaseStatus.HOLD_EXPIRED);
        assertEverythingBackFor(KIM);
        wallets.returnLapsedLimits(100);
        assertEverythingBackFor(KIM);
    }

    @Test
    void anUnpaidHoldLapsesAndTheLedgerReturnsTheBudgetAndEveryLimit() {
        Purchase purchase = reserve(KIM, ONNURI_ROUND, 100_000, CARD);

        clock.advance(HOLD.plusSeconds(1));
        assertThat(ledger.expirePendingTransfers(100)).isPositive();

        assertThat(wallets.purchase(KIM, purchase.id()).orElseThrow().status()).isEqualTo(PurchaseStatus.HOLD_EXPIRED);
        assertThat(budget(ONNURI_ROUND))
                .isEqualTo(new RoundBudget(krw(BIG_BUDGET), krw(BIG_BUDGET), Money.ZERO, Money.ZERO));
        // The limits were used at once (decision 0018): the lapse job gives them back, once.
        assertThat(wallet(KIM, ONNURI).monthlyPurchaseRoom()).isEqualTo(krw(1_900_000));
        assertThat(wallets.returnLapsedLimits(100))
                .as("notices of the budget, payment and subsidy holds")
                .isEqualTo(3);
        assertThat(wallets.returnLapsedLimits(100)).isZero();
        assertEverythingBackFor(KIM);
        assertThat(ledger.expiries(10)).isEmpty();
        assertThat(account(VoucherLedger.clearing(CARD)).debitsPending()).isZero();
    }

    @Test
    void confirmingAfterTheHoldLapsedIsRefused() {
        Purchase purchase = reserve(KIM, ONNURI_ROUND, 100_000);
        clock.advance(HOLD.plusSeconds(1));
        ledger.expirePendingTransfers(100);
        wallets.returnLapsedLimits(100);

        Rejection rejection = refusedWithoutChange(() -> wallets.confirm(KIM, purchase.id()));

        assertThat(rejection.code()).isEqualTo("HOLD_EXPIRED");
        assertThat(rejection.kind()).isEqualTo(Rejection.Kind.REFUSED);
        assertThat(balance(KIM, ONNURI)).isEqualTo(Money.ZERO);
    }

    @Test
    void confirmingTheMomentTheHoldEndsIsRefusedEvenBeforeTheLedgerSweepsIt() {
        Purchase purchase = reserve(KIM, ONNURI_ROUND, 100_000);
        clock.advance(HOLD);

        assertThat(refusal(() -> wallets.confirm(KIM, purchase.id())).code()).isEqualTo("HOLD_EXPIRED");
        ledger.expirePendingTransfers(100);
        assertThat(budget(ONNURI_ROUND).held()).isEqualTo(Money.ZERO);
        assertThat(wallets.returnLapsedLimits(100))
                .as("notices of the budget, payment and subsidy holds")
                .isEqualTo(3);
        assertEverythingBackFor(KIM);
    }

    @Test
    void confirmingOneSecondBeforeTheHoldEndsSucceeds() {
        Purchase purchase = reserve(KIM, ONNURI_ROUND, 100_000);
        clock.advance(HOLD.minusSeconds(1));

        assertThat(wallets.confirm(KIM, purchase.id()).status()).isEqualTo(PurchaseStatus.CONFIRMED);
        clock.advance(Duration.ofHours(1));
        assertThat(ledger.expirePendingTransfers(100)).isZero();
        assertThat(balance(KIM, ONNURI)).isEqualTo(krw(100_000));
    }

    @Test
    void confirmingTwiceCreditsTheWalletOnce() {
        Purchase purchase = buy(KIM, ONNURI_ROUND, 100_000);

        Purchase again = wallets.confirm(KIM, purchase.id());

        assertThat(again).isEqualTo(purchase);
        assertThat(balance(KIM, ONNURI)).isEqualTo(krw(100_000));
        assertThat(budget(ONNURI_ROUND).sold()).isEqualTo(krw(100_000));
    }

    @Test
    void aPaidPurchaseCannotBeReleased() {
        Purchase purchase = buy(KIM, ONNURI_ROUND, 100_000);

        assertThat(refusedWithoutChange(() -> wallets.release(KIM, purchase.id()))
                        .code())
                .isEqualTo("PURCHASE_ALREADY_CONFIRMED");
    }

    @Test
    void nobodyButTheBuyerSeesOrConfirmsAPurchase() {
        Purchase purchase = reserve(KIM, ONNURI_ROUND, 100_000);

        assertThat(wallets.purchase(LEE, purchase.id())).isEmpty();
        Rejection rejection = refusedWithoutChange(() -> wallets.confirm(LEE, purchase.id()));
        assertThat(rejection.code()).isEqualTo("PURCHASE_NOT_FOUND");
        assertThat(rejection.kind()).isEqualTo(Rejection.Kind.NOT_FOUND);
        wallets.release(KIM, purchase.id());
    }

    @Test
    void replayingAReservationWithItsKeyReturnsTheSamePurchaseAndHoldsOnlyOnce() {
        PurchaseOrder order = new PurchaseOrder(KIM, ONNURI_ROUND, krw(100_000), BANK, newKey());
        Purchase first = wallets.reserve(order);

        Purchase again = wallets.reserve(order);

        assertThat(again).isEqualTo(first);
        assertThat(budget(ONNURI_ROUND).held()).isEqualTo(krw(100_000));
        assertThat(wallet(KIM, ONNURI).monthlyPurchaseRoom()).isEqualTo(krw(1_900_000));
        wallets.confirm(KIM, first.id());
        assertThat(wallets.reserve(order).status()).isEqualTo(PurchaseStatus.CONFIRMED);
        assertThat(balance(KIM, ONNURI)).isEqualTo(krw(100_000));
        assertThat(budget(ONNURI_ROUND).sold()).isEqualTo(krw(100_000));
    }

    @Test
    void reusingAKeyForAnotherAmountOrFundingIsAConflictThatChangesNothing() {
        IdempotencyKey key = newKey();
        wallets.reserve(new PurchaseOrder(KIM, ONNURI_ROUND, krw(100_000), BANK, key));

        Rejection otherAmount = refusedWithoutChange(
                () -> wallets.reserve(new PurchaseOrder(KIM, ONNURI_ROUND, krw(110_000), BANK, key)));
        Rejection otherFunding = refusedWithoutChange(
                () -> wallets.reserve(new PurchaseOrder(KIM, ONNURI_ROUND, krw(100_000), CARD, key)));

        assertThat(otherAmount.code()).isEqualTo("IDEMPOTENCY_KEY_REUSED");
        assertThat(otherAmount.kind()).isEqualTo(Rejection.Kind.CONFLICT);
        assertThat(otherFunding.code()).isEqualTo("IDEMPOTENCY_KEY_REUSED");
        assertThat(budget(ONNURI_ROUND).held()).isEqualTo(krw(100_000));
    }

    @Test
    void anotherPersonsKeyNeverCollidesWithMine() {
        IdempotencyKey key = newKey();
        Purchase mine = wallets.reserve(new PurchaseOrder(KIM, ONNURI_ROUND, krw(100_000), BANK, key));

        Purchase theirs = wallets.reserve(new PurchaseOrder(LEE, ONNURI_ROUND, krw(50_000), BANK, key));

        assertThat(theirs.id()).isNotEqualTo(mine.id());
        assertThat(budget(ONNURI_ROUND).held()).isEqualTo(krw(150_000));
    }

    @Test
    void retryingARefusedReservationWithItsKeyGivesTheSameRefusalEvenOnceRoomFreesUp() {
        Purchase big = reserve(KIM, ONNURI_ROUND, 2_000_000);
        PurchaseOrder order = new PurchaseOrder(KIM, ONNURI_ROUND, krw(10_000), BANK, newKey());
        assertThat(refusedWithoutChange(() -> wallets.reserve(order)).code()).isEqualTo("MONTHLY_LIMIT_EXCEEDED");

        assertThat(refusedWithoutChange(() -> wallets.reserve(order)).code()).isEqualTo("MONTHLY_LIMIT_EXCEEDED");
        wallets.release(KIM, big.id());
        assertThat(refusedWithoutChange(() -> wallets.reserve(order)).code()).isEqualTo("MONTHLY_LIMIT_EXCEEDED");
        assertThat(wallets.purchase(KIM, PurchaseId.derive(KIM, order.key()))).isEmpty();

        assertThat(buy(KIM, ONNURI_ROUND, 10_000).status()).isEqualTo(PurchaseStatus.CONFIRMED);
    }

    @Test
    void anAmountOfZeroOrLessIsInvalid() {
        for (long face : new long[] {0, -10_000}) {
            Rejection rejection = refusedWithoutChange(() -> reserve(KIM, ONNURI_ROUND, face));
            assertThat(rejection.code()).isEqualTo("AMOUNT_NOT_POSITIVE");
            assertThat(rejection.kind()).isEqualTo(Rejection.Kind.INVALID);
        }
    }

    @Test
    void anAmountOffThePurchaseUnitIsInvalid() {
        Rejection rejection = refusedWithoutChange(() -> reserve(KIM, ONNURI_ROUND, 15_000));

        assertThat(rejection.code()).isEqualTo("AMOUNT_NOT_IN_UNITS");
        assertThat(rejection.kind()).isEqualTo(Rejection.Kind.INVALID);
        assertThat(buy(KIM, MARKET_DAY_ROUND, 15_000).faceValue()).isEqualTo(krw(15_000));
    }

    @Test
    void anUnknownRoundIsNotFound() {
        Rejection rejection = refusedWithoutChange(() -> reserve(KIM, RoundId.of("no-such-round"), 10_000));

        assertThat(rejection.code()).isEqualTo("ROUND_NOT_FOUND");
        assertThat(rejection.kind()).isEqualTo(Rejection.Kind.NOT_FOUND);
    }

    @Test
    void aRoundSellsFromItsOpeningSecondAndNotBefore() {
        Instant opensAt = START.plus(Duration.ofHours(1));
        RoundId later = RoundId.of("onnuri-later");
        schedule(new Round(
                later, ONNURI, "later", krw(1_000_000), opensAt, null, krw(500_000), 1_000, RoundStatus.ACTIVE));

        clock.set(opensAt.minusSeconds(1));
        Rejection rejection = refusedWithoutChange(() -> reserve(KIM, later, 10_000));
        assertThat(rejection.code()).isEqualTo("ROUND_NOT_OPEN");
        assertThat(rejection.facts()).containsEntry("opensAt", opensAt.toString());

        clock.set(opensAt);
        assertThat(buy(KIM, later, 10_000).status()).isEqualTo(PurchaseStatus.CONFIRMED);
    }

    @Test
    void aPausedRoundRefusesUntilItIsResumed() {
        programs.setStatus(ONNURI_ROUND, RoundStatus.PAUSED);

        assertThat(refusedWithoutChange(() -> reserve(KIM, ONNURI_ROUND, 10_000))
                        .code())
                .isEqualTo("ROUND_PAUSED");

        programs.setStatus(ONNURI_ROUND, RoundStatus.ACTIVE);
        assertThat(buy(KIM, ONNURI_ROUND, 10_000).status()).isEqualTo(PurchaseStatus.CONFIRMED);
    }

    @Test
    void aClosedRoundRefuses() {
        programs.setStatus(ONNURI_ROUND, RoundStatus.CLOSED);

        assertThat(refusedWithoutChange(() -> reserve(KIM, ONNURI_ROUND, 10_000))
                        .code())
                .isEqualTo("ROUND_CLOSED");
    }

    @Test
    void aRoundRefusesFromItsClosingTimeOn() {
        Instant closesAt = START.plus(Duration.ofDays(1));
        RoundId shortRound = RoundId.of("onnuri-one-day");
        schedule(new Round(
                shortRound,
                ONNURI,
                "one day",
                krw(1_000_000),
                ROUNDS_OPEN,
                closesAt,
                krw(500_000),
                1_000,
                RoundStatus.ACTIVE));

        clock.set(closesAt.minusSeconds(1));
        buy(KIM, shortRound, 10_000);
        clock.set(closesAt);
        assertThat(refusedWithoutChange(() -> reserve(KIM, shortRound, 10_000)).code())
                .isEqualTo("ROUND_CLOSED");
    }

    @Test
    void anAmountTooLargeForMoneyIsRefusedWithoutChangingAnything() {
        assertThat(refusedWithoutChange(() -> reserve(KIM, ONNURI_ROUND, Long.MAX_VALUE))
                        .code())
                .isEqualTo("AMOUNT_NOT_IN_UNITS");

        long largestInUnits = Long.MAX_VALUE - Long.MAX_VALUE % 10_000;
        Rejection rejection = refusedWithoutChange(() -> reserve(KIM, ONNURI_ROUND, largestInUnits));

        assertThat(rejection.code()).isEqualTo("AMOUNT_TOO_LARGE");
        assertThat(rejection.kind()).isEqualTo(Rejection.Kind.INVALID);
        assertThat(budget(ONNURI_ROUND).remaining()).isEqualTo(krw(BIG_BUDGET));
    }

    private void assertEverythingBackFor(PersonId person) {
        WalletView wallet = wallet(person, ONNURI);
        assertThat(wallet.balance()).isEqualTo(Money.ZERO);
        assertThat(wallet.holdingRoom()).isEqualTo(krw(2_000_000));
        assertThat(wallet.monthlyPurchaseRoom()).isEqualTo(krw(2_000_000));
        assertThat(wallet.monthlyCardRoom()).isEqualTo(krw(1_000_000));
        assertThat(ledger.lookupAccount(VoucherLedger.roundCap(person, ONNURI_ROUND))
                        .orElseThrow()
                        .available())
                .isEqualTo(NO_ROUND_CAP);
    }

    @Test
    void aKeyReusedWithAnotherFundingIsRefusedAndLeavesThePurchaseWhole() {
        IdempotencyKey key = newKey();
        Purchase byBank = wallets.reserve(
                new PurchaseOrder(KIM, SEOUL_ROUND, Money.krw(10_000), FundingMethod.BANK_ACCOUNT, key));

        // The card order would add a card-limit link the bank purchase never had.
        assertThat(refusedWithoutChange(() -> wallets.reserve(
                                new PurchaseOrder(KIM, SEOUL_ROUND, Money.krw(10_000), FundingMethod.CARD, key)))
                        .code())
                .isEqualTo("IDEMPOTENCY_KEY_REUSED");

        assertThat(wallets.confirm(KIM, byBank.id()).status()).isEqualTo(PurchaseStatus.CONFIRMED);
        assertThat(wallets.cancel(KIM, byBank.id()).toBuyer()).isEqualTo(Money.krw(9_300));
        assertThat(wallets.wallet(KIM, SEOUL).monthlyCardRoom())
                .isEqualTo(programs.program(SEOUL).orElseThrow().cardMonthlyLimit());
    }
}
