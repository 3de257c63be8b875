package dev.dangol.sale.internal;

import dev.dangol.program.FundingMethod;
import dev.dangol.sale.Checkout;
import dev.dangol.sale.CheckoutId;
import dev.dangol.sale.CheckoutStatus;
import dev.dangol.shared.Money;
import dev.dangol.shared.PersonId;
import dev.dangol.shared.RoundId;
import dev.dangol.wallet.PurchaseId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Checkouts in the {@code checkout} table. Each change is one statement in its own short transaction. */
final class JdbcCheckoutRecords implements CheckoutRecords {

    private static final String COLUMNS =
            "id, buyer, round_id, face_value, funding_method, funding_source, purchase_id, status, reason, created_at,"
                    + " updated_at";

    private final JdbcClient jdbc;

    JdbcCheckoutRecords(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Optional<Checkout> find(CheckoutId id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM checkout WHERE id = ?")
                .param(id.value())
                .query((rs, n) -> row(rs))
                .optional();
    }

    @Override
    public boolean insert(Checkout c) {
        try {
            jdbc.sql("INSERT INTO checkout (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                    .params(
                            c.id().value(),
                            c.buyer().value(),
                            c.round().value(),
                            c.faceValue().krw(),
                            c.method().name(),
                            c.fundingSourceId(),
                            c.purchase().value(),
                            c.status().name(),
                            c.reason(),
                            utc(c.createdAt()),
                            utc(c.updatedAt()))
                    .update();
            return true;
        } catch (DuplicateKeyException exists) {
            return false;
        }
    }

    @Override
    public Optional<Checkout> transition(
            CheckoutId id,
            Set<CheckoutStatus> from,
            CheckoutStatus to,
            String reason,
            PurchaseId purchase,
            Instant at) {
        String states = String.join(
                ",", from.stream().map(s -> "'" + s.name() + "'").sorted().toList());
        int moved = jdbc.sql("UPDATE checkout SET status = ?, reason = ?, updated_at = ?,"
                        + " purchase_id = COALESCE(?, purchase_id) WHERE id = ? AND status IN (" + states + ")")
                .params(to.name(), reason, utc(at), purchase == null ? null : purchase.value(), id.value())
                .update();
        return moved == 1 ? find(id) : Optional.empty();
    }

    @Override
    public List<Checkout> unresolved(Instant before, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM checkout WHERE status IN ('PAYING', 'LATE_APPROVAL')"
                        + " AND updated_at < ? ORDER BY updated_at LIMIT ?")
                .params(utc(before), limit)
                .query((rs, n) -> row(rs))
                .list();
    }

    private static OffsetDateTime utc(Instant at) {
        return OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
    }

    private static Checkout row(ResultSet rs) throws SQLException {
        return new Checkout(
                new CheckoutId(rs.getString("id")),
                PersonId.of(rs.getString("buyer")),
                RoundId.of(rs.getString("round_id")),
                Money.krw(rs.getLong("face_value")),
                FundingMethod.valueOf(rs.getString("funding_method")),
                rs.getString("funding_source"),
                new PurchaseId(rs.getString("purchase_id")),
                CheckoutStatus.valueOf(rs.getString("status")),
                rs.getString("reason"),
                rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                rs.getObject("updated_at", OffsetDateTime.class).toInstant());
    }
}
