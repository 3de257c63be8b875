package dev.dangol.settlement.internal;

import static dev.dangol.settlement.internal.MapMerchants.merchant;
import static org.assertj.core.api.Assertions.assertThat;

import dev.dangol.gateway.CaptureTotals;
import dev.dangol.gateway.CapturedPayment;
import dev.dangol.gateway.GatewayCaptures;
import dev.dangol.ledger.Account;
import dev.dangol.ledger.Ledger;
import dev.dangol.ledger.Ledgers;
import dev.dangol.ledger.Transfer;
import dev.dangol.merchant.MerchantStatus;
import dev.dangol.merchant.RevenueBand;
import dev.dangol.program.FundingMethod;
import dev.dangol.program.VoucherLedger;
import dev.dangol.settlement.BusinessCalendar;
import dev.dangol.shared.MerchantId;
import dev.dangol.shared.Money;
import dev.dangol.shared.ProgramId;
import dev.dangol.testing.MutableClock;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReconciliationTest {

    static final ProgramId ONNURI = ProgramId.of("onnuri");

    final MutableClock clock = new MutableClock(DailySettlementTest.seoul("2026-12-04T09:00:00"));
    final Ledger ledger = Ledgers.inMemory(clock);
    final LedgerFixture fixture = new LedgerFixture(ledger);
    final MapMerchants merchants = new MapMerchants();
    long captured = 0;
    final GatewayCaptures gateway = new GatewayCaptures() {
        @Override
        public CaptureTotals totals() {
            return new CaptureTotals(1, 1, Money.krw(captured), 0, 0, Money.ZERO, 1, Money.krw(captured), 0);
        }

        @Override
        public List<CapturedPayment> payments(long afterSequence, int limit) {
            return List.of();
        }
    };
    final Reconciliation reconciliation =
            new Reconciliation(ledger, Optional.of(gateway), clock, SettlementObserver.NONE);

    ReconciliationTest() {
        merchants.put(merchant("shop", RevenueBand.UP_TO_3B, MerchantStatus.ACTIVE, DailySettlementTest.ACCOUNT));
        ledger.createAccounts(List.of(Account.of(
                VoucherLedger.clearing(FundingMethod.BANK_ACCOUNT),
                VoucherLedger.MONEY,
                VoucherLedger.CODE_CLEARING,
                Set.of())));
        // A buyer paid 45,000 through the gateway for a lot.
        ledger.createTransfers(List.of(Transfer.single(
                "purchase",
                VoucherLedger.clearing(FundingMethod.BANK_ACCOUNT),
                LedgerFixture.LOT,
                45_000,
                VoucherLedger.MONEY,
                VoucherLedger.TRANSFER_PURCHASE)));
        captured = 45_000;
        fixture.pay("p1", ONNURI, MerchantId.of("shop"), 30_000);
        fixture.pay("p2", ONNURI, MerchantId.of("shop"), 8_000);
        fixture.cancel("c2", ONNURI, MerchantId.of("shop"), 8_000);
    }

    @Test
    void settledBooksThatAgreeWithTheGatewayReconcile() {
        clock.set(DailySettlementTest.seoul("2026-12-05T01:00:00"));
        new DailySettlement(
                        ledger,
                        merchants,
                        BusinessCalendar.korean(),
                        new InMemorySettlementRecords(),
                        clock,
                        1,
                        SettlementObserver.NONE)
                .run(DailySettlementTest.FRIDAY);

        ReconciliationReport report = reconciliation.check();

        assertThat(report.mismatches()).isEmpty();
        assertThat(report.balanced()).isTrue();
        assertThat(report.payablesChecked()).isEqualTo(1);
        assertThat(report.clearingPosted()).isEqualTo(Money.krw(45_000));
        assertThat(report.gatewayCaptured()).isEqualTo(Money.krw(45_000));
    }

    @Test
    void moneyThatReachedAPayableOtherwiseThanByPaymentIsCaught() {
        fixture.plantStrayCredit("stray", ONNURI, MerchantId.of("shop"), 1_234);

        ReconciliationReport report = reconciliation.check();

        assertThat(report.balanced()).isFalse();
        assertThat(report.mismatchCount()).isEqualTo(1);
        assertThat(report.mismatches().getFirst())
                .contains("Merchant shop in program onnuri")
                .contains("payable is 31234 won")
                .contains("make 30000 won");
    }

    @Test
    void aCaptureTheLedgerNeverPostedIsCaught() {
        captured = 50_000;

        ReconciliationReport report = reconciliation.check();

        assertThat(report.balanced()).isFalse();
        assertThat(report.mismatches().getFirst()).contains("the gateway captured 50000 won");
    }

    @Test
    void aCaptureWhoseConfirmationIsStillPendingIsNotAMismatch() {
        ledger.createTransfers(List.of(Transfer.pending(
                "purchase-2",
                VoucherLedger.clearing(FundingMethod.BANK_ACCOUNT),
                LedgerFixture.LOT,
                9_000,
                VoucherLedger.MONEY,
                VoucherLedger.TRANSFER_PURCHASE,
                600)));
        captured = 54_000;

        assertThat(reconciliation.check().balanced()).isTrue();
    }
}
