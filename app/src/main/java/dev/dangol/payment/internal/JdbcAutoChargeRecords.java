package dev.dangol.payment.internal;

import dev.dangol.program.FundingMethod;
import dev.dangol.shared.Money;
import dev.dangol.shared.PersonId;
import dev.dangol.shared.ProgramId;
import dev.dangol.shared.RoundId;
import dev.dangol.wallet.PaymentId;
import dev.dangol.wallet.PurchaseId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Auto-charges in the {@code auto_charge} table (V11). Each change is one statement in its own short transaction. */
final class JdbcAutoChargeRecords implements AutoChargeRecords {

    private static final String COLUMNS = "payment_id, payer, program_id, round_id, purchase_id, gateway_key,"
            + " face_value, amount, funding_method, state, reason, vouchers_id, attempts, next_attempt_at, created_at,"
            + " updated_at";

    private final JdbcClient jdbc;

    JdbcAutoChargeRecords(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Optional<AutoChargeRecord> find(PaymentId payment) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM auto_charge WHERE payment_id = ?")
                .param(payment.value())
                .query((rs, n) -> row(rs))
                .optional();
    }

    @Override
    public Optional<AutoChargeRecord> findByGatewayKey(String gatewayKey) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM auto_charge WHERE gateway_key = ?")
                .param(gatewayKey)
                .query((rs, n) -> row(rs))
                .optional();
    }

    @Override
    public boolean insert(AutoChargeRecord r) {
        try {
            jdbc.sql("INSERT INTO auto_charge (" + COLUMNS
                            + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                    .params(
                            r.payment().value(),
                            r.payer().value(),
                            r.program().value(),
                            r.round().value(),
                            r.purchase().value(),
                            r.gatewayKey(),
                            r.faceValue().krw(),
                            r.amount().krw(),
                            r.method().name(),
                            r.state().name(),
                            r.reason(),
                            r.vouchers() == null ? null : r.vouchers().value(),
                            r.attempts(),
                            utc(r.nextAttemptAt()),
                            utc(r.createdAt()),
                            utc(r.updatedAt()))
                    .update();
            return true;
        } catch (DuplicateKeyException exists) {
            return false;
        }
    }

    @Override
    public Optional<AutoChargeRecord> move(
            PaymentId payment,
            AutoChargeState from,
            AutoChargeState to,
            String reason,
            PurchaseId vouchers,
            Instant at,
            Instant nextAttemptAt) {
        int moved = jdbc.sql("UPDATE auto_charge SET state = ?, reason = ?, vouchers_id = COALESCE(?, vouchers_id),"
                        + " attempts = 0, next_attempt_at = ?, updated_at = ? WHERE payment_id = ? AND state = ?")
                .params(
                        to.name(),
                        reason,
                        vouchers == null ? null : vouchers.value(),
                        utc(nextAttemptAt),
                        utc(at),
                        payment.value(),
                        from.name())
                .update();
        return moved == 1 ? find(payment) : Optional.empty();
    }

    @Override
    public boolean postpone(
            PaymentId payment, AutoChargeState state, int attemptsSeen, Instant at, Instant nextAttemptAt) {
        return jdbc.sql("UPDATE auto_charge SET attempts = attempts + 1, next_attempt_at = ?, updated_at = ?"
                                + " WHERE payment_id = ? AND state = ? AND attempts = ?")
                        .params(utc(nextAttemptAt), utc(at), payment.value(), state.name(), attemptsSeen)
                        .update()
                == 1;
    }

    @Override
    public List<AutoChargeRecord> due(Instant now, int attemptsMax, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM auto_charge WHERE state IN ('CHARGING', 'APPROVED', 'REFUNDING')"
                        + " AND next_attempt_at <= ? AND attempts < ? ORDER BY created_at, payment_id LIMIT ?")
                .params(utc(now), attemptsMax, limit)
                .query((rs, n) -> row(rs))
                .list();
    }

    private static OffsetDateTime utc(Instant at) {
        return OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
    }

    private static AutoChargeRecord row(ResultSet rs) throws SQLException {
        String vouchers = rs.getString("vouchers_id");
        return new AutoChargeRecord(
                new PaymentId(rs.getString("payment_id")),
                PersonId.of(rs.getString("payer")),
                ProgramId.of(rs.getString("program_id")),
                RoundId.of(rs.getString("round_id")),
                new PurchaseId(rs.getString("purchase_id")),
                rs.getString("gateway_key"),
                Money.krw(rs.getLong("face_value")),
                Money.krw(rs.getLong("amount")),
                FundingMethod.valueOf(rs.getString("funding_method")),
                AutoChargeState.valueOf(rs.getString("state")),
                rs.getString("reason"),
                vouchers == null ? null : new PurchaseId(vouchers),
                rs.getInt("attempts"),
                rs.getObject("next_attempt_at", OffsetDateTime.class).toInstant(),
                rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                rs.getObject("updated_at", OffsetDateTime.class).toInstant());
    }
}
