package dev.dangol.identity;

import dev.dangol.shared.MerchantId;
import dev.dangol.shared.PersonId;
import dev.dangol.shared.Rejection;
import java.util.List;

/**
 * Who acts for which merchant: an operator links a person holding the {@link Role#MERCHANT} role to a merchant, and
 * merchant endpoints check the link. A person may act for several merchants and a merchant may have several people.
 */
public interface MerchantMembers {

    /**
     * Links the person to the merchant; linking again is harmless. Refused with 404 for an unknown person and 422
     * {@code MERCHANT_ROLE_REQUIRED} when the person does not hold the merchant role.
     */
    void link(PersonId person, MerchantId merchant);

    /** Takes the link away; harmless when there is none. */
    void unlink(PersonId person, MerchantId merchant);

    boolean actsFor(PersonId person, MerchantId merchant);

    /** The merchants the person acts for, in id order, at most 100. */
    List<MerchantId> merchantsOf(PersonId person);

    /** Refuses with 403 unless the signed-in person holds the merchant role and acts for this merchant. */
    default Session requireFor(Session session, MerchantId merchant) {
        session.require(Role.MERCHANT);
        if (!actsFor(session.person(), merchant)) {
            throw Rejection.forbidden(
                    "NOT_A_MEMBER_OF_MERCHANT",
                    "You do not act for merchant " + merchant + "; ask an operator to link you to it.");
        }
        return session;
    }
}
