package dev.dangol.identity.internal;

import dev.dangol.identity.FundingSource;
import dev.dangol.identity.FundingSources;
import dev.dangol.program.FundingMethod;
import dev.dangol.shared.IdSource;
import dev.dangol.shared.Ids;
import dev.dangol.shared.PersonId;
import dev.dangol.shared.Rejection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Linked bank accounts and cards in the {@code funding_source} table. An unlinked source stays as a record (a past
 * purchase may name it) but loses its fingerprint, so the same account can be linked again.
 */
final class JdbcFundingSources implements FundingSources {

    private static final String COLUMNS = "id, person_id, method, label, gateway_token, linked_at";

    private final JdbcClient jdbc;
    private final Clock clock;
    private final IdSource ids;
    private final RandomGenerator random;
    private final byte[] key;
    private final int linkedMax;

    JdbcFundingSources(JdbcClient jdbc, Clock clock, IdSource ids, RandomGenerator random, byte[] key, int linkedMax) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.ids = ids;
        this.random = random;
        this.key = key.clone();
        this.linkedMax = linkedMax;
    }

    @Override
    public FundingSource linkBankAccount(PersonId person, String bankCode, String accountNumber) {
        return link(person, FundingDetails.bankAccount(bankCode, accountNumber));
    }

    @Override
    public FundingSource linkCard(PersonId person, String cardNumber) {
        return link(person, FundingDetails.card(cardNumber));
    }

    private FundingSource link(PersonId person, FundingDetails details) {
        Objects.requireNonNull(person, "person");
        String fingerprint = details.fingerprint(key, person);
        Optional<FundingSource> linked = byFingerprint(person, fingerprint);
        if (linked.isPresent()) {
            return linked.get();
        }
        int count = jdbc.sql("select count(*) from funding_source where person_id = ? and unlinked_at is null")
                .param(person.value())
                .query(Integer.class)
                .single();
        if (count >= linkedMax) {
            throw Rejection.refused(
                    "FUNDING_SOURCES_LIMIT",
                    "You have linked " + linkedMax + " accounts and cards, the most allowed; unlink one first.",
                    Map.of("limit", linkedMax));
        }
        FundingSource source = new FundingSource(
                ids.next(), person, details.method(), details.label(), details.sandboxToken(random), clock.instant());
        try {
            jdbc.sql("insert into funding_source (" + COLUMNS + ", fingerprint) values (?, ?, ?, ?, ?, ?, ?)")
                    .params(
                            source.id(),
                            person.value(),
                            source.method().name(),
                            source.label(),
                            source.gatewayToken(),
                            JdbcSessionStore.time(source.linkedAt()),
                            fingerprint)
                    .update();
            return source;
        } catch (DuplicateKeyException raced) {
            return byFingerprint(person, fingerprint).orElseThrow(() -> raced);
        }
    }

    @Override
    public List<FundingSource> fundingSources(PersonId person) {
        return jdbc.sql("select " + COLUMNS + " from funding_source where person_id = ? and unlinked_at is null"
                        + " order by linked_at, id")
                .param(person.value())
                .query((rs, row) -> source(rs))
                .list();
    }

    @Override
    public Optional<FundingSource> fundingSource(PersonId person, String fundingSourceId) {
        if (!Ids.isValid(fundingSourceId)) {
            return Optional.empty();
        }
        return jdbc.sql("select " + COLUMNS + " from funding_source where id = ? and person_id = ?"
                        + " and unlinked_at is null")
                .params(fundingSourceId, person.value())
                .query((rs, row) -> source(rs))
                .optional();
    }

    @Override
    public void unlink(PersonId person, String fundingSourceId) {
        int unlinked = !Ids.isValid(fundingSourceId)
                ? 0
                : jdbc.sql("update funding_source set unlinked_at = ?, fingerprint = null"
                                + " where id = ? and person_id = ? and unlinked_at is null")
                        .params(JdbcSessionStore.time(clock.instant()), fundingSourceId, person.value())
                        .update();
        if (unlinked != 1) {
            throw Rejection.notFound(
                    "FUNDING_SOURCE_NOT_FOUND", "You have no linked account or card " + fundingSourceId + ".");
        }
    }

    private Optional<FundingSource> byFingerprint(PersonId person, String fingerprint) {
        return jdbc.sql("select " + COLUMNS + " from funding_source where person_id = ? and fingerprint = ?")
                .params(person.value(), fingerprint)
                .query((rs, row) -> source(rs))
                .optional();
    }

    private static FundingSource source(ResultSet rs) throws SQLException {
        return new FundingSource(
                rs.getString("id"),
                PersonId.of(rs.getString("person_id")),
                FundingMethod.valueOf(rs.getString("method")),
                rs.getString("label"),
                rs.getString("gateway_token"),
                JdbcSessionStore.instant(rs, "linked_at"));
    }
}
