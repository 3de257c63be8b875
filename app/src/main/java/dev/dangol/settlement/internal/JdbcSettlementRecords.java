package dev.dangol.settlement.internal;

import dev.dangol.merchant.SettlementAccount;
import dev.dangol.shared.MerchantId;
import dev.dangol.shared.Money;
import dev.dangol.shared.ProgramId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/** Settlement records in the {@code settlement_payout} and {@code settlement_run} tables (V9). */
final class JdbcSettlementRecords implements SettlementRecords {

    private static final String COLUMNS = "business_day, program_id, merchant_id, payments_krw, payment_count,"
            + " cancellations_krw, cancellation_count, fee_basis_points, fee_krw, payout_krw, outcome, bank_code,"
            + " account_number, account_holder, payout_day, reference, decided_at";

    private final JdbcClient jdbc;
    private final JdbcTemplate batches;
    private final TransactionTemplate transactions;

    JdbcSettlementRecords(JdbcTemplate jdbc, TransactionTemplate transactions) {
        this.jdbc = JdbcClient.create(jdbc);
        this.batches = jdbc;
        this.transactions = transactions;
    }

    @Override
    public void save(List<Payout> payouts) {
        if (payouts.isEmpty()) {
            return;
        }
        // Delete and insert in one transaction, each as one batch: the same statements on H2 and PostgreSQL, and a
        // second node running the same day at the same time waits on the rows' locks instead of failing on a key.
        List<Object[]> keys = new ArrayList<>(payouts.size());
        List<Object[]> rows = new ArrayList<>(payouts.size());
        for (Payout p : payouts) {
            keys.add(new Object[] {
                p.businessDay(), p.program().value(), p.merchant().value()
            });
            SettlementAccount a = p.account();
            rows.add(new Object[] {
                p.businessDay(),
                p.program().value(),
                p.merchant().value(),
                p.payments().krw(),
                p.paymentCount(),
                p.cancellations().krw(),
                p.cancellationCount(),
                p.feeBasisPoints(),
                p.fee().krw(),
                p.payout().krw(),
                p.outcome().name(),
                a == null ? null : a.bankCode(),
                a == null ? null : a.accountNumber(),
                a == null ? null : a.holderName(),
                p.payoutDay(),
                p.reference(),
                OffsetDateTime.ofInstant(p.decidedAt(), ZoneOffset.UTC)
            });
        }
        transactions.executeWithoutResult(status -> {
            batches.batchUpdate(
                    "delete from settlement_payout where business_day = ? and program_id = ? and merchant_id = ?",
                    keys);
            batches.batchUpdate(
                    "insert into settlement_payout (" + COLUMNS + ") values"
                            + " (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    rows);
        });
    }

    @Override
    public void finished(LocalDate businessDay, Instant at, int payouts) {
        transactions.executeWithoutResult(status -> {
            jdbc.sql("delete from settlement_run where business_day = ?")
                    .param(businessDay)
                    .update();
            jdbc.sql("insert into settlement_run (business_day, finished_at, payouts) values (?, ?, ?)")
                    .params(businessDay, OffsetDateTime.ofInstant(at, ZoneOffset.UTC), payouts)
                    .update();
        });
    }

    @Override
    public Optional<Instant> finishedAt(LocalDate businessDay) {
        return jdbc.sql("select finished_at from settlement_run where business_day = ?")
                .param(businessDay)
                .query((rows, n) -> rows.getObject(1, OffsetDateTime.class).toInstant())
                .optional();
    }

    @Override
    public List<Payout> payouts(LocalDate businessDay, int limit) {
        return jdbc.sql("select " + COLUMNS + " from settlement_payout where business_day = ?"
                        + " order by program_id, merchant_id fetch first " + limit + " rows only")
                .param(businessDay)
                .query(JdbcSettlementRecords::payout)
                .list();
    }

    @Override
    public List<Payout> payoutsOf(MerchantId merchant, LocalDate from, LocalDate to, int limit) {
        return jdbc.sql("select " + COLUMNS + " from settlement_payout where merchant_id = ? and business_day >= ?"
                        + " and business_day <= ? order by business_day, program_id fetch first " + limit
                        + " rows only")
                .params(merchant.value(), from, to)
                .query(JdbcSettlementRecords::payout)
                .list();
    }

    private static Payout payout(ResultSet rows, int n) throws SQLException {
        String bank = rows.getString(12);
        return new Payout(
                rows.getObject(1, LocalDate.class),
                ProgramId.of(rows.getString(2)),
                MerchantId.of(rows.getString(3)),
                Money.krw(rows.getLong(4)),
                rows.getInt(5),
                Money.krw(rows.getLong(6)),
                rows.getInt(7),
                rows.getInt(8),
                Money.krw(rows.getLong(9)),
                Money.krw(rows.getLong(10)),
                PayoutOutcome.valueOf(rows.getString(11)),
                bank == null ? null : new SettlementAccount(bank, rows.getString(13), rows.getString(14)),
                rows.getObject(15, LocalDate.class),
                rows.getString(16),
                rows.getObject(17, OffsetDateTime.class).toInstant());
    }
}
