package dev.dangol.wallet.internal;

import dev.dangol.shared.MerchantId;
import dev.dangol.shared.Money;
import dev.dangol.shared.PersonId;
import dev.dangol.shared.ProgramId;
import dev.dangol.wallet.Payment;
import dev.dangol.wallet.PaymentId;
import dev.dangol.wallet.PaymentStatus;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Payments in the {@code payment} and {@code payment_lot} tables (V8__payments.sql). */
final class JdbcPaymentRecords implements PaymentRecords {

    private static final String COLUMNS = "id, payer, merchant_id, program_id, amount, status, paid_at, cancelled_at";

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;

    JdbcPaymentRecords(JdbcClient jdbc, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.transactions = new TransactionTemplate(transactions);
    }

    @Override
    public Optional<Payment> find(PaymentId id) {
        List<Payment> found = load("SELECT " + COLUMNS + " FROM payment WHERE id = ?", List.of(id.value()));
        return found.stream().findFirst();
    }

    @Override
    public boolean insert(Payment p) {
        try {
            return Boolean.TRUE.equals(transactions.execute(status -> {
                jdbc.sql("INSERT INTO payment (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
                        .params(
                                p.id().value(),
                                p.payer().value(),
                                p.merchant().value(),
                                p.program().value(),
                                p.amount().krw(),
                                p.status().name(),
                                utc(p.paidAt()),
                                p.cancelledAt() == null ? null : utc(p.cancelledAt()))
                        .update();
                int part = 0;
                for (Payment.LotUse use : p.lots()) {
                    jdbc.sql("INSERT INTO payment_lot (payment_id, part, lot_id, amount, valid_until)"
                                    + " VALUES (?, ?, ?, ?, ?)")
                            .params(
                                    p.id().value(),
                                    part++,
                                    use.lotId(),
                                    use.amount().krw(),
                                    utc(use.validUntil()))
                            .update();
                }
                return true;
            }));
        } catch (DuplicateKeyException exists) {
            return false;
        }
    }

    @Override
    public boolean markCancelled(PaymentId id, Instant at) {
        return jdbc.sql("UPDATE payment SET status = ?, cancelled_at = ? WHERE id = ? AND status = ?")
                        .params(PaymentStatus.CANCELLED.name(), utc(at), id.value(), PaymentStatus.PAID.name())
                        .update()
                == 1;
    }

    @Override
    public List<Payment> byMerchant(MerchantId merchant, Instant from, Instant to, int limit) {
        return load(
                "SELECT " + COLUMNS + " FROM payment WHERE merchant_id = ? AND paid_at >= ? AND paid_at < ?"
                        + " ORDER BY paid_at, id LIMIT " + Math.max(1, Math.min(limit, 10_000)),
                List.of(merchant.value(), utc(from), utc(to)));
    }

    private record Head(
            PaymentId id,
            PersonId payer,
            MerchantId merchant,
            ProgramId program,
            Money amount,
            PaymentStatus status,
            Instant paidAt,
            Instant cancelledAt) {}

    private List<Payment> load(String sql, List<Object> params) {
        List<Head> heads =
                jdbc.sql(sql).params(params).query((rs, n) -> head(rs)).list();
        if (heads.isEmpty()) {
            return List.of();
        }
        Map<String, List<Payment.LotUse>> uses = new LinkedHashMap<>();
        List<String> ids = heads.stream().map(h -> h.id().value()).toList();
        // One query for the lots of every payment listed; a day's list is bounded by its limit.
        String marks = String.join(",", ids.stream().map(i -> "?").toList());
        jdbc.sql("SELECT payment_id, lot_id, amount, valid_until FROM payment_lot WHERE payment_id IN (" + marks
                        + ") ORDER BY payment_id, part")
                .params(new ArrayList<Object>(ids))
                .query(rs -> {
                    uses.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                            .add(new Payment.LotUse(rs.getString(2), Money.krw(rs.getLong(3)), instant(rs, 4)));
                });
        return heads.stream()
                .map(h -> new Payment(
                        h.id(),
                        h.payer(),
                        h.merchant(),
                        h.program(),
                        h.amount(),
                        uses.getOrDefault(h.id().value(), List.of()),
                        h.paidAt(),
                        h.status(),
                        h.cancelledAt()))
                .toList();
    }

    private static Head head(ResultSet rs) throws SQLException {
        return new Head(
                new PaymentId(rs.getString(1)),
                PersonId.of(rs.getString(2)),
                MerchantId.of(rs.getString(3)),
                ProgramId.of(rs.getString(4)),
                Money.krw(rs.getLong(5)),
                PaymentStatus.valueOf(rs.getString(6)),
                instant(rs, 7),
                instant(rs, 8));
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static OffsetDateTime utc(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }
}
