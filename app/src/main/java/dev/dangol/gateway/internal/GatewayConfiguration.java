package dev.dangol.gateway.internal;

import dev.dangol.gateway.GatewayCaptures;
import dev.dangol.gateway.PaymentNotified;
import dev.dangol.gateway.PaymentResult;
import dev.dangol.gateway.PaymentStatus;
import dev.dangol.sandbox.Behaviour;
import dev.dangol.sandbox.LatencyProfile;
import dev.dangol.sandbox.RealTimeScheduler;
import dev.dangol.sandbox.SandboxGateway;
import dev.dangol.sandbox.SimulatedTime;
import dev.dangol.sandbox.Sleeper;
import dev.dangol.sandbox.TimeoutAnswer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;
import tools.jackson.databind.json.JsonMapper;

/**
 * Wires the payment gateway of the configured mode ({@code dangol.gateway.mode}): the sandbox in process (the
 * embedded default) or a gateway over HTTP. Either way the rest of Dangol gets one observed {@code PaymentGateway},
 * the {@code GatewayHealth} of its recent calls, and {@code GatewayCaptures} for end-of-run checks.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(GatewayConfiguration.GatewayProperties.class)
class GatewayConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(GatewayConfiguration.class);

    enum Mode {
        /** The sandbox gateway inside Dangol's own process, with no HTTP: the embedded default. */
        IN_PROCESS,
        /** A gateway over HTTP at {@code dangol.gateway.url}: the sandbox server, or a real gateway's API. */
        HTTP
    }

    /**
     * @param mode {@code in-process} (default) or {@code http}
     * @param url the gateway's address in http mode, such as {@code http://127.0.0.1:8090}
     * @param connectTimeout how long to wait for a connection (1 s by default)
     * @param requestTimeout how long to wait for an answer (3 s by default); also the in-process client's timeout
     * @param webhookSecret the secret webhooks are signed with; without it every webhook is refused
     * @param webhookUrl the URL of this server's webhook endpoint as the gateway reaches it, sent with every charge
     *     in http mode; without it the gateway uses its own setting
     * @param webhookTolerance how far a webhook's signing time may lie from Dangol's clock (5 min by default)
     * @param health the sliding window of {@code GatewayHealth}
     * @param sandbox the in-process sandbox's behaviour
     */
    @ConfigurationProperties("dangol.gateway")
    record GatewayProperties(
            Mode mode,
            URI url,
            Duration connectTimeout,
            Duration requestTimeout,
            String webhookSecret,
            String webhookUrl,
            Duration webhookTolerance,
            Health health,
            Sandbox sandbox) {

        Duration connectTimeoutOrDefault() {
            return connectTimeout == null ? Duration.ofSeconds(1) : connectTimeout;
        }

        Duration requestTimeoutOrDefault() {
            return requestTimeout == null ? Duration.ofSeconds(3) : requestTimeout;
        }

        Duration webhookToleranceOrDefault() {
            return webhookTolerance == null ? Duration.ofMinutes(5) : webhookTolerance;
        }

        Health healthOrDefault() {
            return health == null ? new Health(null, null, null, null, null) : health;
        }

        Sandbox sandboxOrDefault() {
            return sandbox == null
                    ? new Sandbox(null, null, null, null, null, null, null, null, null, null, null)
                    : sandbox;
        }
    }

    /**
     * @param window how far back the health looks (30 s by default)
     * @param callsMax the most recent calls it keeps (1,000 by default)
     * @param probeInterval while the recent calls fail above {@code probeErrorRate} and none has ended for this long,
     *     the gateway is asked about an unused key, so that its health stays current when admission has stopped (1 s
     *     by default; 0 turns probing off): see {@link HealthProbe}
     * @param probeErrorRate the error rate, in basis points, above which a quiet gateway is probed (500 = 5 % by
     *     default, the rate at which admission starts to slow)
     * @param recoverCalls the failures in a row that mark the gateway down and the successes in a row after them that
     *     mark it back, when the calls before the successes are forgotten so that admission resumes at once and at its
     *     full in-flight cap (10 by default; 0 keeps every call until it leaves the window): see {@link RecentCalls}
     */
    record Health(
            Duration window, Integer callsMax, Duration probeInterval, Integer probeErrorRate, Integer recoverCalls) {

        RecentCalls recentCalls(Clock clock) {
            return new RecentCalls(
                    clock,
                    window == null ? Duration.ofSeconds(30) : window,
                    callsMax == null ? 1_000 : callsMax,
                    recoverCalls == null ? 10 : recoverCalls);
        }

        Duration probeIntervalOrDefault() {
            return probeInterval == null ? Duration.ofSeconds(1) : probeInterval;
        }

        int probeErrorRateOrDefault() {
            return probeErrorRate == null ? 500 : probeErrorRate;
        }
    }

    /**
     * The in-process sandbox's behaviour: realistic but fast by default (20 to 80 ms, nothing failing).
     *
     * @param latency min, p50, p90, p99 and max, such as {@code 20ms,35ms,60ms,75ms,80ms}, or one value
     * @param timeoutDelay how long a timed-out call takes to answer; past the request timeout it is unknown
     * @param seed the random source's seed: the same seed and calls give the same outcomes
     * @param keysMax idempotency keys the sandbox remembers at most
     */
    record Sandbox(
            List<Duration> latency,
            Integer declineBasisPoints,
            Integer errorBasisPoints,
            Integer timeoutBasisPoints,
            Duration timeoutDelay,
            TimeoutAnswer timeoutAnswer,
            Integer duplicateWebhookBasisPoints,
            Integer lateWebhookBasisPoints,
            Duration lateWebhookDelay,
            Long seed,
            Integer keysMax) {

        static final LatencyProfile DEFAULT_LATENCY = LatencyProfile.ofMillis(20, 35, 60, 75, 80);

        Behaviour behaviour() {
            Behaviour healthy = Behaviour.HEALTHY;
            return healthy.withLatency(latencyProfile())
                    .withDeclineBasisPoints(or(declineBasisPoints, 0))
                    .withErrorBasisPoints(or(errorBasisPoints, 0))
                    .withTimeoutBasisPoints(or(timeoutBasisPoints, 0))
                    .withTimeout(
                            timeoutDelay == null ? healthy.timeoutDelay() : timeoutDelay,
                            timeoutAnswer == null ? healthy.timeoutAnswer() : timeoutAnswer)
                    .withDuplicateWebhookBasisPoints(or(duplicateWebhookBasisPoints, 0))
                    .withLateWebhooks(
                            or(lateWebhookBasisPoints, 0),
                            lateWebhookDelay == null ? healthy.lateWebhookDelay() : lateWebhookDelay);
        }

        private LatencyProfile latencyProfile() {
            if (latency == null || latency.isEmpty()) {
                return DEFAULT_LATENCY;
            }
            if (latency.size() == 1) {
                return LatencyProfile.fixed(latency.getFirst());
            }
            if (latency.size() != 5) {
                throw new IllegalArgumentException("dangol.gateway.sandbox.latency is one duration or five (min, p50,"
                        + " p90, p99, max), was " + latency);
            }
            return new LatencyProfile(latency.get(0), latency.get(1), latency.get(2), latency.get(3), latency.get(4));
        }

        SandboxGateway.Limits limits() {
            return new SandboxGateway.Limits(
                    or(keysMax, SandboxGateway.Limits.DEFAULT.keysMax()),
                    SandboxGateway.Limits.DEFAULT.pendingWebhooksMax());
        }

        private static int or(Integer value, int fallback) {
            return value == null ? fallback : value;
        }
    }

    static Mode mode(ConditionContext context) {
        return Binder.get(context.getEnvironment())
                .bind("dangol.gateway.mode", Mode.class)
                .orElse(Mode.IN_PROCESS);
    }

    static final class InProcessMode implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return mode(context) == Mode.IN_PROCESS;
        }
    }

    static final class HttpMode implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return mode(context) == Mode.HTTP;
        }
    }

    @Bean
    RecentCalls gatewayHealth(GatewayProperties properties, Clock clock, MeterRegistry meters) {
        RecentCalls health = properties.healthOrDefault().recentCalls(clock);
        Gauge.builder("dangol.gateway.health.error.rate", health, RecentCalls::errorRateBasisPoints)
                .description("Share of recent gateway calls that came back unknown, in basis points")
                .register(meters);
        Gauge.builder(
                        "dangol.gateway.health.latency.p90",
                        health,
                        h -> h.latencyP90().toNanos())
                .baseUnit("nanoseconds")
                .description("90th-percentile latency of recent gateway calls")
                .register(meters);
        FunctionCounter.builder("dangol.gateway.health.recoveries", health, RecentCalls::recoveries)
                .description("Times the gateway answered again after being down, and its earlier calls were forgotten")
                .register(meters);
        return health;
    }

    @Bean
    ObservedPaymentGateway paymentGateway(
            GatewayConnection connection, Clock clock, RecentCalls gatewayHealth, MeterRegistry meters) {
        return new ObservedPaymentGateway(connection.gateway(), clock, gatewayHealth, new GatewayMetrics(meters));
    }

    /**
     * The probe that keeps a failing gateway's health current while admission has stopped; off when {@code
     * dangol.gateway.health.probe-interval} is 0, and under a test's {@link SimulatedTime}, whose clock does not run
     * by itself.
     */
    @Bean(destroyMethod = "close")
    HealthProbe gatewayHealthProbe(
            GatewayProperties properties,
            ObservedPaymentGateway paymentGateway,
            RecentCalls gatewayHealth,
            ObjectProvider<SimulatedTime> simulated,
            MeterRegistry meters) {
        Health health = properties.healthOrDefault();
        Duration interval = health.probeIntervalOrDefault();
        if (interval.isNegative()) {
            throw new IllegalStateException(
                    "dangol.gateway.health.probe-interval must be 0 (no probing) or positive, was " + interval);
        }
        boolean on = interval.isPositive() && simulated.getIfAvailable() == null;
        HealthProbe probe = new HealthProbe(
                paymentGateway,
                gatewayHealth,
                on ? interval : Duration.ofSeconds(1),
                health.probeErrorRateOrDefault(),
                new GatewayMetrics(meters));
        if (on) {
            probe.start();
        }
        return probe;
    }

    @Bean
    GatewayCaptures gatewayCaptures(GatewayConnection connection) {
        return connection.captures();
    }

    /** The sandbox in process, with its behaviour from {@code dangol.gateway.sandbox.*}. */
    @Configuration(proxyBeanMethods = false)
    @Conditional(InProcessMode.class)
    static class InProcessGateway {

        @Bean(destroyMethod = "close")
        RealTimeScheduler sandboxScheduler() {
            return new RealTimeScheduler();
        }

        /**
         * The sandbox core, as a bean so that tests can change its behaviour at run time. A {@link SimulatedTime}
         * bean, if a test defines one, replaces real sleeping and scheduling.
         */
        @Bean
        SandboxGateway sandboxGateway(
                GatewayProperties properties,
                Clock clock,
                RealTimeScheduler sandboxScheduler,
                ObjectProvider<SimulatedTime> simulated,
                ApplicationEventPublisher publisher) {
            Sandbox settings = properties.sandboxOrDefault();
            SimulatedTime time = simulated.getIfAvailable();
            return new SandboxGateway(
                    clock,
                    new SplittableRandom(settings.seed() == null ? 2026 : settings.seed()),
                    time == null ? sandboxScheduler : time,
                    webhook -> {
                        PaymentResult result = SandboxPaymentGateway.result(webhook.payment());
                        try {
                            publisher.publishEvent(new PaymentNotified(result));
                        } catch (RuntimeException e) {
                            LOG.warn("a listener failed on the webhook of payment {}", result.idempotencyKey(), e);
                        }
                    },
                    settings.limits(),
                    settings.behaviour());
        }

        @Bean
        GatewayConnection gatewayConnection(
                SandboxGateway sandboxGateway, GatewayProperties properties, ObjectProvider<SimulatedTime> simulated) {
            SimulatedTime time = simulated.getIfAvailable();
            SandboxPaymentGateway gateway = new SandboxPaymentGateway(
                    sandboxGateway, time == null ? Sleeper.REAL : time, properties.requestTimeoutOrDefault());
            return new GatewayConnection(gateway, new SandboxCaptures(sandboxGateway), () -> {});
        }
    }

    /** A gateway over HTTP at {@code dangol.gateway.url}. */
    @Configuration(proxyBeanMethods = false)
    @Conditional(HttpMode.class)
    static class HttpGateway {

        @Bean(destroyMethod = "close")
        GatewayConnection gatewayConnection(GatewayProperties properties) {
            if (properties.url() == null) {
                throw new IllegalStateException("dangol.gateway.mode=http needs dangol.gateway.url, the gateway's"
                        + " address (for the sandbox server: http://127.0.0.1:8090)");
            }
            if (properties.webhookSecret() == null || properties.webhookSecret().isEmpty()) {
                LOG.warn("dangol.gateway.webhook-secret is not set: every webhook will be refused, and payments will be"
                        + " settled by inquiries alone");
            }
            JsonMapper json = JsonMapper.builder().build();
            HttpClient http = HttpPaymentGateway.client(properties.connectTimeoutOrDefault());
            HttpPaymentGateway gateway = new HttpPaymentGateway(
                    properties.url(),
                    http,
                    json,
                    properties.connectTimeoutOrDefault(),
                    properties.requestTimeoutOrDefault(),
                    properties.webhookUrl());
            HttpSandboxCaptures captures =
                    new HttpSandboxCaptures(properties.url(), http, json, Duration.ofSeconds(30));
            return new GatewayConnection(gateway, captures, http::close);
        }
    }

    /** The gateway's calls in Micrometer: one timer per operation and outcome, and counters of causes of failure. */
    static final class GatewayMetrics implements GatewayObserver {

        private final MeterRegistry meters;
        private final Map<Operation, Map<PaymentStatus, Timer>> timers = new EnumMap<>(Operation.class);

        GatewayMetrics(MeterRegistry meters) {
            this.meters = meters;
            for (Operation operation : Operation.values()) {
                Map<PaymentStatus, Timer> byOutcome = new EnumMap<>(PaymentStatus.class);
                for (PaymentStatus status : PaymentStatus.values()) {
                    byOutcome.put(
                            status,
                            Timer.builder("dangol.gateway.requests")
                                    .description("Calls to the payment gateway, by operation and outcome")
                                    .tag("operation", operation.tag())
                                    .tag("outcome", status.name().toLowerCase(Locale.ROOT))
                                    .publishPercentileHistogram()
                                    .register(meters));
                }
                timers.put(operation, byOutcome);
            }
        }

        @Override
        public void called(Operation operation, PaymentResult result, Duration took) {
            timers.get(operation).get(result.status()).record(took.toNanos(), TimeUnit.NANOSECONDS);
            if (result.status() == PaymentStatus.UNKNOWN) {
                String cause =
                        GatewayFailure.of(result).map(GatewayFailure::tag).orElse("other");
                Counter.builder("dangol.gateway.errors")
                        .description("Gateway calls with no answer, by cause")
                        .tag("operation", operation.tag())
                        .tag("cause", cause)
                        .register(meters)
                        .increment();
            }
        }

        @Override
        public void adapterFailed(Operation operation, RuntimeException failure) {
            LOG.error("the gateway adapter failed on {}; the caller got an unknown outcome", operation.tag(), failure);
        }

        @Override
        public void probed(boolean answered) {
            Counter.builder("dangol.gateway.health.probes")
                    .description("Inquiries about an unused key made to learn whether a failing gateway has come back")
                    .tag("outcome", answered ? "answered" : "unanswered")
                    .register(meters)
                    .increment();
        }

        @Override
        public void probeFailed(RuntimeException failure) {
            LOG.warn("the gateway health probe failed", failure);
        }
    }
}
