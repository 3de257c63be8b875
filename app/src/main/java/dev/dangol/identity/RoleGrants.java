package dev.dangol.identity;

import dev.dangol.shared.PersonId;
import java.util.Set;

/**
 * Who holds which role. Every member is a {@link Role#CITIZEN}; {@link Role#MERCHANT} and {@link Role#OPERATOR} are
 * granted by an operator (or, for operators, by the {@code dangol.identity.operators} list of mobile numbers).
 */
public interface RoleGrants {

    /** The person's roles: CITIZEN and whatever was granted. Refused with 404 for an unknown person. */
    Set<Role> roles(PersonId person);

    /**
     * Replaces the roles granted to a person and applies them to the person's open sessions (at once on this node,
     * within the session cache's freshness on others). CITIZEN is always kept. Returns the person's roles.
     */
    Set<Role> replace(PersonId person, Set<Role> roles);
}
