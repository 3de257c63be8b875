package dev.dangol.sale.internal;

import dev.dangol.sale.Checkout;
import dev.dangol.sale.CheckoutId;
import dev.dangol.sale.CheckoutStatus;
import dev.dangol.wallet.PurchaseId;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;

/** Checkouts in memory: for tests and simulations that run without a database. */
final class InMemoryCheckoutRecords implements CheckoutRecords {

    private final ConcurrentHashMap<CheckoutId, Checkout> byId = new ConcurrentHashMap<>();

    @Override
    public Optional<Checkout> find(CheckoutId id) {
        return Optional.ofNullable(byId.get(id));
    }

    @Override
    public boolean insert(Checkout checkout) {
        return byId.putIfAbsent(checkout.id(), checkout) == null;
    }

    @Override
    public Optional<Checkout> transition(
            CheckoutId id,
            Set<CheckoutStatus> from,
            CheckoutStatus to,
            String reason,
            PurchaseId purchase,
            Instant at) {
        AtomicReference<Checkout> moved = new AtomicReference<>();
        byId.computeIfPresent(id, (key, current) -> {
            if (!from.contains(current.status())) {
                return current;
            }
            Checkout next = current.with(to, reason, purchase == null ? current.purchase() : purchase, at);
            moved.set(next);
            return next;
        });
        return Optional.ofNullable(moved.get());
    }

    @Override
    public List<Checkout> unresolved(Instant before, int limit) {
        return byId.values().stream()
                .filter(c -> !c.status().isFinal() && c.updatedAt().isBefore(before))
                .sorted(Comparator.comparing(Checkout::updatedAt))
                .limit(limit)
                .toList();
    }
}
