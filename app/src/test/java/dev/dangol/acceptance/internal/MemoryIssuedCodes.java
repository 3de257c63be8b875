package dev.dangol.acceptance.internal;

import dev.dangol.acceptance.IssuedCode;
import dev.dangol.acceptance.Operator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Issued codes in memory, ordered as the table orders them: (operator, payload). */
final class MemoryIssuedCodes implements IssuedCodeStore {

    private static final Comparator<IssuedCode> ORDER =
            Comparator.comparing(IssuedCode::operator).thenComparing(IssuedCode::payload);

    private final Map<String, IssuedCode> codes = new TreeMap<>();
    private final Map<String, List<IssuedCode>> byPayload = new java.util.HashMap<>();

    private static String key(Operator operator, String payload) {
        return operator.ordinal() + " " + payload;
    }

    @Override
    public synchronized Put put(IssuedCode code, Instant recordedAt) {
        IssuedCode held = codes.get(key(code.operator(), code.payload()));
        if (held == null) {
            codes.put(key(code.operator(), code.payload()), code);
            byPayload.computeIfAbsent(code.payload(), p -> new ArrayList<>()).add(code);
            return Put.ADDED;
        }
        boolean same = held.equals(code)
                || (held.operator() == Operator.DANGOL && held.target().equals(code.target()));
        return same ? Put.UNCHANGED : Put.CONFLICT;
    }

    @Override
    public synchronized List<IssuedCode> byPayload(String payload) {
        return List.copyOf(byPayload.getOrDefault(payload, List.of()));
    }

    @Override
    public synchronized IssuedCode held(Operator operator, String payload) {
        return codes.get(key(operator, payload));
    }

    @Override
    public synchronized List<IssuedCode> page(IssuedCode after, int limit) {
        List<IssuedCode> page = new ArrayList<>();
        for (IssuedCode code : codes.values().stream().sorted(ORDER).toList()) {
            if (after == null || ORDER.compare(code, after) > 0) {
                page.add(code);
                if (page.size() == limit) {
                    break;
                }
            }
        }
        return page;
    }

    @Override
    public synchronized List<String> sharedPayloads(int limit) {
        return shared().stream().limit(limit).toList();
    }

    @Override
    public synchronized int sharedPayloadCount() {
        return shared().size();
    }

    private List<String> shared() {
        Map<String, Integer> counts = new TreeMap<>();
        codes.values().forEach(c -> counts.merge(c.payload(), 1, Integer::sum));
        return counts.entrySet().stream()
                .filter(e -> e.getValue() > 1)
                .map(Map.Entry::getKey)
                .toList();
    }

    synchronized int size() {
        return codes.size();
    }
}
