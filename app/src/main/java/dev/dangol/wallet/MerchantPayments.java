package dev.dangol.wallet;

import dev.dangol.shared.MerchantId;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/**
 * Citizens paying merchants with vouchers. A payment is one linked ledger chain from the payer's lots, earliest expiry
 * first, to the merchant's payable account for the program; a same-day cancellation is one chain back to the same
 * lots, which keep their expiry (decision 0013).
 *
 * <p>Refusals are thrown as {@link dev.dangol.shared.Rejection} with a code and a sentence for the person.
 */
public interface MerchantPayments {

    /**
     * Pays a merchant. The same order under the same id returns the first payment; another order under an id already
     * used is refused with {@code IDEMPOTENCY_KEY_REUSED}.
     */
    Payment pay(PaymentOrder order);

    /**
     * The merchant cancels a payment it received, on the business day (Asia/Seoul) it was made. Cancelling again
     * returns the cancelled payment.
     */
    Payment cancel(MerchantId merchant, PaymentId payment);

    Optional<Payment> payment(PaymentId payment);

    /** A merchant's payments made on a business day (Asia/Seoul), oldest first, at most {@code limit}. */
    List<Payment> day(MerchantId merchant, LocalDate day, int limit);
}
