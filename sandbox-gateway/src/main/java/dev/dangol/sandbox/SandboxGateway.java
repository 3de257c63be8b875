package dev.dangol.sandbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.random.RandomGenerator;

/**
 * The sandbox payment gateway's behaviour, with no transport and no real time: a clock, a random source and a
 * scheduler are passed in, so a simulation with a seeded random source and {@link SimulatedTime} replays a whole run
 * exactly.
 *
 * <p>Like a real gateway it is idempotent on the caller's key: a key is charged at most once; the same key with the
 * same charge returns the first outcome; the same key with another charge is a {@link Reply.Conflict}. It fails as
 * real gateways do, as often as its {@link Behaviour} says: 5xx errors with nothing done, timeouts after the charge was
 * applied, outage windows. Every final outcome is sent as a {@link Webhook}, sometimes twice or late.
 *
 * <p>Every call draws the same four numbers from the random source (error, timeout, decline, latency) whatever the
 * settings, and every webhook two (duplicate, late), so that one sequence of calls with one seed always meets the same
 * outcomes. Calls are serialised by one lock: the sandbox is about behaviour, not throughput (it still answers tens of
 * thousands of calls a second).
 *
 * <p>Bounded: it remembers at most {@link Limits#keysMax()} keys (a new key past that fails with a 5xx, nothing
 * charged; keys are never forgotten, so idempotency and the end-of-run figures stay exact), and at most {@link
 * Limits#pendingWebhooksMax()} webhooks wait to be sent (more are dropped and counted).
 */
public final class SandboxGateway {

    /**
     * @param keysMax idempotency keys remembered at most
     * @param pendingWebhooksMax webhooks scheduled and not yet handed over, at most
     */
    public record Limits(int keysMax, int pendingWebhooksMax) {

        public static final Limits DEFAULT = new Limits(1_000_000, 100_000);

        public Limits {
            if (keysMax < 1 || pendingWebhooksMax < 1) {
                throw new IllegalArgumentException("sandbox limits must be positive");
            }
        }
    }

    /** The most payments one page of {@link #payments} holds. */
    public static final int PAGE_MAX = 1_000;

    private static final int BASIS = 10_000;

    private final Clock clock;
    private final RandomGenerator random;
    private final Scheduler scheduler;
    private final WebhookSink sink;
    private final Limits limits;
    private final Object lock = new Object();

    // Everything below is guarded by lock, except the webhook counters that scheduled tasks update.
    private Behaviour behaviour;
    private final Map<String, Payment> byKey = new HashMap<>();
    private final NavigableMap<Long, Payment> bySequence = new TreeMap<>();
    private final Map<String, Integer> liveCapturesByOrder = new HashMap<>();
    private long approvedCount;
    private long approvedKrw;
    private long declinedCount;
    private long cancelledCount;
    private long cancelledKrw;
    private long ordersCapturedTwice;
    private long calls;
    private long replays;
    private long conflicts;
    private long errors;
    private long timeouts;
    private long outageRefusals;
    private long refusedFull;
    private long webhooksScheduled;
    private long webhooksDuplicated;
    private long webhooksLate;
    private long webhooksDropped;
    private final AtomicLong webhooksPending = new AtomicLong();
    private final AtomicLong webhooksHandedOver = new AtomicLong();

