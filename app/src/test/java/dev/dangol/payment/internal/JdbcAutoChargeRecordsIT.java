package dev.dangol.payment.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.dangol.program.FundingMethod;
import dev.dangol.shared.Money;
import dev.dangol.shared.PersonId;
import dev.dangol.shared.ProgramId;
import dev.dangol.shared.RoundId;
import dev.dangol.testing.MigratedDatabase;
import dev.dangol.wallet.IdempotencyKey;
import dev.dangol.wallet.PaymentId;
import dev.dangol.wallet.PurchaseId;
import java.time.Instant;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The auto-charge table (V11) on H2 and PostgreSQL: every change names the state it expects, so of two callers that
 * saw the same state exactly one moves it; the resolver's scan returns only what is open, due and under its attempts,
 * oldest first.
 */
class JdbcAutoChargeRecordsIT {

    static final Instant T0 = Instant.parse("2026-03-10T00:00:00Z");

    @Test
    void changesAreConditionalOnH2() {
        changesAreConditional(MigratedDatabase::h2);
    }

    @Test
    void changesAreConditionalOnPostgres() {
        changesAreConditional(MigratedDatabase::postgres);
    }

    static AutoChargeRecord charging(String person, Instant at) {
        PersonId payer = PersonId.of(person);
        PaymentId payment = PaymentId.byCitizen(payer, new IdempotencyKey("payment-key-" + person));
        PurchaseId purchase = PurchaseId.derive(payer, AutoCharge.purchaseKey(payment));
        return new AutoChargeRecord(
                payment,
                payer,
                ProgramId.of("onnuri"),
                RoundId.of("onnuri-2026-11"),
                purchase,
                AutoCharge.gatewayKey(purchase),
                Money.krw(20_000),
                Money.krw(18_000),
                FundingMethod.CARD,
                AutoChargeState.CHARGING,
                null,
                null,
                0,
                at.plusSeconds(30),
                at,
                at);
    }

    private static void changesAreConditional(Supplier<MigratedDatabase> databases) {
        try (MigratedDatabase database = databases.get()) {
            AutoChargeRecords records = new JdbcAutoChargeRecords(database.jdbc());
            AutoChargeRecord older = charging("ara", T0);
            AutoChargeRecord newer = charging("bora", T0.plusSeconds(5));
            assertThat(records.insert(newer)).isTrue();
            assertThat(records.insert(older)).isTrue();
            assertThat(records.insert(older)).as("one auto-charge per payment").isFalse();
            assertThat(records.find(older.payment())).contains(older);
            assertThat(records.findByGatewayKey(newer.gatewayKey())).contains(newer);

            // Not due before its first attempt; then oldest first, bounded.
            assertThat(records.due(T0.plusSeconds(29), 3, 10)).isEmpty();
            assertThat(records.due(T0.plusSeconds(40), 3, 10)).containsExactly(older, newer);
            assertThat(records.due(T0.plusSeconds(40), 3, 1)).containsExactly(older);

            // Two callers saw attempt 0: one counts it.
            Instant later = T0.plusSeconds(40);
            assertThat(records.postpone(older.payment(), AutoChargeState.CHARGING, 0, later, later.plusSeconds(60)))
                    .isTrue();
            assertThat(records.postpone(older.payment(), AutoChargeState.CHARGING, 0, later, later.plusSeconds(60)))
                    .isFalse();
            assertThat(records.find(older.payment())).contains(older.postponed(later, later.plusSeconds(60)));
            assertThat(records.due(later, 3, 10)).containsExactly(newer);

            // Two callers claim the same state: one wins, and the loser changes nothing.
            assertThat(records.move(
                            older.payment(),
                            AutoChargeState.CHARGING,
                            AutoChargeState.APPROVED,
                            null,
                            null,
                            later,
                            later.plusSeconds(30)))
                    .contains(older.moved(AutoChargeState.APPROVED, null, null, later, later.plusSeconds(30)));
            assertThat(records.move(
                            older.payment(),
                            AutoChargeState.CHARGING,
                            AutoChargeState.RELEASED,
                            "NOT_RECEIVED_BY_GATEWAY",
                            null,
                            later,
                            later))
                    .isEmpty();
            PurchaseId vouchers = older.purchase();
            AutoChargeRecord confirmed = records.move(
                            older.payment(),
                            AutoChargeState.APPROVED,
                            AutoChargeState.CONFIRMED,
                            null,
                            vouchers,
                            later,
                            later)
                    .orElseThrow();
            assertThat(confirmed.vouchers()).isEqualTo(vouchers);
            assertThat(confirmed.attempts()).isZero();
            assertThat(records.due(later.plusSeconds(3_600), 3, 10))
                    .as("a final auto-charge is never due")
                    .containsExactly(newer);

            // Past its attempts, an open auto-charge is left to an operator.
            for (int attempt = 0; attempt < 3; attempt++) {
                assertThat(records.postpone(newer.payment(), AutoChargeState.CHARGING, attempt, later, later))
                        .isTrue();
            }
            assertThat(records.due(later.plusSeconds(3_600), 3, 10)).isEmpty();
            assertThat(records.due(later.plusSeconds(3_600), 4, 10)).hasSize(1);
        }
    }
}
