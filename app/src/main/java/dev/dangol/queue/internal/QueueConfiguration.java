package dev.dangol.queue.internal;

import dev.dangol.gateway.GatewayHealth;
import dev.dangol.identity.Sessions;
import dev.dangol.program.Programs;
import dev.dangol.program.RoundStatus;
import dev.dangol.queue.QueueOverview;
import dev.dangol.queue.WaitingRoom;
import dev.dangol.shared.RoundId;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import tools.jackson.databind.json.JsonMapper;

/**
 * The waiting room's wiring: the store ({@code dangol.queue.store=memory}, the default, or {@code redis} from its own
 * configuration), the ticket keys, the rules, the admission job and the metrics. Every figure is a {@code
 * dangol.queue.*} property; docs/design.md ("Waiting room") lists them.
 */
@Configuration(proxyBeanMethods = false)
class QueueConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(QueueConfiguration.class);

    /** The status poll's fast path, ahead of Spring MVC (see {@link HttpStatusPolls}). */
    @Bean
    FilterRegistrationBean<HttpStatusPolls> queueStatusPolls(WaitingRoom room, Sessions sessions, JsonMapper json) {
        FilterRegistrationBean<HttpStatusPolls> registration =
                new FilterRegistrationBean<>(new HttpStatusPolls(room, sessions, json));
        registration.addUrlPatterns("/api/v1/rounds/*");
        // After Boot's observation filter (so that polls are timed and counted like any request), before the rest.
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 10);
        registration.setName("queueStatusPolls");
        return registration;
    }

    @Bean
    QueueSettings queueSettings(
            @Value("${dangol.queue.hold-time:5m}") Duration holdTime,
            @Value("${dangol.queue.absent-after:90s}") Duration absentAfter,
            @Value("${dangol.queue.grace:10m}") Duration grace,
            @Value("${dangol.queue.max-in-flight:2000}") int maxInFlight,
            @Value("${dangol.queue.batch-max:500}") int batchMax,
            @Value("${dangol.queue.slow-error-rate:500}") int slowErrorRate,
            @Value("${dangol.queue.slow-latency:2s}") Duration slowLatency,
            @Value("${dangol.queue.stop-error-rate:5000}") int stopErrorRate,
            @Value("${dangol.queue.health-calls-min:20}") long healthCallsMin) {
        return new QueueSettings(
                holdTime,
                absentAfter,
                grace,
                maxInFlight,
                batchMax,
                slowErrorRate,
                slowLatency,
                stopErrorRate,
                healthCallsMin);
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(name = "dangol.queue.store", havingValue = "memory", matchIfMissing = true)
    MemoryQueueStore memoryQueueStore(
            @Value("${dangol.queue.directory:./data/queue}") Path directory,
            @Value("${dangol.queue.journal-sync:true}") boolean sync) {
        return new MemoryQueueStore(directory, sync);
    }

    /**
     * The ticket key ring: {@code dangol.queue.ticket-keys} ({@code kid2:secret2,kid1:secret1}, the first signs), or,
     * on the embedded memory store only, a key made once and kept beside the journal. Several nodes sharing a Redis
     * store must share their keys, so the Redis store needs them configured.
     */
    @Bean
    Tickets queueTickets(
            @Value("${dangol.queue.ticket-keys:}") String ring,
            @Value("${dangol.queue.store:memory}") String store,
            @Value("${dangol.queue.directory:./data/queue}") Path directory) {
        if (!ring.isBlank()) {
            return Tickets.parse(ring);
        }
        if (!"memory".equals(store)) {
            throw new IllegalStateException("set dangol.queue.ticket-keys (kid:secret of at least 32 characters,"
                    + " comma-separated, the first one signing): every node sharing a queue must sign with the same"
                    + " keys");
        }
        return Tickets.loadOrCreate(directory, new SecureRandom());
    }

    @Bean
    WaitingRoomRules waitingRoom(
            QueueStore store,
            Programs programs,
            ObjectProvider<GatewayHealth> health,
            Clock clock,
            Tickets tickets,
            QueueSettings settings,
            MeterRegistry meters) {
        QueueMeters events = new QueueMeters(meters, programs);
        WaitingRoomRules rules = new WaitingRoomRules(
                store,
                programs,
                health.getIfAvailable(() -> GatewayHealth.NO_REPORTS),
                clock,
                new SecureRandom(),
                tickets,
                settings,
                events);
        events.watch(rules);
        return rules;
    }

    @Bean
    AdmissionJob admissionJob(
            WaitingRoomRules rules,
            Clock clock,
            @Value("${dangol.queue.admit-interval:200ms}") Duration interval,
            @Value("${dangol.queue.refresh-interval:5s}") Duration refreshInterval,
            @Value("${dangol.queue.warm-up:10m}") Duration warmUp,
            MeterRegistry meters) {
        if (!interval.isPositive()) {
            throw new IllegalStateException("dangol.queue.admit-interval must be positive, was " + interval);
        }
        Timer gaps = Timer.builder("dangol.queue.admission.gap")
                .description("Time from one admission step's start to the next: the admit-interval plus the step, more"
                        + " when the node is too busy to run it on time")
                .register(meters);
        return new AdmissionJob(rules, clock, interval, refreshInterval, warmUp, gaps);
    }

    /**
     * Runs an admission step for every round that has opened, every {@code dangol.queue.admit-interval} (200 ms) on
     * every node: the store makes concurrent steps safe. Every {@code refresh-interval} it first re-reads the rounds
     * (the operator's status, new rounds opening within {@code warm-up}, whose seed commitment is then published).
     *
     * <p>It runs on a platform thread of its own, not as a scheduled task: with virtual threads on, Spring's scheduler
     * runs tasks on virtual threads, which wait behind every request's virtual thread for the same carrier threads. In
     * the opening surge of an HTTP replay on two cores, steps then came seconds late, and as the operator's token
     * bucket holds one second of admissions, admission ran at a third of its rate cap for the first half-minute, the
     * very moment the waiting room exists for. The gaps between steps are measured ({@code
     * dangol.queue.admission.gap}).
     *
     * <p>It is a {@link SmartLifecycle}, as scheduled tasks are: it starts when the context has started, stops before
     * the context's beans are destroyed, and stops while a test's cached context is paused.
     */
    static final class AdmissionJob implements SmartLifecycle {
        private final WaitingRoomRules rules;
        private final Clock clock;
        private final Duration interval;
        private final Duration refreshInterval;
        private final Duration warmUp;
        private final Timer gaps;
        private Instant refreshedAt = Instant.MIN;
        private long lastStepNanos;
        private ScheduledExecutorService thread;

        AdmissionJob(
                WaitingRoomRules rules,
                Clock clock,
                Duration interval,
                Duration refreshInterval,
                Duration warmUp,
                Timer gaps) {
            this.rules = rules;
            this.clock = clock;
            this.interval = interval;
            this.refreshInterval = refreshInterval;
            this.warmUp = warmUp;
            this.gaps = gaps;
        }

        @Override
        public synchronized void start() {
            if (thread != null) {
                return;
            }
            lastStepNanos = 0;
            thread = Executors.newSingleThreadScheduledExecutor(
                    Thread.ofPlatform().name("dangol-admission").daemon().factory());
            long millis = interval.toMillis();
            thread.scheduleWithFixedDelay(this::step, millis, millis, TimeUnit.MILLISECONDS);
        }

        @Override
        public synchronized boolean isRunning() {
            return thread != null;
        }

        @Override
        public synchronized void stop() {
            if (thread == null) {
                return;
            }
            // Not shutdownNow: interrupting a step in the middle of a journal write would close the journal's channel.
            // The step under way ends; no other starts.
            thread.shutdown();
            try {
                if (!thread.awaitTermination(10, TimeUnit.SECONDS)) {
                    LOG.warn("the admission thread did not stop within 10 s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            thread = null;
        }

        /** One scheduled step; a failure is logged and the next step runs as planned. */
        private void step() {
            long started = System.nanoTime();
            if (lastStepNanos != 0) {
                gaps.record(started - lastStepNanos, TimeUnit.NANOSECONDS);
            }
            lastStepNanos = started;
            try {
                admit();
            } catch (RuntimeException e) {
                LOG.warn("an admission step failed; the next one tries again", e);
            }
        }

        void admit() {
            Instant now = clock.instant();
            if (!now.isBefore(refreshedAt.plus(refreshInterval))) {
                refreshedAt = now;
                try {
                    rules.refresh(now, warmUp);
                } catch (RuntimeException e) {
                    LOG.warn(
                            "re-reading the rounds for the waiting room failed; trying again in {}",
                            refreshInterval,
                            e);
                }
            }
            for (RoundId round : rules.roundsOpenBy(now)) {
                try {
                    rules.admit(round, now);
                } catch (RuntimeException e) {
                    LOG.warn("an admission step of round {} failed; the next one tries again", round, e);
                }
            }
        }
    }

    /**
     * The waiting room's metrics, tagged by round, and the sold-out that closes a round. Gauges read the round's
     * overview at most once a second, however many there are.
     */
    static final class QueueMeters implements QueueEvents {
        private static final Duration OVERVIEW_FRESH_FOR = Duration.ofSeconds(1);

        private final MeterRegistry meters;
        private final Programs programs;
        private final Map<RoundId, Cached> overviews = new ConcurrentHashMap<>();
        private final Map<RoundId, DistributionSummary> estimateErrors = new ConcurrentHashMap<>();
        private final Map<RoundId, Counter> admissions = new ConcurrentHashMap<>();
        private volatile WaitingRoom room;

        private record Cached(QueueOverview overview, long atNanos) {}

        QueueMeters(MeterRegistry meters, Programs programs) {
            this.meters = meters;
            this.programs = programs;
        }

        void watch(WaitingRoom room) {
            this.room = room;
        }

        @Override
        public void roundSeen(RoundId round) {
            Tags tags = Tags.of("round", round.value());
            gauge(
                    "dangol.queue.waiting",
                    "People waiting for admission (or in the pre-queue)",
                    round,
                    tags,
                    QueueOverview::waiting);
            gauge("dangol.queue.admitted", "People admitted and not yet paying", round, tags, QueueOverview::admitted);
            gauge("dangol.queue.in.checkout", "People paying", round, tags, QueueOverview::inCheckout);
            gauge("dangol.queue.holds", "Budget holds outstanding", round, tags, QueueOverview::holds);
            gauge(
                    "dangol.queue.held",
                    "Face value held for admitted people, KRW",
                    round,
                    tags,
                    o -> o.held().krw());
            gauge(
                    "dangol.queue.sold",
                    "Face value sold through the waiting room, KRW",
                    round,
                    tags,
                    o -> o.sold().krw());
            gauge(
                    "dangol.queue.pool",
                    "Budget neither sold nor held, KRW",
                    round,
                    tags,
                    o -> o.pool().krw());
            gauge(
                    "dangol.queue.admissions.last.minute",
                    "Admissions in the last minute: the measured rate",
                    round,
                    tags,
                    QueueOverview::admissionsLastMinute);
            gauge(
                    "dangol.queue.rate.cap",
                    "The operator's cap on admissions a second (0 = none)",
                    round,
                    tags,
                    QueueOverview::rateCap);
            gauge(
                    "dangol.queue.paused",
                    "1 while the operator has paused admission",
                    round,
                    tags,
                    o -> o.paused() ? 1 : 0);
            gauge("dangol.queue.sold.out", "1 once the round sold out", round, tags, o -> o.soldOut() ? 1 : 0);
        }

        @Override
        public void admitted(RoundId round, int people) {
            admissions
                    .computeIfAbsent(
                            round,
                            r -> Counter.builder("dangol.queue.admissions")
                                    .description("People admitted with a budget hold")
                                    .tag("round", r.value())
                                    .register(meters))
                    .increment(people);
        }

        @Override
        public void waitEstimateError(RoundId round, long percent) {
            estimateErrors
                    .computeIfAbsent(
                            round,
                            r -> DistributionSummary.builder("dangol.queue.wait.estimate.error")
                                    .description("|actual - estimated| / actual wait of each admitted person, from the"
                                            + " estimate they were first shown")
                                    .baseUnit("percent")
                                    .publishPercentiles(0.5, 0.9)
                                    .tag("round", r.value())
                                    .register(meters))
                    .record(percent);
        }

        @Override
        public void soldOut(RoundId round) {
            LOG.info("round {} sold out: every waiter is told, and the round is closed", round);
            try {
                programs.setStatus(round, RoundStatus.CLOSED);
            } catch (RuntimeException e) {
                // The waiting room has told everyone already; the round stays open for direct purchases, which the
                // ledger refuses for want of budget, until an operator closes it.
                LOG.warn("closing sold-out round {} failed", round, e);
            }
        }

        private void gauge(
                String name, String description, RoundId round, Tags tags, ToLongFunction<QueueOverview> value) {
            Gauge.builder(
                            name,
                            this,
                            self -> self.overview(round).map(value::applyAsLong).orElse(0L))
                    .description(description)
                    .tags(tags)
                    .register(meters);
        }

        private java.util.Optional<QueueOverview> overview(RoundId round) {
            WaitingRoom watched = room;
            if (watched == null) {
                return java.util.Optional.empty();
            }
            long now = System.nanoTime();
            Cached cached = overviews.get(round);
            if (cached == null || now - cached.atNanos() > OVERVIEW_FRESH_FOR.toNanos()) {
                try {
                    cached = new Cached(watched.overview(round), now);
                } catch (RuntimeException e) {
                    return java.util.Optional.ofNullable(cached).map(Cached::overview);
                }
                overviews.put(round, cached);
            }
            return java.util.Optional.of(cached.overview());
        }
    }
}
