package dev.dangol.identity.internal;

import dev.dangol.identity.MerchantMembers;
import dev.dangol.identity.Role;
import dev.dangol.identity.RoleGrants;
import dev.dangol.shared.MerchantId;
import dev.dangol.shared.PersonId;
import dev.dangol.shared.Rejection;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Merchant membership in the {@code merchant_member} table (V8__payments.sql). */
final class JdbcMerchantMembers implements MerchantMembers {

    private static final int LISTED_MAX = 100;

    private final JdbcClient jdbc;
    private final RoleGrants roles;
    private final Clock clock;

    JdbcMerchantMembers(JdbcClient jdbc, RoleGrants roles, Clock clock) {
        this.jdbc = jdbc;
        this.roles = roles;
        this.clock = clock;
    }

    @Override
    public void link(PersonId person, MerchantId merchant) {
        if (!roles.roles(person).contains(Role.MERCHANT)) {
            throw Rejection.refused(
                    "MERCHANT_ROLE_REQUIRED",
                    "Give " + person + " the MERCHANT role first (PUT /api/v1/operator/people/" + person
                            + "/roles), then link them to the merchant.");
        }
        if (actsFor(person, merchant)) {
            return;
        }
        try {
            jdbc.sql("INSERT INTO merchant_member (person_id, merchant_id, linked_at) VALUES (?, ?, ?)")
                    .params(person.value(), merchant.value(), clock.instant().atOffset(ZoneOffset.UTC))
                    .update();
        } catch (DuplicateKeyException alreadyLinked) {
            // Linked by a concurrent request: the outcome is the same.
        }
    }

    @Override
    public void unlink(PersonId person, MerchantId merchant) {
        jdbc.sql("DELETE FROM merchant_member WHERE person_id = ? AND merchant_id = ?")
                .params(person.value(), merchant.value())
                .update();
    }

    @Override
    public boolean actsFor(PersonId person, MerchantId merchant) {
        return jdbc.sql("SELECT COUNT(*) FROM merchant_member WHERE person_id = ? AND merchant_id = ?")
                        .params(person.value(), merchant.value())
                        .query(Long.class)
                        .single()
                > 0;
    }

    @Override
    public List<MerchantId> merchantsOf(PersonId person) {
        return jdbc.sql("SELECT merchant_id FROM merchant_member WHERE person_id = ? ORDER BY merchant_id LIMIT "
                        + LISTED_MAX)
                .param(person.value())
                .query((rs, n) -> MerchantId.of(rs.getString(1)))
                .list();
    }
}
