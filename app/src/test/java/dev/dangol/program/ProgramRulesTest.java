package dev.dangol.program;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.dangol.ledger.AccountBalance;
import dev.dangol.ledger.Ledger;
import dev.dangol.ledger.Ledgers;
import dev.dangol.ledger.Transfer;
import dev.dangol.shared.Money;
import dev.dangol.shared.ProgramId;
import dev.dangol.shared.Rejection;
import dev.dangol.shared.RoundId;
import dev.dangol.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ProgramRulesTest {

    private static final Instant NOW = Instant.parse("2026-11-02T00:00:00Z");
    private static final Instant OPENS = NOW.plus(Duration.ofHours(1));
    private static final Instant CLOSES = OPENS.plus(Duration.ofDays(30));
    private static final ProgramId ONNURI = ProgramId.of("onnuri");
    private static final RoundId ROUND = RoundId.of("onnuri-2026-11");
    private static final Money UNIT = Money.krw(10_000);
    private static final Set<FundingMethod> ANY_FUNDING = Set.of(FundingMethod.BANK_ACCOUNT, FundingMethod.CARD);

    private final MutableClock clock = new MutableClock(NOW, ZoneOffset.UTC);
    private Ledger ledger;
    private Programs programs;

    @BeforeEach
    void openACatalogue() {
        ledger = Ledgers.inMemory(clock);
        programs = ProgramCatalogs.inMemory(ledger, clock);
    }

    @AfterEach
    void booksBalance() {
        try {
            assertThat(ledger.audit().violations()).isEmpty();
            assertThat(ledger.audit().balanced()).isTrue();
        } finally {
            if (ledger instanceof AutoCloseable closeable) {
                Thread.startVirtualThread(() -> closeQuietly(closeable));
            }
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            throw new IllegalStateException("the test ledger did not close", e);
        }
    }

    // Validation.

    @Test
    void aProgramWithOnnurisFiguresIsValid() {
        assertThat(onnuri().discountBasisPoints()).isEqualTo(1_000);
        assertThat(program(ProgramKind.REGIONAL, "11000", 10_000, 400_000, 10_000, 120)
                        .townCode())
                .isEqualTo("11000");
    }

    @Test
    void aDiscountOutsideZeroToOneHundredPercentIsRejected() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> program(ProgramKind.NATIONAL, null, -1, 2_000_000, 10_000, 60));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> program(ProgramKind.NATIONAL, null, 10_001, 2_000_000, 10_000, 60));
    }

    @Test
    void aMonthlyLimitMustBePositiveAndInWholeUnits() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> program(ProgramKind.NATIONAL, null, 1_000, 0, 10_000, 60));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> program(ProgramKind.NATIONAL, null, 1_000, 2_005_000, 10_000, 60));
    }

    @Test
    void aPurchaseUnitMustBePositive() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> program(ProgramKind.NATIONAL, null, 1_000, 2_000_000, 0, 60));
    }

    @Test
    void validityMustBeOneToOneHundredTwentyMonths() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> program(ProgramKind.NATIONAL, null, 1_000, 2_000_000, 10_000, 0));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> program(ProgramKind.NATIONAL, null, 1_000, 2_000_000, 10_000, 121));
        assertThat(program(ProgramKind.NATIONAL, null, 1_000, 2_000_000, 10_000, 1)
                        .validityMonths())
                .isEqualTo(1);
    }

    @Test
    void aRegionalProgramNeedsAFiveDigitTownCodeAndANationalOneNone() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> program(ProgramKind.REGIONAL, null, 700, 400_000, 10_000, 60));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> program(ProgramKind.REGIONAL, "1100", 700, 400_000, 10_000, 60));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> program(ProgramKind.NATIONAL, "11000", 1_000, 2_000_000, 10_000, 60));
    }

    @Test
    void limitsCapsAndNamesMustBeGiven() {
        Program valid = onnuri();
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new Program(
                        ONNURI,
                        " ",
                        valid.kind(),
                        null,
                        1_000,
                        Money.krw(2_000_000),
                        Money.krw(1_000_000),
                        Money.krw(2_000_000),
                        UNIT,
                        60,
                        valid.cancellation(),
                        valid.partialRefund(),
                        valid.gifts()));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new Program(
                        ONNURI,
                        "Onnuri",
                        valid.kind(),
                        null,
                        1_000,
                        Money.krw(2_000_000),
                        Money.ZERO,
                        Money.krw(2_000_000),
                        UNIT,
                        60,
                        valid.cancellation(),
                        valid.partialRefund(),
                        valid.gifts()));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new Program(
                        ONNURI,
                        "Onnuri",
                        valid.kind(),
                        null,
                        1_000,
                        Money.krw(2_000_000),
                        Money.krw(1_000_000),
                        Money.ZERO,
                        UNIT,
                        60,
                        valid.cancellation(),
                        valid.partialRefund(),
                        valid.gifts()));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new Program(
                        ONNURI,
                        "Onnuri",
                        valid.kind(),
                        null,
                        1_000,
                        Money.krw(2_000_000),
                        Money.krw(1_000_000),
                        Money.krw(2_000_000),
                        UNIT,
                        60,
                        null,
                        valid.partialRefund(),
                        valid.gifts()));
    }

    @Test
    void refundCancellationAndGiftRulesRejectImpossibleFigures() {
        assertThatIllegalArgumentException().isThrownBy(() -> new Program.CancellationRule(-1, false));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new Program.PartialRefundRule(10_001, UNIT, 8_000, true, ANY_FUNDING));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new Program.PartialRefundRule(6_000, UNIT, -1, true, ANY_FUNDING));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new Program.PartialRefundRule(6_000, Money.krw(-1), 8_000, true, ANY_FUNDING));
        assertThatIllegalArgumentException().isThrownBy(() -> new Program.GiftRule(true, Money.ZERO, ANY_FUNDING));
    }

    @Test
    void smallPurchasesUpToTheirLimitNeedTheSmallShareUsed() {
        Program.PartialRefundRule rule = onnuri().partialRefund();

        assertThat(rule.thresholdFor(Money.krw(10_000))).isEqualTo(8_000);
        assertThat(rule.thresholdFor(Money.krw(10_001))).isEqualTo(6_000);
    }

    @Test
    void aRoundRejectsBadBudgetsTimesCapsDiscountsAndStatuses() {
        assertThatIllegalArgumentException().isThrownBy(() -> round(0, OPENS, CLOSES, 500_000, 1_000));
        assertThatIllegalArgumentException().isThrownBy(() -> round(-10_000, OPENS, CLOSES, 500_000, 1_000));
        assertThatIllegalArgumentException().isThrownBy(() -> round(1_000_000, null, CLOSES, 500_000, 1_000));
        assertThatIllegalArgumentException().isThrownBy(() -> round(1_000_000, OPENS, OPENS, 500_000, 1_000));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> round(1_000_000, OPENS, OPENS.minusSeconds(1), 500_000, 1_000));
        assertThatIllegalArgumentException().isThrownBy(() -> round(1_000_000, OPENS, CLOSES, 0, 1_000));
        assertThatIllegalArgumentException().isThrownBy(() -> round(1_000_000, OPENS, CLOSES, 500_000, 10_001));
        assertThatIllegalArgumentException()
                .isThrownBy(() ->
                        new Round(ROUND, ONNURI, "", Money.krw(1_000_000), OPENS, null, UNIT, 0, RoundStatus.ACTIVE));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new Round(ROUND, ONNURI, "r", Money.krw(1_000_000), OPENS, null, UNIT, 0, null));
        assertThat(round(1_000_000, OPENS, OPENS.plusSeconds(1), 500_000, 0).closesAt())
                .isEqualTo(OPENS.plusSeconds(1));
    }

    // Phases.

    @Test
    void aRoundIsUpcomingBeforeItOpensAndSellingFromItsOpeningSecond() {
        Round round = round(1_000_000, OPENS, CLOSES, 500_000, 1_000);

        assertThat(round.phaseAt(OPENS.minusSeconds(1), round.budget(), UNIT)).isEqualTo(RoundPhase.UPCOMING);
        assertThat(round.phaseAt(OPENS, round.budget(), UNIT)).isEqualTo(RoundPhase.SELLING);
    }

    @Test
    void aRoundIsSoldOutOnceLessThanOneUnitRemains() {
        Round round = round(1_000_000, OPENS, CLOSES, 500_000, 1_000);

        assertThat(round.phaseAt(OPENS, UNIT, UNIT)).isEqualTo(RoundPhase.SELLING);
        assertThat(round.phaseAt(OPENS, Money.krw(9_999), UNIT)).isEqualTo(RoundPhase.SOLD_OUT);
        assertThat(round.phaseAt(OPENS, Money.ZERO, UNIT)).isEqualTo(RoundPhase.SOLD_OUT);
    }

    @Test
    void aPausedRoundIsPausedWhileOpen() {
        Round round = round(1_000_000, OPENS, CLOSES, 500_000, 1_000).withStatus(RoundStatus.PAUSED);

        assertThat(round.phaseAt(OPENS, round.budget(), UNIT)).isEqualTo(RoundPhase.PAUSED);
        assertThat(round.phaseAt(CLOSES, round.budget(), UNIT)).isEqualTo(RoundPhase.CLOSED);
    }

    @Test
    void aRoundIsClosedByItsStatusOrFromItsClosingTime() {
        Round round = round(1_000_000, OPENS, CLOSES, 500_000, 1_000);

        assertThat(round.phaseAt(CLOSES.minusSeconds(1), round.budget(), UNIT)).isEqualTo(RoundPhase.SELLING);
        assertThat(round.phaseAt(CLOSES, round.budget(), UNIT)).isEqualTo(RoundPhase.CLOSED);
        Round closed = round.withStatus(RoundStatus.CLOSED);
        assertThat(closed.phaseAt(OPENS, closed.budget(), UNIT)).isEqualTo(RoundPhase.CLOSED);
        assertThat(closed.phaseAt(OPENS.minusSeconds(1), closed.budget(), UNIT)).isEqualTo(RoundPhase.CLOSED);
    }

    @Test
    void theCataloguePhaseFollowsTheClockAndTheBudgetInTheLedger() {
        programs.define(onnuri());
        Round round = programs.schedule(round(1_000_000, OPENS, CLOSES, 500_000, 1_000));

        assertThat(programs.phase(round)).isEqualTo(RoundPhase.UPCOMING);
        clock.set(OPENS);
        assertThat(programs.phase(round)).isEqualTo(RoundPhase.SELLING);

        // Stand in for sales: move all but 9,999 won of the budget to sold.
        ledger.createTransfers(List.of(Transfer.single(
                "test-sale",
                VoucherLedger.budget(ROUND),
                VoucherLedger.budgetSold(ROUND),
                1_000_000 - 9_999,
                VoucherLedger.ROUND_BUDGET,
                VoucherLedger.TRANSFER_PURCHASE)));
        assertThat(programs.budget(ROUND))
                .isEqualTo(new RoundBudget(
                        Money.krw(1_000_000), Money.krw(9_999), Money.ZERO, Money.krw(1_000_000 - 9_999)));
        assertThat(programs.phase(round)).isEqualTo(RoundPhase.SOLD_OUT);

        clock.set(CLOSES);
        assertThat(programs.phase(round)).isEqualTo(RoundPhase.CLOSED);
    }

    // Scheduling.

    @Test
    void definingAProgramSetsUpItsLedgerAccounts() {
        programs.define(onnuri());

        assertThat(ledger.lookupAccounts(List.of(
                        VoucherLedger.clearing(FundingMethod.BANK_ACCOUNT),
                        VoucherLedger.clearing(FundingMethod.CARD),
                        VoucherLedger.expired(ONNURI),
                        VoucherLedger.quotaControl(ONNURI),
                        VoucherLedger.cardQuotaControl(ONNURI),
                        VoucherLedger.holdingControl(ONNURI),
                        VoucherLedger.giftReceiptControl(ONNURI))))
                .hasSize(7);
        assertThat(programs.program(ONNURI)).contains(onnuri());
    }

    @Test
    void schedulingARoundIssuesItsWholeBudgetIntoTheBudgetAccount() {
        programs.define(onnuri());

        programs.schedule(round(25_000_000_000L, OPENS, CLOSES, 500_000, 1_000));

        AccountBalance budget =
                ledger.lookupAccount(VoucherLedger.budget(ROUND)).orElseThrow();
        assertThat(budget.creditsPosted()).isEqualTo(25_000_000_000L);
        assertThat(budget.available()).isEqualTo(25_000_000_000L);
        assertThat(ledger.lookupAccount(VoucherLedger.budgetIssue(ROUND))
                        .orElseThrow()
                        .debitsPosted())
                .isEqualTo(25_000_000_000L);
        assertThat(programs.budget(ROUND))
                .isEqualTo(new RoundBudget(
                        Money.krw(25_000_000_000L), Money.krw(25_000_000_000L), Money.ZERO, Money.ZERO));
        assertThat(programs.rounds(ONNURI)).extracting(Round::id).containsExactly(ROUND);
    }

    @Test
    void definingTheSameProgramAgainChangesNothing() {
        Program first = programs.define(onnuri());

        Program again = programs.define(onnuri());

        assertThat(again).isEqualTo(first);
        assertThat(programs.programs()).containsExactly(first);
    }

    @Test
    void definingAnotherProgramUnderAnExistingIdIsRefused() {
        programs.define(onnuri());
        Program cheaper = program(ProgramKind.NATIONAL, null, 1_500, 2_000_000, 10_000, 60);

        Rejection rejection = rejection(() -> programs.define(cheaper));

        assertThat(rejection.code()).isEqualTo("PROGRAM_EXISTS");
        assertThat(rejection.kind()).isEqualTo(Rejection.Kind.CONFLICT);
        assertThat(programs.program(ONNURI)).contains(onnuri());
    }

    @Test
    void schedulingTheSameRoundAgainIssuesTheBudgetOnce() {
        programs.define(onnuri());
        Round first = programs.schedule(round(1_000_000, OPENS, CLOSES, 500_000, 1_000));

        Round again = programs.schedule(round(1_000_000, OPENS, CLOSES, 500_000, 1_000));

        assertThat(again).isEqualTo(first);
        assertThat(ledger.lookupAccount(VoucherLedger.budget(ROUND))
                        .orElseThrow()
                        .creditsPosted())
                .isEqualTo(1_000_000);
        assertThat(programs.rounds(ONNURI)).hasSize(1);
    }

    @Test
    void schedulingAnotherRoundUnderAnExistingIdIsRefused() {
        programs.define(onnuri());
        programs.schedule(round(1_000_000, OPENS, CLOSES, 500_000, 1_000));

        Rejection rejection = rejection(() -> programs.schedule(round(2_000_000, OPENS, CLOSES, 500_000, 1_000)));

        assertThat(rejection.code()).isEqualTo("ROUND_EXISTS");
        assertThat(rejection.kind()).isEqualTo(Rejection.Kind.CONFLICT);
        assertThat(programs.budget(ROUND).total()).isEqualTo(Money.krw(1_000_000));
        assertThat(ledger.lookupAccount(VoucherLedger.budget(ROUND))
                        .orElseThrow()
                        .creditsPosted())
                .isEqualTo(1_000_000);
    }

    @Test
    void aBudgetOrCapOutsideWholeUnitsIsRefusedAndNothingIsIssued() {
        programs.define(onnuri());

        Rejection budget = rejection(() -> programs.schedule(round(1_005_000, OPENS, CLOSES, 500_000, 1_000)));
        Rejection cap = rejection(() -> programs.schedule(round(1_000_000, OPENS, CLOSES, 505_000, 1_000)));

        assertThat(budget.code()).isEqualTo("BUDGET_NOT_IN_UNITS");
        assertThat(budget.kind()).isEqualTo(Rejection.Kind.INVALID);
        assertThat(cap.code()).isEqualTo("CAP_NOT_IN_UNITS");
        assertThat(ledger.lookupAccount(VoucherLedger.budget(ROUND))).isEmpty();
        assertThat(programs.round(ROUND)).isEmpty();
    }

    @Test
    void aRoundOfAnUnknownProgramIsRefused() {
        Rejection rejection = rejection(() -> programs.schedule(round(1_000_000, OPENS, CLOSES, 500_000, 1_000)));

        assertThat(rejection.code()).isEqualTo("PROGRAM_NOT_FOUND");
        assertThat(rejection.kind()).isEqualTo(Rejection.Kind.NOT_FOUND);
    }

    // Status.

    @Test
    void aPausedRoundResumesWhenSetActiveAgain() {
        programs.define(onnuri());
        programs.schedule(round(1_000_000, OPENS, CLOSES, 500_000, 1_000));
        clock.set(OPENS);

        Round paused = programs.setStatus(ROUND, RoundStatus.PAUSED);
        assertThat(programs.phase(paused)).isEqualTo(RoundPhase.PAUSED);
        assertThat(programs.round(ROUND).orElseThrow().status()).isEqualTo(RoundStatus.PAUSED);

        Round resumed = programs.setStatus(ROUND, RoundStatus.ACTIVE);
        assertThat(programs.phase(resumed)).isEqualTo(RoundPhase.SELLING);
    }

    @Test
    void aClosedRoundCannotBeReopenedOrPaused() {
        programs.define(onnuri());
        programs.schedule(round(1_000_000, OPENS, CLOSES, 500_000, 1_000));
        programs.setStatus(ROUND, RoundStatus.CLOSED);

        for (RoundStatus status : List.of(RoundStatus.ACTIVE, RoundStatus.PAUSED)) {
            Rejection rejection = rejection(() -> programs.setStatus(ROUND, status));
            assertThat(rejection.code()).isEqualTo("ROUND_CLOSED");
            assertThat(rejection.kind()).isEqualTo(Rejection.Kind.REFUSED);
        }
        assertThat(programs.setStatus(ROUND, RoundStatus.CLOSED).status()).isEqualTo(RoundStatus.CLOSED);
        assertThat(programs.round(ROUND).orElseThrow().status()).isEqualTo(RoundStatus.CLOSED);
    }

    @Test
    void anUnknownRoundHasNeitherStatusNorBudget() {
        RoundId unknown = RoundId.of("nowhere");

        assertThat(rejection(() -> programs.setStatus(unknown, RoundStatus.PAUSED))
                        .code())
                .isEqualTo("ROUND_NOT_FOUND");
        assertThat(rejection(() -> programs.budget(unknown)).code()).isEqualTo("ROUND_NOT_FOUND");
    }

    // Fixtures.

    private static Program onnuri() {
        return program(ProgramKind.NATIONAL, null, 1_000, 2_000_000, 10_000, 60);
    }

    private static Program program(
            ProgramKind kind, String townCode, int discount, long monthlyLimit, long unit, int validityMonths) {
        return new Program(
                ONNURI,
                "Digital Onnuri",
                kind,
                townCode,
                discount,
                Money.krw(monthlyLimit),
                Money.krw(1_000_000),
                Money.krw(2_000_000),
                Money.krw(unit),
                validityMonths,
                new Program.CancellationRule(7, false),
                new Program.PartialRefundRule(6_000, Money.krw(10_000), 8_000, true, ANY_FUNDING),
                new Program.GiftRule(true, Money.krw(1_000_000), ANY_FUNDING));
    }

    private static Round round(long budget, Instant opensAt, Instant closesAt, long perPersonCap, int discount) {
        return new Round(
                ROUND,
                ONNURI,
                "November round",
                Money.krw(budget),
                opensAt,
                closesAt,
                Money.krw(perPersonCap),
                discount,
                RoundStatus.ACTIVE);
    }

    private static Rejection rejection(ThrowingCallable call) {
        Throwable thrown = catchThrowable(call);
        assertThat(thrown).isInstanceOf(Rejection.class);
        return (Rejection) thrown;
    }
}
