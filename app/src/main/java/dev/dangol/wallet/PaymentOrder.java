package dev.dangol.wallet;

import dev.dangol.shared.MerchantId;
import dev.dangol.shared.Money;
import dev.dangol.shared.PersonId;
import dev.dangol.shared.ProgramId;
import java.util.Objects;

/**
 * A citizen's vouchers of one program to pay a merchant.
 *
 * @param id the payment's id, derived from the requester's idempotency key ({@link PaymentId#byCitizen} or {@link
 *     PaymentId#byMerchant}): the same id always gets the first outcome, and another order under it is refused
 */
public record PaymentOrder(PaymentId id, PersonId payer, MerchantId merchant, ProgramId program, Money amount) {

    public PaymentOrder {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(payer, "payer");
        Objects.requireNonNull(merchant, "merchant");
        Objects.requireNonNull(program, "program");
        Objects.requireNonNull(amount, "amount");
    }
}
