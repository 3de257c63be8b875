package dev.dangol.settlement.internal;

import static dev.dangol.settlement.internal.MapMerchants.merchant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dangol.ledger.Ledger;
import dev.dangol.ledger.Ledgers;
import dev.dangol.merchant.MerchantStatus;
import dev.dangol.merchant.RevenueBand;
import dev.dangol.merchant.SettlementAccount;
import dev.dangol.program.VoucherLedger;
import dev.dangol.settlement.BusinessCalendar;
import dev.dangol.shared.MerchantId;
import dev.dangol.shared.Money;
import dev.dangol.shared.ProgramId;
import dev.dangol.shared.Rejection;
import dev.dangol.testing.MutableClock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class DailySettlementTest {

    static final ProgramId ONNURI = ProgramId.of("onnuri");
    static final ProgramId SEOUL = ProgramId.of("seoul-love");
    static final LocalDate FRIDAY = LocalDate.of(2026, 12, 4);
    static final LocalDate MONDAY = LocalDate.of(2026, 12, 7);
    static final SettlementAccount ACCOUNT = new SettlementAccount("004", "12345678901", "김떡집");

    final MutableClock clock = new MutableClock(seoul("2026-12-04T09:00:00"));
    final Ledger ledger = Ledgers.inMemory(clock);
    final LedgerFixture fixture = new LedgerFixture(ledger);
    final MapMerchants merchants = new MapMerchants();
    final InMemorySettlementRecords records = new InMemorySettlementRecords();
    final DailySettlement settlement = new DailySettlement(
            ledger, merchants, BusinessCalendar.korean(), records, clock, 1, SettlementObserver.NONE);

    static Instant seoul(String localDateTime) {
        return ZonedDateTime.of(LocalDateTime.parse(localDateTime), BusinessCalendar.SEOUL)
                .toInstant();
    }

    static MerchantId id(String value) {
        return MerchantId.of(value);
    }

    Map<String, Payout> byMerchant(SettlementRun run) {
        return run.payouts().stream()
                .collect(Collectors.toMap(p -> p.program() + "/" + p.merchant(), Function.identity()));
    }

    long balance(String account) {
        return ledger.lookupAccount(account).orElseThrow().postedBalance();
    }

    @Test
    void eachBandsFeeIsRoundedDownToTheWon() {
        merchants.put(merchant("small", RevenueBand.UP_TO_800M, MerchantStatus.ACTIVE, ACCOUNT));
        merchants.put(merchant("middle", RevenueBand.UP_TO_1_2B, MerchantStatus.ACTIVE, ACCOUNT));
        merchants.put(merchant("large", RevenueBand.UP_TO_3B, MerchantStatus.ACTIVE, ACCOUNT));
        for (String m : List.of("small", "middle", "large")) {
            fixture.pay("pay-" + m, ONNURI, id(m), 33_333);
        }
        clock.set(seoul("2026-12-05T01:00:00"));

        Map<String, Payout> paid = byMerchant(settlement.run(FRIDAY));

        // 33,333 x 0.3% = 99.999 and 33,333 x 0.5% = 166.665: the merchant keeps the fraction.
        assertThat(paid.get("onnuri/small").fee()).isEqualTo(Money.krw(0));
        assertThat(paid.get("onnuri/middle").fee()).isEqualTo(Money.krw(99));
        assertThat(paid.get("onnuri/large").fee()).isEqualTo(Money.krw(166));
        assertThat(paid.get("onnuri/large").payout()).isEqualTo(Money.krw(33_167));
        assertThat(paid.values()).allMatch(p -> p.outcome() == PayoutOutcome.PAID);
        assertThat(balance(VoucherLedger.fees(ONNURI))).isEqualTo(99 + 166);
        assertThat(balance(VoucherLedger.settled(ONNURI))).isEqualTo(33_333 + 33_234 + 33_167);
        assertThat(balance(VoucherLedger.merchantPayable(ONNURI, id("large")))).isZero();
        assertThat(ledger.audit().balanced()).isTrue();
    }

    @Test
    void aCancellationOnTheSameDayIsTakenOffThatDaysPayout() {
        merchants.put(merchant("shop", RevenueBand.UP_TO_3B, MerchantStatus.ACTIVE, ACCOUNT));
        fixture.pay("p1", ONNURI, id("shop"), 10_000);
        fixture.pay("p2", ONNURI, id("shop"), 5_000);
        fixture.cancel("c2", ONNURI, id("shop"), 5_000);
        clock.set(seoul("2026-12-05T00:00:00"));

        Payout payout = settlement.run(FRIDAY).payouts().getFirst();

        assertThat(payout.payments()).isEqualTo(Money.krw(15_000));
        assertThat(payout.paymentCount()).isEqualTo(2);
        assertThat(payout.cancellations()).isEqualTo(Money.krw(5_000));
        assertThat(payout.fee()).isEqualTo(Money.krw(50));
        assertThat(payout.payout()).isEqualTo(Money.krw(9_950));
        assertThat(payout.payoutDay()).isEqualTo(MONDAY);
    }

    @Test
    void runningADayAgainNeverPaysTwice() {
        merchants.put(merchant("shop", RevenueBand.UP_TO_1_2B, MerchantStatus.ACTIVE, ACCOUNT));
        fixture.pay("p1", ONNURI, id("shop"), 50_000);
        fixture.pay("p2", SEOUL, id("shop"), 20_000);
        clock.set(seoul("2026-12-05T03:00:00"));

        SettlementRun first = settlement.run(FRIDAY);
        clock.advanceSeconds(3_600);
        SettlementRun again = settlement.run(FRIDAY);

        assertThat(again.payouts())
                .extracting(Payout::payout)
                .isEqualTo(first.payouts().stream().map(Payout::payout).toList());
        assertThat(balance(VoucherLedger.settled(ONNURI))).isEqualTo(50_000 - 150);
        assertThat(balance(VoucherLedger.settled(SEOUL))).isEqualTo(20_000 - 60);
        assertThat(records.payouts(FRIDAY, 100)).hasSize(2);
    }

    @Test
    void aBandChangedBeforeTheSecondRunDoesNotChangeWhatWasPaid() {
        merchants.put(merchant("shop", RevenueBand.UP_TO_800M, MerchantStatus.ACTIVE, ACCOUNT));
        fixture.pay("p1", ONNURI, id("shop"), 50_000);
        clock.set(seoul("2026-12-05T03:00:00"));
        settlement.run(FRIDAY);

        merchants.put(merchant("shop", RevenueBand.UP_TO_3B, MerchantStatus.ACTIVE, ACCOUNT));
        Payout again = settlement.run(FRIDAY).payouts().getFirst();

        assertThat(again.fee()).isEqualTo(Money.ZERO);
        assertThat(again.payout()).isEqualTo(Money.krw(50_000));
        assertThat(balance(VoucherLedger.settled(ONNURI))).isEqualTo(50_000);
    }

    @Test
    void aRunThatCrashedAfterTheLedgerMovedIsFinishedByTheNextWithoutPayingAgain() {
        merchants.put(merchant("shop", RevenueBand.UP_TO_3B, MerchantStatus.ACTIVE, ACCOUNT));
        fixture.pay("p1", ONNURI, id("shop"), 40_000);
        clock.set(seoul("2026-12-05T03:00:00"));
        SettlementRecords crashing = new InMemorySettlementRecords() {
            @Override
            public void save(List<Payout> payouts) {
                throw new IllegalStateException("the node died before it wrote its records");
            }
        };
        DailySettlement dying = new DailySettlement(
                ledger, merchants, BusinessCalendar.korean(), crashing, clock, 1, SettlementObserver.NONE);
        assertThatThrownBy(() -> dying.run(FRIDAY)).isInstanceOf(IllegalStateException.class);
        assertThat(balance(VoucherLedger.settled(ONNURI))).isEqualTo(39_800);

        Payout rebuilt = settlement.run(FRIDAY).payouts().getFirst();

        assertThat(rebuilt.outcome()).isEqualTo(PayoutOutcome.PAID);
        assertThat(rebuilt.fee()).isEqualTo(Money.krw(200));
        assertThat(rebuilt.feeBasisPoints()).isEqualTo(50);
        assertThat(rebuilt.payout()).isEqualTo(Money.krw(39_800));
        assertThat(balance(VoucherLedger.settled(ONNURI))).isEqualTo(39_800);
        assertThat(records.finishedAt(FRIDAY)).isPresent();
    }

    @Test
    void weekendPaymentsAreSettledWithMonday() {
        merchants.put(merchant("shop", RevenueBand.UP_TO_800M, MerchantStatus.ACTIVE, ACCOUNT));
        clock.set(seoul("2026-12-04T23:59:00"));
        fixture.pay("friday", ONNURI, id("shop"), 1_000);
        clock.set(seoul("2026-12-05T00:00:00"));
        fixture.pay("saturday", ONNURI, id("shop"), 2_000);
        clock.set(seoul("2026-12-07T23:00:00"));
        fixture.pay("monday", ONNURI, id("shop"), 4_000);
        clock.set(seoul("2026-12-08T00:00:00"));
        fixture.pay("tuesday", ONNURI, id("shop"), 8_000);

        assertThat(settlement.run(FRIDAY).payouts().getFirst().payout()).isEqualTo(Money.krw(1_000));
        Payout monday = settlement.run(MONDAY).payouts().getFirst();
        assertThat(monday.payout()).isEqualTo(Money.krw(6_000));
        assertThat(monday.paymentCount()).isEqualTo(2);
        assertThat(monday.payoutDay()).isEqualTo(LocalDate.of(2026, 12, 8));
        assertThat(balance(VoucherLedger.merchantPayable(ONNURI, id("shop")))).isEqualTo(8_000);
    }

    @Test
    void aTwoPhasePaymentCountsOnceWhenPostedAndAVoidedOneNotAtAll() {
        merchants.put(merchant("shop", RevenueBand.UP_TO_800M, MerchantStatus.ACTIVE, ACCOUNT));
        fixture.payInTwoPhases("two-phase", ONNURI, id("shop"), 7_000);
        clock.set(seoul("2026-12-05T00:00:00"));

        Payout payout = settlement.run(FRIDAY).payouts().getFirst();

        assertThat(payout.payments()).isEqualTo(Money.krw(7_000));
        assertThat(payout.paymentCount()).isEqualTo(1);
    }

    @Test
    void suspendedMerchantsAndThoseWithoutAnAccountAreHeldAndPaidWhenTheDayRunsAgain() {
        merchants.put(merchant("suspended", RevenueBand.UP_TO_800M, suspended(), ACCOUNT));
        merchants.put(merchant("no-account", RevenueBand.UP_TO_800M, MerchantStatus.ACTIVE, null));
        merchants.put(merchant("closed", RevenueBand.UP_TO_800M, closed(), ACCOUNT));
        for (String m : List.of("suspended", "no-account", "closed", "unknown")) {
            fixture.pay("pay-" + m, ONNURI, id(m), 3_000);
        }
        clock.set(seoul("2026-12-05T00:00:00"));

        SettlementRun run = settlement.run(FRIDAY);

        Map<String, Payout> by = byMerchant(run);
        assertThat(by.get("onnuri/suspended").outcome()).isEqualTo(PayoutOutcome.HELD_SUSPENDED);
        assertThat(by.get("onnuri/no-account").outcome()).isEqualTo(PayoutOutcome.HELD_NO_ACCOUNT);
        assertThat(by.get("onnuri/unknown").outcome()).isEqualTo(PayoutOutcome.HELD_UNKNOWN_MERCHANT);
        assertThat(by.get("onnuri/closed").outcome()).isEqualTo(PayoutOutcome.PAID);
        assertThat(run.held()).isEqualTo(Money.krw(9_000));
        assertThat(balance(VoucherLedger.merchantPayable(ONNURI, id("no-account"))))
                .isEqualTo(3_000);

        merchants.put(merchant("no-account", RevenueBand.UP_TO_800M, MerchantStatus.ACTIVE, ACCOUNT));
        Map<String, Payout> again = byMerchant(settlement.run(FRIDAY));

        assertThat(again.get("onnuri/no-account").outcome()).isEqualTo(PayoutOutcome.PAID);
        assertThat(balance(VoucherLedger.merchantPayable(ONNURI, id("no-account"))))
                .isZero();
        assertThat(balance(VoucherLedger.settled(ONNURI))).isEqualTo(6_000);
    }

    @Test
    void aPayableThatNoLongerHoldsTheDaysTakingsFailsWithoutMovingMoney() {
        merchants.put(merchant("shop", RevenueBand.UP_TO_800M, MerchantStatus.ACTIVE, ACCOUNT));
        fixture.pay("p1", ONNURI, id("shop"), 5_000);
        clock.set(seoul("2026-12-05T10:00:00"));
        // A cancellation of Friday's payment made on Saturday: Monday's batch, but the money left before Friday's run.
        fixture.cancel("c1", ONNURI, id("shop"), 5_000);

        Payout payout = settlement.run(FRIDAY).payouts().getFirst();

        assertThat(payout.outcome()).isEqualTo(PayoutOutcome.FAILED);
        assertThat(balance(VoucherLedger.settled(ONNURI))).isZero();
        assertThat(ledger.audit().balanced()).isTrue();
    }

    @Test
    void aDayIsSettledOnlyOnceItsBatchHasClosedAndOnlyIfItIsABusinessDay() {
        clock.set(seoul("2026-12-04T23:59:59"));
        assertThatThrownBy(() -> settlement.run(FRIDAY))
                .isInstanceOfSatisfying(
                        Rejection.class, r -> assertThat(r.code()).isEqualTo("DAY_NOT_CLOSED"));
        assertThatThrownBy(() -> settlement.run(LocalDate.of(2026, 12, 5)))
                .isInstanceOfSatisfying(
                        Rejection.class, r -> assertThat(r.code()).isEqualTo("NOT_A_BUSINESS_DAY"));
        clock.set(seoul("2026-12-05T00:00:00"));
        assertThat(settlement.run(FRIDAY).payouts()).isEmpty();
    }

    static MerchantStatus suspended() {
        return new MerchantStatus.Suspended("fraud report under review", Instant.parse("2026-11-01T00:00:00Z"));
    }

    static MerchantStatus closed() {
        return new MerchantStatus.Closed("out of business", Instant.parse("2026-12-01T00:00:00Z"));
    }
}
