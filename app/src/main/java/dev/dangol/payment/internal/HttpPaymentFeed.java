package dev.dangol.payment.internal;

import dev.dangol.shared.MerchantId;
import dev.dangol.shared.Rejection;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Merchants' live feeds of payments and cancellations, as server-sent events.
 *
 * <p>Everything is bounded: subscribers per merchant and in all, and each subscriber's queue of events not yet sent.
 * A payment only puts its event on the queues, so a slow connection never slows a payment; a subscriber whose queue
 * is full is closed, and its page reconnects and reloads the day list. A heartbeat comment keeps proxies from closing
 * quiet connections.
 *
 * <p>This class reaches the screens open on this node only; with Redis, {@link RedisPaymentFeed} relays every node's
 * events to every other node, which hands them to this class.
 */
final class HttpPaymentFeed implements PaymentFeed {

    static final int QUEUE_MAX = 64;
    static final long EMITTER_TIMEOUT_MILLIS = 30 * 60 * 1000L;

    /** An event to send: its SSE name and its JSON data; a null name is a heartbeat comment. */
    record Event(String name, Object data) {}

    private final int perMerchantMax;
    private final int totalMax;
    private final AtomicInteger total = new AtomicInteger();
    private final Map<MerchantId, List<Subscriber>> subscribers = new ConcurrentHashMap<>();

    HttpPaymentFeed(int perMerchantMax, int totalMax) {
        if (perMerchantMax < 1 || totalMax < perMerchantMax) {
            throw new IllegalArgumentException("feed bounds must be positive, the total at least the per-merchant one");
        }
        this.perMerchantMax = perMerchantMax;
        this.totalMax = totalMax;
    }

    private final class Subscriber {
        final MerchantId merchant;
        final SseEmitter emitter;
        final BlockingQueue<Event> queue = new ArrayBlockingQueue<>(QUEUE_MAX);
        volatile boolean closed;

        Subscriber(MerchantId merchant, SseEmitter emitter) {
            this.merchant = merchant;
            this.emitter = emitter;
        }

        void offer(Event event) {
            if (!closed && !queue.offer(event)) {
                close();
            }
        }

        void drain() {
            try {
                while (!closed) {
                    Event event = queue.poll(1, TimeUnit.SECONDS);
                    if (event == null) {
                        continue;
                    }
                    if (event.name() == null) {
                        emitter.send(SseEmitter.event().comment("heartbeat"));
                    } else {
                        emitter.send(SseEmitter.event().name(event.name()).data(event.data()));
                    }
                }
            } catch (IOException | IllegalStateException gone) {
                // The client went away; forget it.
            } catch (InterruptedException stopped) {
                Thread.currentThread().interrupt();
            } finally {
                close();
            }
        }

        void close() {
            if (closed) {
                return;
            }
            closed = true;
            List<Subscriber> list = subscribers.get(merchant);
            if (list != null && list.remove(this)) {
                total.decrementAndGet();
            }
            try {
                emitter.complete();
            } catch (IllegalStateException alreadyDone) {
                // Completed by the container already.
            }
        }
    }

    SseEmitter subscribe(MerchantId merchant, Object hello) {
        List<Subscriber> list = subscribers.computeIfAbsent(merchant, m -> new CopyOnWriteArrayList<>());
        if (list.size() >= perMerchantMax) {
            throw Rejection.unavailable(
                    "TOO_MANY_FEEDS",
                    "This merchant already has " + perMerchantMax + " live screens open; close one and reload.");
        }
        if (total.incrementAndGet() > totalMax) {
            total.decrementAndGet();
            throw Rejection.unavailable(
                    "FEEDS_BUSY", "Too many live screens are open on this server; reload in a minute.");
        }
        SseEmitter emitter = new SseEmitter(EMITTER_TIMEOUT_MILLIS);
        Subscriber subscriber = new Subscriber(merchant, emitter);
        list.add(subscriber);
        emitter.onCompletion(subscriber::close);
        emitter.onTimeout(subscriber::close);
        emitter.onError(e -> subscriber.close());
        subscriber.offer(new Event("hello", hello));
        Thread.startVirtualThread(subscriber::drain);
        return emitter;
    }

    @Override
    public void publish(MerchantId merchant, String name, Object data) {
        List<Subscriber> list = subscribers.get(merchant);
        if (list != null) {
            Event event = new Event(name, data);
            for (Subscriber subscriber : list) {
                subscriber.offer(event);
            }
        }
    }

    void heartbeat() {
        Event beat = new Event(null, null);
        for (List<Subscriber> list : subscribers.values()) {
            for (Subscriber subscriber : list) {
                subscriber.offer(beat);
            }
        }
    }

    /** Ends every feed, so that a server shutting down does not wait for open connections. */
    void closeAll() {
        for (List<Subscriber> list : subscribers.values()) {
            for (Subscriber subscriber : list) {
                subscriber.close();
            }
        }
    }

    int subscribers() {
        return total.get();
    }
}
