package dev.dangol.payment.internal;

import dev.dangol.wallet.Payment;
import dev.dangol.wallet.PaymentStatus;
import java.time.Instant;
import java.util.List;

/**
 * A payment over JSON. The payer sees the lots it came from; the merchant sees neither the payer nor the lots, only
 * what it needs to hand over goods and to cancel.
 */
record PaymentJson(
        String id,
        String merchantId,
        String programId,
        long amount,
        PaymentStatus status,
        Instant paidAt,
        Instant cancelledAt,
        List<LotJson> lots) {

    record LotJson(String lotId, long amount, Instant validUntil) {}

    static PaymentJson forPayer(Payment p) {
        return new PaymentJson(
                p.id().value(),
                p.merchant().value(),
                p.program().value(),
                p.amount().krw(),
                p.status(),
                p.paidAt(),
                p.cancelledAt(),
                p.lots().stream()
                        .map(l -> new LotJson(l.lotId(), l.amount().krw(), l.validUntil()))
                        .toList());
    }

    static PaymentJson forMerchant(Payment p) {
        return new PaymentJson(
                p.id().value(),
                p.merchant().value(),
                p.program().value(),
                p.amount().krw(),
                p.status(),
                p.paidAt(),
                p.cancelledAt(),
                null);
    }
}
