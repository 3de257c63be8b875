package dev.dangol.wallet;

import dev.dangol.shared.MerchantId;
import dev.dangol.shared.Money;
import dev.dangol.shared.PersonId;
import dev.dangol.shared.ProgramId;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A payment to a merchant and the lots it was taken from.
 *
 * @param lots what each lot gave, in spending order; a cancellation gives each back to the same lot
 * @param cancelledAt when the merchant cancelled it, or null
 */
public record Payment(
        PaymentId id,
        PersonId payer,
        MerchantId merchant,
        ProgramId program,
        Money amount,
        List<LotUse> lots,
        Instant paidAt,
        PaymentStatus status,
        Instant cancelledAt) {

    public Payment {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(payer, "payer");
        Objects.requireNonNull(merchant, "merchant");
        Objects.requireNonNull(program, "program");
        Objects.requireNonNull(paidAt, "paidAt");
        Objects.requireNonNull(status, "status");
        lots = List.copyOf(lots);
        if (!amount.isPositive()) {
            throw new IllegalArgumentException("a payment is of a positive amount, not " + amount);
        }
        if (lots.isEmpty() || lots.stream().mapToLong(l -> l.amount().krw()).sum() != amount.krw()) {
            throw new IllegalArgumentException("a payment's lots must add up to its amount");
        }
        if ((status == PaymentStatus.CANCELLED) != (cancelledAt != null)) {
            throw new IllegalArgumentException("a cancelled payment, and only one, has a cancellation time");
        }
    }

    /** What one lot gave to a payment. */
    public record LotUse(String lotId, Money amount, Instant validUntil) {
        public LotUse {
            Objects.requireNonNull(lotId, "lotId");
            Objects.requireNonNull(validUntil, "validUntil");
            if (!amount.isPositive()) {
                throw new IllegalArgumentException("a lot gives a positive amount, not " + amount);
            }
        }
    }

    public Payment cancelled(Instant at) {
        return new Payment(id, payer, merchant, program, amount, lots, paidAt, PaymentStatus.CANCELLED, at);
    }
}
