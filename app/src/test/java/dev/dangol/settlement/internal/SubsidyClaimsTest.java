package dev.dangol.settlement.internal;

import static dev.dangol.program.VoucherLedger.MONEY;
import static dev.dangol.program.VoucherLedger.TRANSFER_PURCHASE;
import static dev.dangol.program.VoucherLedger.TRANSFER_REFUND;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.dangol.ledger.Ledger;
import dev.dangol.ledger.Ledgers;
import dev.dangol.ledger.Transfer;
import dev.dangol.program.ProgramCatalogs;
import dev.dangol.program.ProgramDefaults;
import dev.dangol.program.Programs;
import dev.dangol.program.Round;
import dev.dangol.program.RoundStatus;
import dev.dangol.program.VoucherLedger;
import dev.dangol.shared.Money;
import dev.dangol.shared.ProgramId;
import dev.dangol.shared.Rejection;
import dev.dangol.shared.RoundId;
import dev.dangol.testing.MutableClock;
import java.util.List;
import org.junit.jupiter.api.Test;

class SubsidyClaimsTest {

    static final ProgramId ONNURI = ProgramId.of("onnuri");
    static final RoundId ROUND = RoundId.of("r-2026-12");

    final MutableClock clock = new MutableClock();
    final Ledger ledger = Ledgers.inMemory(clock);
    final Programs programs = ProgramCatalogs.inMemory(ledger, clock);
    final LedgerFixture fixture = new LedgerFixture(ledger);
    final SubsidyClaims claims = new SubsidyClaims(ledger, programs, clock);

    SubsidyClaimsTest() {
        programs.define(ProgramDefaults.national(ONNURI, "Digital Onnuri"));
        programs.schedule(new Round(
                ROUND,
                ONNURI,
                "December",
                Money.krw(100_000_000),
                clock.instant(),
                null,
                Money.krw(500_000),
                1_000,
                RoundStatus.ACTIVE));
    }

    void discount(String id, long won) {
        ledger.createTransfers(List.of(
                Transfer.single(id, VoucherLedger.subsidy(ROUND), LedgerFixture.LOT, won, MONEY, TRANSFER_PURCHASE)));
    }

    @Test
    void theClaimIsTheDiscountsPaidLessTheSubsidyReturnedWithPendingListedApart() {
        discount("buy-1", 5_000);
        discount("buy-2", 20_000);
        discount("buy-3", 10_000);
        ledger.createTransfers(List.of(Transfer.single(
                "refund-3", LedgerFixture.LOT, VoucherLedger.subsidy(ROUND), 4_000, MONEY, TRANSFER_REFUND)));
        ledger.createTransfers(List.of(Transfer.pending(
                "hold-4", VoucherLedger.subsidy(ROUND), LedgerFixture.LOT, 7_000, MONEY, TRANSFER_PURCHASE, 600)));

        SubsidyClaim claim = claims.claim(ONNURI, ROUND);

        assertThat(claim.discountsPaid()).isEqualTo(Money.krw(35_000));
        assertThat(claim.subsidyReturned()).isEqualTo(Money.krw(4_000));
        assertThat(claim.claimed()).isEqualTo(Money.krw(31_000));
        assertThat(claim.pending()).isEqualTo(Money.krw(7_000));
        assertThat(claim.csv())
                .startsWith("program,round,round_name,")
                .contains("\r\nonnuri,r-2026-12,\"December\",1000,35000,4000,31000,7000,");
    }

    @Test
    void aRoundOfAnotherProgramIsNotClaimedUnderThisOne() {
        assertThatThrownBy(() -> claims.claim(ProgramId.of("seoul-love"), ROUND))
                .isInstanceOfSatisfying(
                        Rejection.class, r -> assertThat(r.code()).isEqualTo("ROUND_NOT_FOUND"));
    }
}
