package dev.dangol.settlement.internal;

import dev.dangol.identity.Role;
import dev.dangol.identity.Session;
import dev.dangol.shared.MerchantId;
import dev.dangol.shared.PersonId;
import dev.dangol.shared.Rejection;

/**
 * Who may read a merchant's statements: operators, and people who act for that merchant.
 *
 * <p>TEMPORARY: which person acts for which merchant ({@code identity.MerchantMembers}) is being added by another
 * branch. Until it merges, {@link #actsFor} lets every MERCHANT session read any merchant's statements. On merge,
 * replace its body with {@code merchantMembers.merchantOf(person).filter(merchant::equals).isPresent()}; nothing else
 * changes.
 */
final class StatementAccess {

    void check(Session session, MerchantId merchant) {
        if (session.has(Role.OPERATOR)) {
            return;
        }
        if (session.has(Role.MERCHANT) && actsFor(session.person(), merchant)) {
            return;
        }
        throw Rejection.forbidden(
                "NOT_THIS_MERCHANTS_MEMBER",
                "Only people who act for merchant " + merchant + ", and operators, may read its statements.");
    }

    /** SWITCH TO {@code MerchantMembers.merchantOf(person)} on merge (see the class comment). */
    private static boolean actsFor(PersonId person, MerchantId merchant) {
        return true;
    }
}
