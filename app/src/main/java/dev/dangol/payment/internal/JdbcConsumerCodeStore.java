package dev.dangol.payment.internal;

import dev.dangol.shared.PersonId;
import dev.dangol.shared.ProgramId;
import dev.dangol.wallet.PaymentId;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Optional;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Consumer codes in the {@code consumer_code} table (V10); the same SQL on H2 and PostgreSQL. A claim is one
 * conditional UPDATE, so that of two nodes claiming one code exactly one changes the row. Issuing is one short
 * transaction: the person's current code gives up its {@code live_key} and the new code takes it, and the unique
 * constraint on {@code live_key} refuses the second of two codes issued at once, which is then issued again. A code
 * is stored as the SHA-256 of its digits: a code lives minutes, far less than it takes to try 10^15 hashes.
 */
final class JdbcConsumerCodeStore implements ConsumerCodeStore {

    private static final String COLUMNS = "code_sha256, person_id, program_id, expires_at, state, payment_id";

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;

    JdbcConsumerCodeStore(JdbcClient jdbc, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    @Override
    public boolean issue(String code, PersonId person, ProgramId program, Instant expiresAt) {
        String liveKey = person.value() + "/" + program.value();
        try {
            transactions.executeWithoutResult(status -> {
                jdbc.sql("update consumer_code set live_key = null,"
                                + " state = case when state = 'OPEN' then 'REPLACED' else state end"
                                + " where live_key = ?")
                        .param(liveKey)
                        .update();
                jdbc.sql("insert into consumer_code (" + COLUMNS + ", live_key) values (?, ?, ?, ?, 'OPEN', null, ?)")
                        .params(sha256(code), person.value(), program.value(), time(expiresAt), liveKey)
                        .update();
            });
            return true;
        } catch (DataIntegrityViolationException | TransientDataAccessException taken) {
            // The code exists already, or another code of this person and program was issued at the same moment.
            return false;
        }
    }

    @Override
    public Optional<Stored> find(String code) {
        return jdbc.sql("select " + COLUMNS + " from consumer_code where code_sha256 = ?")
                .param(sha256(code))
                .query((rs, row) -> stored(code, rs))
                .optional();
    }

    @Override
    public boolean claim(String code, PaymentId payment, Instant now) {
        return jdbc.sql("update consumer_code set state = 'CLAIMED', payment_id = ?"
                                + " where code_sha256 = ? and state = 'OPEN' and expires_at > ?")
                        .params(payment.value(), sha256(code), time(now))
                        .update()
                == 1;
    }

    @Override
    public void used(String code, PaymentId payment) {
        jdbc.sql("update consumer_code set state = 'USED' where code_sha256 = ? and payment_id = ?")
                .params(sha256(code), payment.value())
                .update();
    }

    @Override
    public void release(String code, PaymentId payment) {
        jdbc.sql("update consumer_code set payment_id = null,"
                        + " state = case when live_key is null then 'REPLACED' else 'OPEN' end"
                        + " where code_sha256 = ? and state = 'CLAIMED' and payment_id = ?")
                .params(sha256(code), payment.value())
                .update();
    }

    @Override
    public int forget(Instant expiredBy, int max) {
        return jdbc.sql("delete from consumer_code where code_sha256 in (select code_sha256 from consumer_code"
                        + " where expires_at <= ? order by expires_at fetch first " + Math.max(1, max)
                        + " rows only)")
                .param(time(expiredBy))
                .update();
    }

    @Override
    public long count() {
        return jdbc.sql("select count(*) from consumer_code").query(Long.class).single();
    }

    private static Stored stored(String code, ResultSet rs) throws SQLException {
        String payment = rs.getString("payment_id");
        return new Stored(
                code,
                PersonId.of(rs.getString("person_id")),
                ProgramId.of(rs.getString("program_id")),
                rs.getObject("expires_at", OffsetDateTime.class).toInstant(),
                ConsumerCodeBook.State.valueOf(rs.getString("state")),
                payment == null ? null : new PaymentId(payment));
    }

    static String sha256(String code) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(code.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    private static OffsetDateTime time(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
