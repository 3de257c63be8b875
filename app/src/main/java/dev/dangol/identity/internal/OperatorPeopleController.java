package dev.dangol.identity.internal;

import dev.dangol.identity.Role;
import dev.dangol.identity.Session;
import dev.dangol.shared.Ids;
import dev.dangol.shared.PersonId;
import dev.dangol.shared.Rejection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Operators grant and take away the merchant and operator roles. */
@RestController
@RequestMapping("/api/v1/operator/people")
class OperatorPeopleController {

    private final Memberships memberships;

    OperatorPeopleController(Memberships memberships) {
        this.memberships = memberships;
    }

    @PutMapping("/{personId}/roles")
    RolesJson replaceRoles(Session session, @PathVariable String personId, @RequestBody RolesRequest body) {
        session.require(Role.OPERATOR);
        if (!Ids.isValid(personId)) {
            throw Rejection.notFound("PERSON_NOT_FOUND", "There is no member " + personId + ".");
        }
        if (body.roles() == null || body.roles().contains(null)) {
            throw Rejection.invalid(
                    "FIELD_MISSING", "Give 'roles': every role the person should hold, such as [\"MERCHANT\"].");
        }
        PersonId person = PersonId.of(personId);
        return new RolesJson(personId, new TreeSet<>(memberships.replace(session, person, Set.copyOf(body.roles()))));
    }

    record RolesRequest(List<Role> roles) {}

    record RolesJson(String personId, Set<Role> roles) {}
}
