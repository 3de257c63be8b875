package dev.dangol.wallet.internal;

import dev.dangol.shared.MerchantId;
import dev.dangol.wallet.Payment;
import dev.dangol.wallet.PaymentId;
import dev.dangol.wallet.PaymentStatus;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Payment records in memory, for tests without a database. */
final class InMemoryPaymentRecords implements PaymentRecords {

    private final Map<PaymentId, Payment> payments = new ConcurrentHashMap<>();

    @Override
    public Optional<Payment> find(PaymentId id) {
        return Optional.ofNullable(payments.get(id));
    }

    @Override
    public boolean insert(Payment payment) {
        return payments.putIfAbsent(payment.id(), payment) == null;
    }

    @Override
    public boolean markCancelled(PaymentId id, Instant at) {
        boolean[] moved = {false};
        payments.computeIfPresent(id, (key, p) -> {
            if (p.status() != PaymentStatus.PAID) {
                return p;
            }
            moved[0] = true;
            return p.cancelled(at);
        });
        return moved[0];
    }

    @Override
    public List<Payment> byMerchant(MerchantId merchant, Instant from, Instant to, int limit) {
        return payments.values().stream()
                .filter(p -> p.merchant().equals(merchant)
                        && !p.paidAt().isBefore(from)
                        && p.paidAt().isBefore(to))
                .sorted(Comparator.comparing(Payment::paidAt).thenComparing(p -> p.id().value()))
                .limit(limit)
                .toList();
    }
}
