package dev.dangol.acceptance.internal;

import dev.dangol.acceptance.IssuedCode;
import dev.dangol.acceptance.Operator;
import dev.dangol.shared.MerchantId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Issued codes in the {@code issued_code} table. */
final class JdbcIssuedCodes implements IssuedCodeStore {

    private static final String COLUMNS = "operator, payload, merchant_id, agency_id, issued_on";

    private final JdbcClient jdbc;

    JdbcIssuedCodes(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public Put put(IssuedCode code, Instant recordedAt) {
        IssuedCode held = held(code.operator(), code.payload());
        if (held != null) {
            return held.equals(code) || sameMerchant(held, code) ? Put.UNCHANGED : Put.CONFLICT;
        }
        try {
            jdbc.sql("INSERT INTO issued_code (" + COLUMNS + ", recorded_at) VALUES (?, ?, ?, ?, ?, ?)")
                    .params(
                            code.operator().name(),
                            code.payload(),
                            code.merchant() == null ? null : code.merchant().value(),
                            code.agencyId(),
                            code.issuedOn(),
                            OffsetDateTime.ofInstant(recordedAt, ZoneOffset.UTC))
                    .update();
            return Put.ADDED;
        } catch (DuplicateKeyException raced) {
            IssuedCode now = held(code.operator(), code.payload());
            return now != null && sameMerchant(now, code) ? Put.UNCHANGED : Put.CONFLICT;
        }
    }

    /** Dangol's own codes are recorded on every print; a later date for the same merchant is the same code. */
    private static boolean sameMerchant(IssuedCode held, IssuedCode code) {
        return held.operator() == Operator.DANGOL && held.target().equals(code.target());
    }

    @Override
    public List<IssuedCode> byPayload(String payload) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM issued_code WHERE payload = ? ORDER BY operator")
                .param(payload)
                .query((rs, n) -> row(rs))
                .list();
    }

    @Override
    public IssuedCode held(Operator operator, String payload) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM issued_code WHERE operator = ? AND payload = ?")
                .params(operator.name(), payload)
                .query((rs, n) -> row(rs))
                .optional()
                .orElse(null);
    }

    @Override
    public List<IssuedCode> page(IssuedCode after, int limit) {
        if (after == null) {
            return jdbc.sql("SELECT " + COLUMNS + " FROM issued_code ORDER BY operator, payload LIMIT ?")
                    .param(limit)
                    .query((rs, n) -> row(rs))
                    .list();
        }
        return jdbc.sql("SELECT " + COLUMNS + " FROM issued_code WHERE operator > ? OR (operator = ? AND payload > ?)"
                        + " ORDER BY operator, payload LIMIT ?")
                .params(after.operator().name(), after.operator().name(), after.payload(), limit)
                .query((rs, n) -> row(rs))
                .list();
    }

    @Override
    public List<String> sharedPayloads(int limit) {
        return jdbc.sql("SELECT payload FROM issued_code GROUP BY payload HAVING COUNT(*) > 1 ORDER BY payload LIMIT ?")
                .param(limit)
                .query(String.class)
                .list();
    }

    @Override
    public int sharedPayloadCount() {
        return jdbc.sql("SELECT COUNT(*) FROM (SELECT payload FROM issued_code GROUP BY payload HAVING COUNT(*) > 1) s")
                .query(Integer.class)
                .single();
    }

    private static IssuedCode row(ResultSet rs) throws SQLException {
        String merchant = rs.getString("merchant_id");
        return new IssuedCode(
                Operator.valueOf(rs.getString("operator")),
                rs.getString("payload"),
                merchant == null ? null : MerchantId.of(merchant),
                rs.getString("agency_id"),
                rs.getObject("issued_on", LocalDate.class));
    }
}
