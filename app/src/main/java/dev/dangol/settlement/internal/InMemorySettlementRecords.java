package dev.dangol.settlement.internal;

import dev.dangol.shared.MerchantId;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Settlement records in memory, for fast tests. */
class InMemorySettlementRecords implements SettlementRecords {

    private record Key(LocalDate day, String program, String merchant) {}

    private final Map<Key, Payout> payouts = new HashMap<>();
    private final Map<LocalDate, Instant> finished = new ConcurrentHashMap<>();

    @Override
    public synchronized void save(List<Payout> batch) {
        for (Payout p : batch) {
            payouts.put(
                    new Key(p.businessDay(), p.program().value(), p.merchant().value()), p);
        }
    }

    @Override
    public void finished(LocalDate businessDay, Instant at, int count) {
        finished.put(businessDay, at);
    }

    @Override
    public Optional<Instant> finishedAt(LocalDate businessDay) {
        return Optional.ofNullable(finished.get(businessDay));
    }

    @Override
    public synchronized List<Payout> payouts(LocalDate businessDay, int limit) {
        return payouts.values().stream()
                .filter(p -> p.businessDay().equals(businessDay))
                .sorted(Comparator.comparing((Payout p) -> p.program().value())
                        .thenComparing(p -> p.merchant().value()))
                .limit(limit)
                .toList();
    }

    @Override
    public synchronized List<Payout> payoutsOf(MerchantId merchant, LocalDate from, LocalDate to, int limit) {
        return payouts.values().stream()
                .filter(p -> p.merchant().equals(merchant)
                        && !p.businessDay().isBefore(from)
                        && !p.businessDay().isAfter(to))
                .sorted(Comparator.comparing(Payout::businessDay)
                        .thenComparing(p -> p.program().value()))
                .limit(limit)
                .toList();
    }
}
