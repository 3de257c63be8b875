package dev.dangol.settlement.internal;

import static dev.dangol.settlement.internal.MapMerchants.merchant;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dangol.ledger.Ledger;
import dev.dangol.ledger.Ledgers;
import dev.dangol.merchant.MerchantStatus;
import dev.dangol.merchant.RevenueBand;
import dev.dangol.program.ProgramCatalogs;
import dev.dangol.program.ProgramDefaults;
import dev.dangol.program.Programs;
import dev.dangol.settlement.BusinessCalendar;
import dev.dangol.shared.MerchantId;
import dev.dangol.shared.Money;
import dev.dangol.shared.Rejection;
import dev.dangol.testing.MutableClock;
import java.time.LocalDate;
import java.time.YearMonth;
import org.junit.jupiter.api.Test;

class StatementsTest {

    static final MerchantId SHOP = MerchantId.of("shop");

    final MutableClock clock = new MutableClock(DailySettlementTest.seoul("2026-12-03T10:00:00"));
    final Ledger ledger = Ledgers.inMemory(clock);
    final Programs programs = ProgramCatalogs.inMemory(ledger, clock);
    final LedgerFixture fixture = new LedgerFixture(ledger);
    final MapMerchants merchants = new MapMerchants();
    final InMemorySettlementRecords records = new InMemorySettlementRecords();
    final DailySettlement settlement = new DailySettlement(
            ledger, merchants, BusinessCalendar.korean(), records, clock, 1, SettlementObserver.NONE);
    final Statements statements = new Statements(ledger, programs, records, BusinessCalendar.korean(), clock, 1);

    StatementsTest() {
        programs.define(ProgramDefaults.national(DailySettlementTest.ONNURI, "Digital Onnuri"));
        merchants.put(merchant("shop", RevenueBand.UP_TO_3B, MerchantStatus.ACTIVE, DailySettlementTest.ACCOUNT));
    }

    @Test
    void aMonthShowsSettledDaysClosedDaysNotYetRunAndTheOpenDayWithWhatIsStillOwed() {
        fixture.pay("thu", DailySettlementTest.ONNURI, SHOP, 20_000);
        clock.set(DailySettlementTest.seoul("2026-12-04T10:00:00"));
        fixture.pay("fri", DailySettlementTest.ONNURI, SHOP, 10_000);
        fixture.cancel("fri-c", DailySettlementTest.ONNURI, SHOP, 1_000);
        clock.set(DailySettlementTest.seoul("2026-12-05T10:00:00"));
        fixture.pay("sat", DailySettlementTest.ONNURI, SHOP, 4_000);
        settlement.run(LocalDate.of(2026, 12, 3));

        Statement month = statements.month(SHOP, YearMonth.of(2026, 12));

        assertThat(month.lines())
                .extracting(Statement.Line::businessDay, Statement.Line::settlement)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(LocalDate.of(2026, 12, 3), "PAID"),
                        org.assertj.core.groups.Tuple.tuple(LocalDate.of(2026, 12, 4), "NOT_RUN"),
                        org.assertj.core.groups.Tuple.tuple(LocalDate.of(2026, 12, 7), "OPEN"));
        assertThat(month.payments()).isEqualTo(Money.krw(34_000));
        assertThat(month.cancellations()).isEqualTo(Money.krw(1_000));
        assertThat(month.fees()).isEqualTo(Money.krw(100));
        assertThat(month.payouts()).isEqualTo(Money.krw(19_900));
        assertThat(month.stillPayable()).containsEntry(DailySettlementTest.ONNURI, Money.krw(13_000));
        assertThat(month.from()).isEqualTo(LocalDate.of(2026, 12, 1));
        assertThat(month.to()).isEqualTo(LocalDate.of(2026, 12, 31));
    }

    @Test
    void aDayStatementIsForBusinessDaysOnly() {
        assertThatThrownBy(() -> statements.day(SHOP, LocalDate.of(2026, 12, 25)))
                .isInstanceOfSatisfying(
                        Rejection.class, r -> assertThat(r.getMessage()).contains("2026-12-28"));
        assertThat(statements.day(SHOP, LocalDate.of(2026, 12, 3)).lines()).isEmpty();
    }
}
