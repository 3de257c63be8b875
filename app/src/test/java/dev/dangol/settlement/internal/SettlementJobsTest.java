package dev.dangol.settlement.internal;

import static dev.dangol.settlement.internal.MapMerchants.merchant;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dangol.ledger.Ledger;
import dev.dangol.ledger.Ledgers;
import dev.dangol.merchant.MerchantStatus;
import dev.dangol.merchant.RevenueBand;
import dev.dangol.program.VoucherLedger;
import dev.dangol.settlement.BusinessCalendar;
import dev.dangol.shared.MerchantId;
import dev.dangol.testing.MutableClock;
import java.time.LocalDate;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SettlementJobsTest {

    final MutableClock clock = new MutableClock(DailySettlementTest.seoul("2026-12-04T11:00:00"));
    final Ledger ledger = Ledgers.inMemory(clock);
    final LedgerFixture fixture = new LedgerFixture(ledger);
    final MapMerchants merchants = new MapMerchants();
    final InMemorySettlementRecords records = new InMemorySettlementRecords();
    final DailySettlement settlement = new DailySettlement(
            ledger, merchants, BusinessCalendar.korean(), records, clock, 1, SettlementObserver.NONE);
    final SettlementConfiguration.SettlementJobs jobs = new SettlementConfiguration.SettlementJobs(
            settlement, records, new Reconciliation(ledger, Optional.empty(), clock, SettlementObserver.NONE));

    @Test
    void theJobSettlesTheLastClosedBusinessDayOnceAndLeavesTheOpenOneAlone() {
        merchants.put(merchant("shop", RevenueBand.UP_TO_800M, MerchantStatus.ACTIVE, DailySettlementTest.ACCOUNT));
        fixture.pay("fri", DailySettlementTest.ONNURI, MerchantId.of("shop"), 12_000);

        jobs.settle();
        assertThat(records.finishedAt(LocalDate.of(2026, 12, 4))).isEmpty();

        clock.set(DailySettlementTest.seoul("2026-12-06T12:00:00"));
        jobs.settle();
        jobs.settle();

        assertThat(records.finishedAt(LocalDate.of(2026, 12, 4))).isPresent();
        assertThat(ledger.lookupAccount(VoucherLedger.settled(DailySettlementTest.ONNURI))
                        .orElseThrow()
                        .postedBalance())
                .isEqualTo(12_000);
    }
}
