package dev.dangol.identity;

import dev.dangol.program.FundingMethod;
import dev.dangol.shared.Ids;
import dev.dangol.shared.PersonId;
import java.time.Instant;
import java.util.Objects;

/**
 * A bank account or card a person linked to pay for vouchers. Dangol never keeps the full number: only a masked label
 * and the payment gateway's token for it.
 *
 * @param label what the person sees, for example {@code KB국민은행 ****5678} or {@code 카드 ****0002}
 * @param gatewayToken the gateway's opaque token for the account or card; charges name it instead of the number
 */
public record FundingSource(
        String id, PersonId person, FundingMethod method, String label, String gatewayToken, Instant linkedAt) {

    public FundingSource {
        Ids.require(id, "a funding source id");
        Objects.requireNonNull(person, "person");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(gatewayToken, "gatewayToken");
        Objects.requireNonNull(linkedAt, "linkedAt");
        if (gatewayToken.isBlank()) {
            throw new IllegalArgumentException("a gateway token must not be blank");
        }
    }
}
