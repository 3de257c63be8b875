package dev.dangol.payment.internal;

import dev.dangol.shared.MerchantId;
import dev.dangol.shared.Money;
import dev.dangol.shared.PersonId;
import dev.dangol.shared.ProgramId;
import dev.dangol.shared.Rejection;
import dev.dangol.wallet.IdempotencyKey;
import dev.dangol.wallet.MerchantPayments;
import dev.dangol.wallet.Payment;
import dev.dangol.wallet.PaymentId;
import dev.dangol.wallet.PaymentOrder;

/**
 * Where the web's payment requests meet the wallet: a citizen's payment, a merchant's scan of a consumer code, a
 * cancellation; each outcome is told to the merchant's live feed.
 */
final class PaymentDesk {

    private final MerchantPayments payments;
    private final ConsumerCodeBook codes;
    private final PaymentFeed feed;
    private final AutoCharge autoCharge;

    PaymentDesk(MerchantPayments payments, ConsumerCodeBook codes, PaymentFeed feed, AutoCharge autoCharge) {
        this.payments = payments;
        this.codes = codes;
        this.feed = feed;
        this.autoCharge = autoCharge;
    }

    /**
     * The citizen pays a merchant. With {@code autoCharge}, a balance too short is topped up first: the shortfall,
     * rounded up to the purchase unit, is bought through the gateway and the payment is made with it.
     */
    Payment payByCitizen(
            PersonId payer,
            MerchantId merchant,
            ProgramId program,
            Money amount,
            IdempotencyKey key,
            boolean topUpIfShort) {
        PaymentId id = PaymentId.byCitizen(payer, key);
        boolean known = payments.payment(id).isPresent();
        PaymentOrder order = new PaymentOrder(id, payer, merchant, program, amount);
        Payment payment;
        try {
            payment = payments.pay(order);
        } catch (Rejection refused) {
            if (!topUpIfShort || !refused.code().equals("INSUFFICIENT_BALANCE")) {
                throw refused;
            }
            autoCharge.topUp(payer, program, shortfall(refused, amount), id);
            payment = payments.pay(order);
        }
        if (!known) {
            feed.publish(merchant, "payment", PaymentJson.forMerchant(payment));
        }
        return payment;
    }

    /** The merchant scanned the citizen's one-time code: the citizen's wallet pays the amount the merchant typed. */
    Payment payByCode(MerchantId merchant, String code, Money amount, IdempotencyKey key) {
        if (!amount.isPositive()) {
            throw Rejection.invalid("AMOUNT_NOT_POSITIVE", "Type an amount above zero to charge.");
        }
        PaymentId id = PaymentId.byMerchant(merchant, key);
        ConsumerCodeBook.Claim claim = codes.claim(code, id);
        Payment payment;
        try {
            payment = payments.pay(new PaymentOrder(id, claim.person(), merchant, claim.program(), amount));
        } catch (RuntimeException refused) {
            if (!claim.alreadyUsed()) {
                codes.release(claim);
            }
            throw refused;
        }
        codes.used(claim);
        if (!claim.alreadyUsed()) {
            feed.publish(merchant, "payment", PaymentJson.forMerchant(payment));
        }
        return payment;
    }

    private static Money shortfall(Rejection insufficient, Money amount) {
        if (insufficient.facts().get("shortfall") instanceof Number n && n.longValue() > 0) {
            return Money.krw(n.longValue());
        }
        return amount;
    }

    Payment cancel(MerchantId merchant, PaymentId id) {
        Payment before = payments.payment(id).orElse(null);
        Payment cancelled = payments.cancel(merchant, id);
        if (before != null && before.cancelledAt() == null) {
            feed.publish(merchant, "cancellation", PaymentJson.forMerchant(cancelled));
        }
        return cancelled;
    }
}
