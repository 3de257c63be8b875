package dev.dangol.identity.internal;

import dev.dangol.identity.Citizen;
import dev.dangol.identity.Citizens;
import dev.dangol.identity.Role;
import dev.dangol.identity.VerifiedPerson;
import dev.dangol.shared.IdSource;
import dev.dangol.shared.PersonId;
import dev.dangol.shared.Rejection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Members in SQL. The CI is kept only as its SHA-256 ({@code citizen.ci_sha256}): enough to find the member again,
 * useless to anyone who copies the table.
 */
final class JdbcCitizens implements Citizens, MemberStore {

    private static final String COLUMNS = "id, name, phone, ci_sha256";
    private static final int ADMIT_ATTEMPTS = 3;

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final IdSource ids;

    JdbcCitizens(JdbcClient jdbc, TransactionTemplate transactions, IdSource ids) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.ids = ids;
    }

    @Override
    public Citizen register(String name, String phone) {
        String number = Citizens.normalisePhone(phone);
        String plainName = Citizens.normaliseName(name);
        Optional<Citizen> existing = findByPhone(number);
        if (existing.isPresent()) {
            return existing.get();
        }
        Citizen citizen = new Citizen(PersonId.of(ids.next()), plainName, number);
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
        return row("id = ?", id.value()).map(Row::citizen);
    }

    @Override
    public Optional<Citizen> findByPhone(String phone) {
        return row("phone = ?", Citizens.normalisePhone(phone)).map(Row::citizen);
    }

    @Override
    public List<Citizen> all(int limit) {
        return jdbc.sql("select " + COLUMNS + " from citizen order by id fetch first "
                        + Math.max(1, Math.min(limit, 1000)) + " rows only")
                .query((rs, row) -> row(rs).citizen())
                .list();
    }

    @Override
    public Citizen admitVerified(VerifiedPerson person) {
        String ci = Digests.sha256Hex(person.ci());
        String name = Citizens.normaliseName(person.name());
        String phone = Citizens.normalisePhone(person.phone());
        // Two sign-ups of one person, or of one number, may race; the unique keys on the CI and the number decide,
        // and the loser looks again.
        for (int attempt = 1; ; attempt++) {
            try {
                return admit(ci, name, phone);
            } catch (DuplicateKeyException | ConcurrentChange raced) {
                if (attempt == ADMIT_ATTEMPTS) {
                    throw Rejection.conflict(
                            "SIGN_UP_RACED", "Someone signed up with this number at the same moment. Try again.");
                }
            }
        }
    }

    private Citizen admit(String ci, String name, String phone) {
        Optional<Row> known = row("ci_sha256 = ?", ci);
        if (known.isPresent()) {
            Row member = known.get();
            if (member.phone().equals(phone) && member.name().equals(name)) {
                return member.citizen();
            }
            // A real CI follows the person to a new number, and a legal name can change: the register follows.
            Optional<Row> holder = row("phone = ?", phone);
            if (holder.isPresent() && !holder.get().id().equals(member.id())) {
                throw phoneHeld();
            }
            int changed = jdbc.sql("update citizen set name = ?, phone = ? where id = ? and ci_sha256 = ?")
                    .params(name, phone, member.id(), ci)
                    .update();
            if (changed != 1) {
                throw new ConcurrentChange();
            }
            return new Citizen(PersonId.of(member.id()), name, phone);
        }
        Optional<Row> holder = row("phone = ?", phone);
        if (holder.isPresent()) {
            Row member = holder.get();
            // An unverified registration under the same name is this person's: they claim it and keep its id. A
            // number held by someone verified, or registered under another name, is not theirs to take here.
            if (member.ci() != null || !sameName(member.name(), name)) {
                throw phoneHeld();
            }
            int claimed = jdbc.sql("update citizen set ci_sha256 = ?, name = ? where id = ? and ci_sha256 is null")
                    .params(ci, name, member.id())
                    .update();
            if (claimed != 1) {
                throw new ConcurrentChange();
            }
            return new Citizen(PersonId.of(member.id()), name, phone);
        }
        Citizen citizen = new Citizen(PersonId.of(ids.next()), name, phone);
        jdbc.sql("insert into citizen (id, name, phone, ci_sha256) values (?, ?, ?, ?)")
                .params(citizen.id().value(), name, phone, ci)
                .update();
        return citizen;
    }

    @Override
    public Set<Role> grantedRoles(PersonId person) {
        EnumSet<Role> roles = EnumSet.noneOf(Role.class);
        jdbc.sql("select role from person_role where person_id = ?")
                .param(person.value())
                .query((rs, row) -> Role.valueOf(rs.getString(1)))
                .list()
                .forEach(roles::add);
        return roles;
    }

    @Override
    public void replaceGrantedRoles(PersonId person, Set<Role> roles) {
        transactions.executeWithoutResult(status -> {
            jdbc.sql("delete from person_role where person_id = ?")
                    .param(person.value())
                    .update();
            for (Role role : roles) {
                if (role != Role.CITIZEN) {
                    jdbc.sql("insert into person_role (person_id, role) values (?, ?)")
                            .params(person.value(), role.name())
                            .update();
                }
            }
        });
    }

    private static boolean sameName(String a, String b) {
        return a.replace(" ", "").equalsIgnoreCase(b.replace(" ", ""));
    }

    private static Rejection phoneHeld() {
        return Rejection.conflict(
                "PHONE_HELD_BY_ANOTHER_MEMBER",
                "This mobile number belongs to another member. Check the name you gave; if the number has newly become"
                        + " yours, ask the help desk to release it.");
    }

    private Optional<Row> row(String condition, String value) {
        return jdbc.sql("select " + COLUMNS + " from citizen where " + condition)
                .param(value)
                .query((rs, row) -> row(rs))
                .optional();
    }

    private static Row row(ResultSet rs) throws SQLException {
        return new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4));
    }

    private record Row(String id, String name, String phone, String ci) {
        Citizen citizen() {
            return new Citizen(PersonId.of(id), name, phone);
        }
    }

    /** Another sign-up changed the row between reading and writing it. */
    private static final class ConcurrentChange extends RuntimeException {
        private static final long serialVersionUID = 1L;

        ConcurrentChange() {
            super(null, null, false, false);
        }
    }
}
