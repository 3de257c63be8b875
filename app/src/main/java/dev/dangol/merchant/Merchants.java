package dev.dangol.merchant;

import dev.dangol.shared.MerchantId;
import dev.dangol.shared.ProgramId;
import java.util.List;
import java.util.Optional;

/** The merchant registry: who may accept vouchers, where they are, and for which programs. */
public interface Merchants {

    Optional<Merchant> merchant(MerchantId id);

    Optional<Merchant> byBusinessNumber(BusinessNumber number);

    /** The merchant an agency id names now or named before (an alias kept from an earlier master-data file). */
    Optional<Merchant> byAgencyId(String agencyId);

    /** Whether the merchant may accept this program's vouchers now (its status, then the program's rules). */
    Eligibility eligibility(Merchant merchant, ProgramId program);

    /** The merchants nearest a point, nearest first. */
    List<NearbyMerchant> nearest(NearestQuery query);

    /** Merchants in id order after the given id (null: from the start), at most {@code limit} (1 to 10,000). */
    List<Merchant> page(MerchantId after, int limit);
}
