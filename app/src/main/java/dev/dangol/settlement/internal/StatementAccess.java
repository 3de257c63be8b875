package dev.dangol.settlement.internal;

import dev.dangol.identity.MerchantMembers;
import dev.dangol.identity.Role;
import dev.dangol.identity.Session;
import dev.dangol.shared.MerchantId;
import dev.dangol.shared.PersonId;
import dev.dangol.shared.Rejection;

/**
 * Who may read a merchant's statements: operators, and people with the merchant role who act for that merchant
 * ({@link MerchantMembers}).
 */
final class StatementAccess {

    private final MerchantMembers members;

    StatementAccess(MerchantMembers members) {
        this.members = members;
    }

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

    private boolean actsFor(PersonId person, MerchantId merchant) {
        return members.actsFor(person, merchant);
    }
}
