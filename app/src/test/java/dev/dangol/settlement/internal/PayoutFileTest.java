package dev.dangol.settlement.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dangol.merchant.SettlementAccount;
import dev.dangol.shared.MerchantId;
import dev.dangol.shared.Money;
import dev.dangol.shared.ProgramId;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class PayoutFileTest {

    static final LocalDate DAY = LocalDate.of(2026, 12, 4);
    static final LocalDate PAYOUT_DAY = LocalDate.of(2026, 12, 7);
    static final Instant AT = Instant.parse("2026-12-04T16:00:00Z");

    static Payout paid(String merchant, long payments, int rate, long fee, SettlementAccount account) {
        return new Payout(
                DAY,
                ProgramId.of("onnuri"),
                MerchantId.of(merchant),
                Money.krw(payments),
                1,
                Money.ZERO,
                0,
                rate,
                Money.krw(fee),
                Money.krw(payments - fee),
                PayoutOutcome.PAID,
                account,
                PAYOUT_DAY,
                Payout.reference(DAY, ProgramId.of("onnuri"), MerchantId.of(merchant)),
                AT);
    }

    static Payout held(String merchant, long payments) {
        return new Payout(
                DAY,
                ProgramId.of("onnuri"),
                MerchantId.of(merchant),
                Money.krw(payments),
                1,
                Money.ZERO,
                0,
                0,
                Money.ZERO,
                Money.ZERO,
                PayoutOutcome.HELD_NO_ACCOUNT,
                null,
                PAYOUT_DAY,
                Payout.reference(DAY, ProgramId.of("onnuri"), MerchantId.of(merchant)),
                AT);
    }

    @Test
    void theFileHasAHeaderALinePerPaidPayoutAndATrailerWithCountAndSum() {
        String file = PayoutFile.render(
                DAY,
                PAYOUT_DAY,
                AT,
                List.of(
                        paid("demo-shop-1", 33_333, 50, 166, new SettlementAccount("004", "12345678901", "김떡집")),
                        held("no-account", 9_000),
                        paid("m-2", 120_000, 30, 360, new SettlementAccount("088", "110222333444", "박|정육"))));

        assertThat(file)
                .isEqualTo("H|DANGOL-PAYOUT|1|20261204|20261207|2026-12-04T16:00:00Z\r\n"
                        + "D|000001|004|12345678901|김떡집|33167|DG20261204-onnuri-demo-shop-1\r\n"
                        + "D|000002|088|110222333444|박 정육|119640|DG20261204-onnuri-m-2\r\n"
                        + "T|2|152807\r\n");
    }

    @Test
    void aDayWithoutPayoutsStillHasAHeaderAndAZeroTrailer() {
        assertThat(PayoutFile.render(DAY, PAYOUT_DAY, AT, List.of(held("x", 1))))
                .endsWith("\r\nT|0|0\r\n")
                .startsWith("H|DANGOL-PAYOUT|1|");
    }
}
