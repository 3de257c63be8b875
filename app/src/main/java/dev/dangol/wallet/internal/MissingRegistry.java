package dev.dangol.wallet.internal;

import dev.dangol.merchant.BusinessNumber;
import dev.dangol.merchant.Eligibility;
import dev.dangol.merchant.Merchant;
import dev.dangol.merchant.Merchants;
import dev.dangol.merchant.NearbyMerchant;
import dev.dangol.merchant.NearestQuery;
import dev.dangol.shared.MerchantId;
import dev.dangol.shared.ProgramId;
import dev.dangol.shared.Rejection;
import java.util.List;
import java.util.Optional;

/**
 * What payments see when no merchant registry is deployed: every question is refused as unavailable, so that the
 * rest of the application runs and a payment says why it cannot be made, instead of the application not starting.
 */
final class MissingRegistry implements Merchants {

    private static Rejection missing() {
        return Rejection.unavailable(
                "MERCHANT_REGISTRY_MISSING",
                "Merchants cannot be paid on this server: its merchant registry is not running. Try again later.");
    }

    @Override
    public Optional<Merchant> merchant(MerchantId id) {
        throw missing();
    }

    @Override
    public Optional<Merchant> byBusinessNumber(BusinessNumber number) {
        throw missing();
    }

    @Override
    public Optional<Merchant> byAgencyId(String agencyId) {
        throw missing();
    }

    @Override
    public Eligibility eligibility(Merchant merchant, ProgramId program) {
        throw missing();
    }

    @Override
    public List<NearbyMerchant> nearest(NearestQuery query) {
        throw missing();
    }

    @Override
    public List<Merchant> page(MerchantId after, int limit) {
        throw missing();
    }
}
