package dev.dangol.wallet.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dangol.ledger.PendingState;
import dev.dangol.ledger.Transfer;
import dev.dangol.ledger.TransferRecord;
import dev.dangol.ledger.TransferResult;
import dev.dangol.program.FundingMethod;
import dev.dangol.program.VoucherLedger;
import dev.dangol.shared.PersonId;
import dev.dangol.shared.ProgramId;
import dev.dangol.shared.RoundId;
import dev.dangol.wallet.PurchaseId;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RecentReservationsTest {

    private static final Instant AT = Instant.parse("2026-12-06T00:00:00Z");

    @Test
    void keepsTheNewestUpToItsCapacityAndGivesEachOutOnce() {
        RecentReservations recent = new RecentReservations(3);
        Reservation[] made = new Reservation[5];
        for (int i = 0; i < made.length; i++) {
            made[i] = reservation(i);
            recent.add(made[i]);
        }

        assertThat(recent.size()).isEqualTo(3);
        assertThat(recent.take(made[0].id)).isNull();
        assertThat(recent.take(made[1].id)).isNull();
        assertThat(recent.take(made[4].id)).isSameAs(made[4]);
        assertThat(recent.take(made[4].id)).isNull();
        assertThat(recent.take(made[2].id)).isSameAs(made[2]);
    }

    @Test
    void settlingEveryReservationAtOnceKeepsTheOrderBoundedToo() {
        RecentReservations recent = new RecentReservations(16);
        for (int i = 0; i < 10_000; i++) {
            Reservation r = reservation(i);
            recent.add(r);
            assertThat(recent.take(r.id)).isSameAs(r);
        }

        assertThat(recent.size()).isZero();
        assertThat(recent.queued()).isLessThanOrEqualTo(16);
    }

    @Test
    void aCapacityOfZeroKeepsNothing() {
        RecentReservations recent = new RecentReservations(0);
        Reservation r = reservation(1);
        recent.add(r);

        assertThat(recent.take(r.id)).isNull();
        assertThat(recent.queued()).isZero();
    }

    private static Reservation reservation(int n) {
        PurchaseId id = new PurchaseId(
                UUID.nameUUIDFromBytes(("purchase-" + n).getBytes()).toString());
        PersonId buyer = PersonId.of("kim");
        ProgramId program = ProgramId.of("onnuri");
        RoundId round = RoundId.of("onnuri-1");
        Map<String, TransferRecord> links = new LinkedHashMap<>();
        links.put(
                "budget",
                held(Transfer.pending(
                                "p:" + id + ":budget",
                                VoucherLedger.budget(round),
                                VoucherLedger.budgetSold(round),
                                10_000,
                                VoucherLedger.ROUND_BUDGET,
                                VoucherLedger.TRANSFER_PURCHASE,
                                600)
                        .withUserData(round.value(), 0, 0)));
        links.put(
                "holding",
                held(Transfer.single(
                        "p:" + id + ":holding",
                        VoucherLedger.holding(buyer, program),
                        VoucherLedger.holdingControl(program),
                        10_000,
                        VoucherLedger.HOLDING,
                        VoucherLedger.TRANSFER_PURCHASE)));
        links.put(
                "pay",
                held(Transfer.pending(
                        "p:" + id + ":pay",
                        VoucherLedger.clearing(FundingMethod.BANK_ACCOUNT),
                        LotAccounts.purchaseLot(id.value()),
                        9_000,
                        VoucherLedger.MONEY,
                        VoucherLedger.TRANSFER_PURCHASE,
                        600)));
        return new Reservation(id, links, null, null, null, null, null, null);
    }

    private static TransferRecord held(Transfer transfer) {
        return new TransferRecord(transfer, TransferResult.OK, AT, PendingState.PENDING, AT.plusSeconds(600));
    }
}