    public SandboxGateway(
            Clock clock,
            RandomGenerator random,
            Scheduler scheduler,
            WebhookSink sink,
            Limits limits,
            Behaviour behaviour) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.sink = Objects.requireNonNull(sink, "sink");
        this.limits = Objects.requireNonNull(limits, "limits");
        this.behaviour = Objects.requireNonNull(behaviour, "behaviour");
    }

    /** The numbers one call draws, always all four, so that settings never shift the random stream. */
    private record Draws(int error, int timeout, int decline, Duration latency) {}

    /** Charges the payer, once per key. */
    public Reply charge(ChargeOrder order) {
        Objects.requireNonNull(order, "order");
        synchronized (lock) {
            calls++;
            Instant now = clock.instant();
            Optional<Reply> down = outage(now);
            if (down.isPresent()) {
                return down.get();
            }
            Draws draws = draw();
            String rule = order.tokenRule();
            if (draws.error() < behaviour.errorBasisPoints() || rule.contains("error")) {
                errors++;
                return new Reply.Failed(
                        "GATEWAY_ERROR", "The gateway failed; nothing was charged. Try again.", draws.latency());
            }
            Payment existing = byKey.get(order.idempotencyKey());
            Payment payment;
            if (existing != null) {
                if (!existing.order().sameContentAs(order)) {
                    conflicts++;
                    return new Reply.Conflict(
                            order.idempotencyKey(),
                            "This idempotency key was used for a different charge; nothing was charged.",
                            draws.latency());
                }
                replays++;
                payment = existing;
            } else {
                if (byKey.size() >= limits.keysMax()) {
                    refusedFull++;
                    return new Reply.Failed(
                            "SANDBOX_FULL",
                            "The sandbox remembers at most " + limits.keysMax() + " keys; nothing was charged.",
                            draws.latency());
                }
                payment = decide(order, draws, rule, now);
                remember(payment);
                notify(payment, draws.latency(), now);
            }
            return answer(payment, draws, rule.contains("timeout"));
        }
    }

    /** What the sandbox knows of a key. Read-only, but it can fail and time out like any call. */
    public Reply inquire(String idempotencyKey) {
        ChargeOrder.requireKey(idempotencyKey);
        synchronized (lock) {
            calls++;
            Instant now = clock.instant();
            Optional<Reply> down = outage(now);
            if (down.isPresent()) {
                return down.get();
            }
            Draws draws = draw();
            if (draws.error() < behaviour.errorBasisPoints()) {
                errors++;
                return new Reply.Failed("GATEWAY_ERROR", "The gateway failed. Try again.", draws.latency());
            }
            Payment payment = byKey.get(idempotencyKey);
            if (payment == null) {
                return notFound(idempotencyKey, draws);
            }
            return answer(payment, draws, false);
        }
    }

    /**
     * Cancels an approved payment and gives the money back; cancelling again, or cancelling a declined payment,
     * changes nothing and answers the payment as it is.
     */
    public Reply cancel(String idempotencyKey, String reason) {
        ChargeOrder.requireKey(idempotencyKey);
        ChargeOrder.requireText(reason, "reason");
        synchronized (lock) {
            calls++;
            Instant now = clock.instant();
            Optional<Reply> down = outage(now);
            if (down.isPresent()) {
                return down.get();
            }
            Draws draws = draw();
            if (draws.error() < behaviour.errorBasisPoints()) {
                errors++;
                return new Reply.Failed(
                        "GATEWAY_ERROR", "The gateway failed; nothing was cancelled. Try again.", draws.latency());
            }
            Payment payment = byKey.get(idempotencyKey);
            if (payment == null) {
                return notFound(idempotencyKey, draws);
            }
            if (payment.state() == PaymentState.APPROVED) {
                Payment cancelled = payment.cancelled(reason, now);
                remember(cancelled);
                cancelledCount++;
                cancelledKrw = Math.addExact(cancelledKrw, cancelled.amountKrw());
                releaseCapture(cancelled.order());
                notify(cancelled, draws.latency(), now);
                payment = cancelled;
            } else {
                replays++;
            }
            return answer(payment, draws, false);
        }
    }

    public Behaviour behaviour() {
        synchronized (lock) {
            return behaviour;
        }
    }

    /** Changes the behaviour from the next call on; calls under way keep the behaviour they started with. */
    public void configure(Behaviour next) {
        Objects.requireNonNull(next, "behaviour");
        synchronized (lock) {
            behaviour = next;
        }
    }

    /** Adds an outage window to the behaviour; windows already over are forgotten to make room. */
    public void addOutage(Outage outage) {
        synchronized (lock) {
            behaviour = behaviour.withOutage(outage, clock.instant());
        }
    }

    public Captures captures() {
        synchronized (lock) {
            return new Captures(
                    byKey.size(),
                    approvedCount,
                    approvedKrw,
                    declinedCount,
                    cancelledCount,
                    cancelledKrw,
                    approvedCount - cancelledCount,
                    approvedKrw - cancelledKrw,
                    ordersCapturedTwice);
        }
    }

    public Activity activity() {
        synchronized (lock) {
            return new Activity(
                    calls,
                    replays,
                    conflicts,
                    errors,
                    timeouts,
                    outageRefusals,
                    refusedFull,
                    webhooksScheduled,
                    webhooksDuplicated,
                    webhooksLate,
                    webhooksDropped,
                    webhooksHandedOver.get());
        }
    }

    /** Webhooks scheduled and not yet handed over. */
    public long webhooksPending() {
        return webhooksPending.get();
    }

    /** Every payment in the order the sandbox first saw its key, from after {@code afterSequence}, one page. */
    public List<Payment> payments(long afterSequence, int limit) {
        if (limit < 1 || limit > PAGE_MAX) {
            throw new IllegalArgumentException("a page holds 1 to " + PAGE_MAX + " payments, asked for " + limit);
        }
        synchronized (lock) {
            List<Payment> page = new ArrayList<>(Math.min(limit, bySequence.size()));
            for (Payment payment : bySequence.tailMap(afterSequence, false).values()) {
                if (page.size() == limit) {
                    break;
                }
                page.add(payment);
            }
            return page;
        }
    }

    /** The payment a key names, without any of the behaviour of a call: for checks and the admin page. */
    public Optional<Payment> payment(String idempotencyKey) {
        synchronized (lock) {
            return Optional.ofNullable(byKey.get(idempotencyKey));
        }
    }

    private Optional<Reply> outage(Instant now) {
        Optional<Outage> outage = behaviour.outageAt(now);
        if (outage.isEmpty()) {
            return Optional.empty();
        }
        outageRefusals++;
        return Optional.of(
                new Reply.Unavailable(outage.get().end(), outage.get().refuseConnections()));
    }

    private Draws draw() {
        int error = random.nextInt(BASIS);
        int timeout = random.nextInt(BASIS);
        int decline = random.nextInt(BASIS);
        Duration latency = behaviour.latency().at(random.nextInt(BASIS));
        return new Draws(error, timeout, decline, latency);
    }

    private boolean timedOut(Draws draws) {
        return draws.timeout() < behaviour.timeoutBasisPoints();
    }

    /** A reply that will come after the timeout delay: late, or (when the sandbox never answers) not at all. */
    private Reply late(Reply reply) {
        timeouts++;
        return behaviour.timeoutAnswer() == TimeoutAnswer.NEVER ? new Reply.Silent(behaviour.timeoutDelay()) : reply;
    }

    private Reply notFound(String idempotencyKey, Draws draws) {
        if (timedOut(draws)) {
            return late(new Reply.NotFound(idempotencyKey, behaviour.timeoutDelay()));
        }
        return new Reply.NotFound(idempotencyKey, draws.latency());
    }

    private Reply answer(Payment payment, Draws draws, boolean forceTimeout) {
        if (forceTimeout || timedOut(draws)) {
            return late(new Reply.Answered(payment, behaviour.timeoutDelay()));
        }
        return new Reply.Answered(payment, draws.latency());
    }

    private Payment decide(ChargeOrder order, Draws draws, String rule, Instant now) {
        long sequence = bySequence.isEmpty() ? 1 : bySequence.lastKey() + 1;
        String reference = String.format("sbx-%012d", sequence);
        String declined = null;
        if (rule.contains("decline")) {
            declined = "CARD_DECLINED";
        } else if (rule.contains("insufficient") || draws.decline() < behaviour.declineBasisPoints()) {
            declined = "INSUFFICIENT_FUNDS";
        }
        if (declined != null) {
            declinedCount++;
            return new Payment(sequence, reference, order, PaymentState.DECLINED, declined, now, null);
        }
        approvedCount++;
        approvedKrw = Math.addExact(approvedKrw, order.amountKrw());
        holdCapture(order);
        return new Payment(sequence, reference, order, PaymentState.APPROVED, null, now, null);
    }

    private void remember(Payment payment) {
        byKey.put(payment.idempotencyKey(), payment);
        bySequence.put(payment.sequence(), payment);
    }

    private static String orderOf(ChargeOrder order) {
        return order.payer() + '\u0000' + order.description();
    }

    private void holdCapture(ChargeOrder order) {
        int live = liveCapturesByOrder.merge(orderOf(order), 1, Integer::sum);
        if (live == 2) {
            ordersCapturedTwice++;
        }
    }

    private void releaseCapture(ChargeOrder order) {
        Integer live = liveCapturesByOrder.computeIfPresent(orderOf(order), (k, v) -> v == 1 ? null : v - 1);
        if (live != null && live == 1) {
            ordersCapturedTwice--;
        }
    }

    /**
     * Plans the webhook of a final outcome: after the answer's usual latency (so a timed-out caller often hears of the
     * outcome by webhook first, as with real gateways), later still when it is a late one, and a second time when it
     * is a duplicated one.
     */
    private void notify(Payment payment, Duration latency, Instant now) {
        int duplicate = random.nextInt(BASIS);
        int late = random.nextInt(BASIS);
        String url = payment.order().webhookUrl() != null ? payment.order().webhookUrl() : behaviour.webhookUrl();
        Webhook webhook = new Webhook(
                "evt-" + payment.reference() + "-" + payment.state().name().toLowerCase(Locale.ROOT),
                url,
                payment,
                now);
        Duration delay = latency;
        if (late < behaviour.lateWebhookBasisPoints()) {
            webhooksLate++;
            delay = delay.plus(behaviour.lateWebhookDelay());
        }
        schedule(webhook, delay);
        if (duplicate < behaviour.duplicateWebhookBasisPoints()) {
            webhooksDuplicated++;
            schedule(webhook, delay);
        }
    }

    private void schedule(Webhook webhook, Duration delay) {
        if (webhooksPending.get() >= limits.pendingWebhooksMax()) {
            webhooksDropped++;
            return;
        }
        webhooksPending.incrementAndGet();
        try {
            scheduler.schedule(delay, () -> {
                try {
                    sink.deliver(webhook);
                } finally {
                    webhooksPending.decrementAndGet();
                    webhooksHandedOver.incrementAndGet();
                }
            });
            webhooksScheduled++;
        } catch (RuntimeException e) {
            // A scheduler that is shutting down turns work away; the webhook is lost, as it would be in a crash.
            webhooksPending.decrementAndGet();
            webhooksDropped++;
        }
    }
}
