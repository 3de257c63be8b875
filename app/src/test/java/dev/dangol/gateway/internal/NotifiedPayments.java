package dev.dangol.gateway.internal;

import dev.dangol.gateway.PaymentNotified;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.event.EventListener;

/** Collects every {@link PaymentNotified} the application publishes: {@code @Import(NotifiedPayments.class)}. */
@TestConfiguration(proxyBeanMethods = false)
class NotifiedPayments {

    private final List<PaymentNotified> received = new CopyOnWriteArrayList<>();

    @EventListener
    void on(PaymentNotified notified) {
        received.add(notified);
    }

    List<PaymentNotified> of(String idempotencyKey) {
        return received.stream()
                .filter(n -> n.result().idempotencyKey().equals(idempotencyKey))
                .toList();
    }

    /** Waits, at most {@code atMost}, until {@code count} events about the key have arrived; returns them. */
    List<PaymentNotified> await(String idempotencyKey, int count, Duration atMost) throws InterruptedException {
        long deadline = System.nanoTime() + atMost.toNanos();
        while (of(idempotencyKey).size() < count && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return of(idempotencyKey);
    }
}
