package dev.dangol.identity.internal;

import dev.dangol.identity.Citizen;
import dev.dangol.identity.Role;
import dev.dangol.identity.VerifiedPerson;
import dev.dangol.shared.PersonId;
import java.util.Set;

/** What sign-in and role grants need of the register beyond {@link dev.dangol.identity.Citizens}. */
interface MemberStore {

    /**
     * The member a verified person is, signed up if new. A member is bound to one CI: the same CI always finds the
     * same member (and {@code PersonId}), and the member's name and number follow the verification. A member registered
     * without verification under the same number and name is claimed, keeping its {@code PersonId}. Refused with 409
     * {@code PHONE_HELD_BY_ANOTHER_MEMBER} when the number belongs to a member with another CI or another name.
     */
    Citizen admitVerified(VerifiedPerson person);

    /** The roles granted to the person beyond CITIZEN. */
    Set<Role> grantedRoles(PersonId person);

    /** Replaces the roles granted to the person beyond CITIZEN. */
    void replaceGrantedRoles(PersonId person, Set<Role> roles);
}
