package dev.dangol.identity.internal;

import dev.dangol.identity.Citizen;
import dev.dangol.identity.Citizens;
import dev.dangol.identity.Role;
import dev.dangol.identity.RoleGrants;
import dev.dangol.identity.Session;
import dev.dangol.shared.PersonId;
import dev.dangol.shared.Rejection;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Who holds which role: every member is a citizen; merchants and operators are granted, and the mobile numbers in
 * {@code dangol.identity.operators} are operators whenever they sign in (a grant that ends when the number leaves the
 * list).
 */
final class Memberships implements RoleGrants {

    private final Citizens citizens;
    private final MemberStore members;
    private final SessionBook sessions;
    private final Set<String> operatorPhones;

    Memberships(Citizens citizens, MemberStore members, SessionBook sessions, Set<String> operatorPhones) {
        this.citizens = citizens;
        this.members = members;
        this.sessions = sessions;
        this.operatorPhones = Set.copyOf(operatorPhones);
    }

    @Override
    public Set<Role> roles(PersonId person) {
        return rolesOf(member(person));
    }

    @Override
    public Set<Role> replace(PersonId person, Set<Role> roles) {
        Objects.requireNonNull(roles, "roles");
        Citizen citizen = member(person);
        members.replaceGrantedRoles(person, roles);
        Set<Role> now = rolesOf(citizen);
        sessions.changeRoles(person, now);
        return now;
    }

    /** An operator's change of someone's roles. An operator cannot take their own operator role away. */
    Set<Role> replace(Session operator, PersonId person, Set<Role> roles) {
        operator.require(Role.OPERATOR);
        if (operator.person().equals(person) && !roles.contains(Role.OPERATOR)) {
            throw Rejection.refused(
                    "OPERATOR_SELF_DEMOTION",
                    "You cannot take your own operator role away; ask another operator to do it.");
        }
        return replace(person, roles);
    }

    Set<Role> rolesOf(Citizen citizen) {
        EnumSet<Role> roles = EnumSet.of(Role.CITIZEN);
        roles.addAll(members.grantedRoles(citizen.id()));
        if (operatorPhones.contains(citizen.phone())) {
            roles.add(Role.OPERATOR);
        }
        return roles;
    }

    private Citizen member(PersonId person) {
        return citizens.find(person)
                .orElseThrow(() -> Rejection.notFound("PERSON_NOT_FOUND", "There is no member " + person + "."));
    }
}
