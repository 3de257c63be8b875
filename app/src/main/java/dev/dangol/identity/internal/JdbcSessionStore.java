package dev.dangol.identity.internal;

import dev.dangol.identity.Role;
import dev.dangol.shared.PersonId;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Sessions in the {@code session} table; the same SQL on H2 and PostgreSQL. */
final class JdbcSessionStore implements SessionStore {

    private static final String COLUMNS = "id, token_sha256, person_id, roles, created_at, last_used_at,"
            + " idle_expires_at, absolute_expires_at, revoked_at";

    private final JdbcClient jdbc;
    private final JdbcTemplate template;

    JdbcSessionStore(JdbcClient jdbc, JdbcTemplate template) {
        this.jdbc = jdbc;
        this.template = template;
    }

    @Override
    public void insert(StoredSession s) {
        jdbc.sql("insert into session (" + COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(
                        s.id(),
                        s.tokenSha256(),
                        s.person().value(),
                        roles(s.roles()),
                        time(s.createdAt()),
                        time(s.lastUsedAt()),
                        time(s.idleExpiresAt()),
                        time(s.absoluteExpiresAt()),
                        time(s.revokedAt()))
                .update();
    }

    @Override
    public Optional<StoredSession> find(String tokenSha256) {
        return jdbc.sql("select " + COLUMNS + " from session where token_sha256 = ?")
                .param(tokenSha256)
                .query((rs, row) -> session(rs))
                .optional();
    }

    @Override
    public void touch(Collection<Touch> touches) {
        List<Object[]> rows = new ArrayList<>(touches.size());
        for (Touch t : touches) {
            rows.add(new Object[] {time(t.usedAt()), time(t.idleExpiresAt()), t.sessionId()});
        }
        template.batchUpdate(
                "update session set last_used_at = greatest(last_used_at, ?),"
                        + " idle_expires_at = least(absolute_expires_at, greatest(idle_expires_at, ?))"
                        + " where id = ? and revoked_at is null",
                rows);
    }

    @Override
    public void keepAlive(Collection<KeepAlive> keepAlives) {
        List<Object[]> rows = new ArrayList<>(keepAlives.size());
        for (KeepAlive k : keepAlives) {
            rows.add(new Object[] {
                time(k.at()), time(k.idleExpiresAt()), k.person().value(), time(k.at())
            });
        }
        template.batchUpdate(
                "update session set last_used_at = greatest(last_used_at, ?),"
                        + " idle_expires_at = least(absolute_expires_at, greatest(idle_expires_at, ?))"
                        + " where person_id = ? and revoked_at is null and idle_expires_at > ?",
                rows);
    }

    @Override
    public void revoke(String sessionId, Instant at) {
        jdbc.sql("update session set revoked_at = ? where id = ? and revoked_at is null")
                .params(time(at), sessionId)
                .update();
    }

    @Override
    public void changeRoles(PersonId person, Set<Role> roles) {
        jdbc.sql("update session set roles = ? where person_id = ? and revoked_at is null")
                .params(roles(roles), person.value())
                .update();
    }

    @Override
    public int purgeEndedBefore(Instant instant, int limit) {
        OffsetDateTime before = time(instant);
        return jdbc.sql("delete from session where id in (select id from session"
                        + " where idle_expires_at < ? or revoked_at < ? fetch first " + Math.max(1, limit)
                        + " rows only)")
                .params(before, before)
                .update();
    }

    private static StoredSession session(ResultSet rs) throws SQLException {
        return new StoredSession(
                rs.getString("id"),
                rs.getString("token_sha256"),
                PersonId.of(rs.getString("person_id")),
                roles(rs.getString("roles")),
                instant(rs, "created_at"),
                instant(rs, "last_used_at"),
                instant(rs, "idle_expires_at"),
                instant(rs, "absolute_expires_at"),
                instant(rs, "revoked_at"));
    }

    static String roles(Set<Role> roles) {
        return roles.stream().sorted().map(Role::name).collect(Collectors.joining(","));
    }

    static Set<Role> roles(String text) {
        if (text == null || text.isBlank()) {
            return Set.of();
        }
        EnumSet<Role> roles = EnumSet.noneOf(Role.class);
        Arrays.stream(text.split(",")).map(String::strip).map(Role::valueOf).forEach(roles::add);
        return roles;
    }

    static OffsetDateTime time(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
