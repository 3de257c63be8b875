package dev.dangol.settlement.internal;

import dev.dangol.shared.MerchantId;
import dev.dangol.shared.Money;
import dev.dangol.shared.ProgramId;
import java.util.Objects;

/**
 * What one merchant took in one program's vouchers over a window: payments less the cancellations of them.
 *
 * @param unexplained movements of the payable account that are neither payments, cancellations, fees nor
 *     settlements, which the reconciliation reports
 */
record Takings(
        ProgramId program,
        MerchantId merchant,
        Money payments,
        int paymentCount,
        Money cancellations,
        int cancellationCount,
        Money fees,
        Money settled,
        Money unexplained) {

    Takings {
        Objects.requireNonNull(program, "program");
        Objects.requireNonNull(merchant, "merchant");
        Objects.requireNonNull(payments, "payments");
        Objects.requireNonNull(cancellations, "cancellations");
        Objects.requireNonNull(fees, "fees");
        Objects.requireNonNull(settled, "settled");
        Objects.requireNonNull(unexplained, "unexplained");
        if (paymentCount < 0 || cancellationCount < 0) {
            throw new IllegalArgumentException("counts must not be negative");
        }
    }

    static Takings none(ProgramId program, MerchantId merchant) {
        return new Takings(program, merchant, Money.ZERO, 0, Money.ZERO, 0, Money.ZERO, Money.ZERO, Money.ZERO);
    }

    /** Payments less cancellations; negative when a window holds cancellations of earlier payments. */
    Money net() {
        return payments.minus(cancellations);
    }
}
