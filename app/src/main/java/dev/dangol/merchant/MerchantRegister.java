package dev.dangol.merchant;

import dev.dangol.shared.MerchantId;
import java.util.List;

/**
 * Changes to the registry by operators and the demo: each is stored first and then told to nearest-first search, so
 * that search never shows a merchant the registry does not hold. Refusals are {@link dev.dangol.shared.Rejection}s
 * with a code and a sentence a person can act on.
 */
public interface MerchantRegister {

    /**
     * Registers a merchant. Registering the same merchant again (same id, same details) returns it unchanged.
     *
     * @throws dev.dangol.shared.Rejection {@code MERCHANT_EXISTS} if the id is taken by other details, {@code
     *     AGENCY_ID_TAKEN} if another merchant has the agency id (now or as an alias)
     */
    Merchant register(Merchant merchant);

    /** Replaces a merchant's details (not its status: see suspend, reactivate and close). */
    Merchant update(Merchant merchant);

    /** Bars a merchant from accepting vouchers until reactivated; suspending it again keeps the first reason. */
    Merchant suspend(MerchantId id, String reason);

    /** Lifts a suspension. A closed merchant cannot be reactivated: it is registered again under a new id. */
    Merchant reactivate(MerchantId id);

    /** Closes a merchant for good, with the reason its codes will give; closing it again changes nothing. */
    Merchant close(MerchantId id, String reason);

    Merchant setSettlementAccount(MerchantId id, SettlementAccount account);

    /** Earlier agency ids of the merchant, oldest first. */
    List<String> aliases(MerchantId id);
}
