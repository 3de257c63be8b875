package dev.dangol.identity.internal;

import dev.dangol.identity.Citizen;
import dev.dangol.identity.Citizens;
import dev.dangol.shared.IdSource;
import dev.dangol.shared.PersonId;
import dev.dangol.shared.Rejection;
import java.util.List;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Members in SQL. */
final class JdbcCitizens implements Citizens {

    private final JdbcClient jdbc;
    private final IdSource ids;

    JdbcCitizens(JdbcClient jdbc, IdSource ids) {
        this.jdbc = jdbc;
        this.ids = ids;
    }

    @Override
    public Citizen register(String name, String phone) {
        String number = Citizens.normalisePhone(phone);
        if (name == null || name.isBlank() || name.strip().length() > 50) {
            throw Rejection.invalid("NAME_INVALID", "Give a name of 1 to 50 characters.");
        }
        Optional<Citizen> existing = findByPhone(number);
        if (existing.isPresent()) {
            return existing.get();
        }
        Citizen citizen = new Citizen(PersonId.of(ids.next()), name.strip(), number);
        try {
            jdbc.sql("insert into citizen (id, name, phone) values (?, ?, ?)")
                    .params(citizen.id().value(), citizen.name(), citizen.phone())
                    .update();
            return citizen;
        } catch (DuplicateKeyException raced) {
            return findByPhone(number).orElseThrow();
        }
    }

    @Override
    public Optional<Citizen> find(PersonId id) {
        return jdbc.sql("select id, name, phone from citizen where id = ?")
                .param(id.value())
                .query((rs, row) -> new Citizen(PersonId.of(rs.getString(1)), rs.getString(2), rs.getString(3)))
                .optional();
    }

    @Override
    public Optional<Citizen> findByPhone(String phone) {
        return jdbc.sql("select id, name, phone from citizen where phone = ?")
                .param(Citizens.normalisePhone(phone))
                .query((rs, row) -> new Citizen(PersonId.of(rs.getString(1)), rs.getString(2), rs.getString(3)))
                .optional();
    }

    @Override
    public List<Citizen> all(int limit) {
        return jdbc.sql("select id, name, phone from citizen order by id fetch first "
                        + Math.max(1, Math.min(limit, 1000)) + " rows only")
                .query((rs, row) -> new Citizen(PersonId.of(rs.getString(1)), rs.getString(2), rs.getString(3)))
                .list();
    }
}
