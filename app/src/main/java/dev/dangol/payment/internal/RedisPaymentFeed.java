package dev.dangol.payment.internal;

import dev.dangol.shared.MerchantId;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisChannelHandler;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisConnectionStateListener;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The merchants' live feed across server nodes, through one Redis pub/sub channel per deployment ({@code
 * <prefix>payment-feed}). An event made on this node goes to this node's screens at once (so the feed works while
 * Redis is down) and is published for the other nodes; every node hands the events it receives to its own screens,
 * skipping its own, which it delivered already, so a screen never gets one event twice.
 *
 * <p>Publishing never waits: a payment does not slow down or fail because Redis is slow or gone; a lost publication is
 * counted and logged. The subscription is made in the background and, once made, Lettuce reconnects and subscribes
 * again by itself whenever the connection drops; each drop is logged and counted. Events published while this node
 * was cut off are not replayed (pub/sub keeps nothing), so whenever the subscription is made this node closes its
 * open screens: each page reconnects, and on its {@code hello} it reloads the day list, which holds what was missed.
 */
final class RedisPaymentFeed implements PaymentFeed, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RedisPaymentFeed.class);

    static final String CHANNEL = "payment-feed";

    /** A relayed event is one payment's JSON: a message larger than this is not ours, and is dropped. */
    static final int MESSAGE_BYTES_MAX = 64 * 1024;

    private static final Duration RETRY_FIRST = Duration.ofMillis(500);
    private static final Duration RETRY_MAX = Duration.ofSeconds(10);
    private static final Duration LOG_EVERY = Duration.ofSeconds(10);

    private final PaymentFeed local;
    private final Runnable closeLocalScreens;
    private final JsonMapper json;
    private final String channel;
    private final String node = UUID.randomUUID().toString();
    private final RedisClient client;

    private final Counter publishFailures;
    private final Counter receiveFailures;
    private final Counter connectFailures;
    private final Counter disconnects;
    private final Counter relayed;

    private volatile StatefulRedisConnection<String, String> publisher;
    private volatile StatefulRedisPubSubConnection<String, String> subscriber;
    private volatile boolean closed;
    private final AtomicBoolean connected = new AtomicBoolean();
    private final AtomicLong loggedAtNanos = new AtomicLong(System.nanoTime() - LOG_EVERY.toNanos());
    private final AtomicLong unlogged = new AtomicLong();
    private final Thread connector;

    /**
     * @param local the screens on this node
     * @param closeLocalScreens ends the screens on this node, so that their pages reconnect and reload
     * @param url e.g. {@code redis://127.0.0.1:6379/0}
     * @param prefix the deployment's key prefix; the channel is the prefix and {@value #CHANNEL}
     */
    RedisPaymentFeed(
            PaymentFeed local,
            Runnable closeLocalScreens,
            JsonMapper json,
            String url,
            String prefix,
            Duration timeout,
            MeterRegistry meters) {
        this.local = Objects.requireNonNull(local, "local");
        this.closeLocalScreens = Objects.requireNonNull(closeLocalScreens, "closeLocalScreens");
        this.json = Objects.requireNonNull(json, "json");
        this.channel = Objects.requireNonNull(prefix, "prefix") + CHANNEL;
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the Redis timeout must be positive");
        }
        RedisURI uri = RedisURI.create(url);
        uri.setTimeout(timeout);
        // Named, so that an operator (or a test) finds this node's connections in CLIENT LIST.
        uri.setClientName(clientName());
        client = RedisClient.create(uri);
        client.setOptions(ClientOptions.builder()
                // While disconnected, refuse a publication at once instead of queueing it behind the reconnect.
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .requestQueueSize(10_000)
                .timeoutOptions(TimeoutOptions.enabled(timeout))
                .socketOptions(SocketOptions.builder()
                        .connectTimeout(timeout)
                        .keepAlive(true)
                        .build())
                .build());
        client.addListener(new RedisConnectionStateListener() {
            @Override
            public void onRedisDisconnected(RedisChannelHandler<?, ?> connection) {
                if (connection == subscriber && !closed && connected.compareAndSet(true, false)) {
                    disconnects.increment();
                    LOG.warn("payment feed: lost the Redis subscription on {}; reconnecting", channel);
                }
            }
        });
        publishFailures = Counter.builder("dangol.payment.feed.relay.failures")
                .description("Payment feed events this node could not publish to the other nodes through Redis")
                .tag("step", "publish")
                .register(meters);
        receiveFailures = Counter.builder("dangol.payment.feed.relay.failures")
                .description("Payment feed messages from Redis this node could not read")
                .tag("step", "receive")
                .register(meters);
        connectFailures = Counter.builder("dangol.payment.feed.relay.failures")
                .description("Attempts of this node to connect to Redis for the payment feed that failed")
                .tag("step", "connect")
                .register(meters);
        disconnects = Counter.builder("dangol.payment.feed.relay.disconnects")
                .description("Times this node's Redis subscription of the payment feed dropped")
                .register(meters);
        relayed = Counter.builder("dangol.payment.feed.relay.received")
                .description("Payment feed events received from other nodes and handed to this node's screens")
                .register(meters);
        Gauge.builder("dangol.payment.feed.relay.connected", this, feed -> feed.relaying() ? 1 : 0)
                .description("1 while this node is subscribed to the payment feed in Redis and can publish to it")
                .register(meters);
        connector = Thread.ofVirtual().name("payment-feed-connect").start(this::connect);
    }

    @Override
    public void publish(MerchantId merchant, String name, Object data) {
        local.publish(merchant, name, data);
        StatefulRedisConnection<String, String> connection = publisher;
        if (connection == null) {
            publishFailed("not connected to Redis yet", null);
            return;
        }
        String message;
        try {
            ObjectNode envelope = json.createObjectNode();
            envelope.put("node", node);
            envelope.put("merchant", merchant.value());
            envelope.put("name", name);
            envelope.set("data", json.valueToTree(data));
            message = json.writeValueAsString(envelope);
        } catch (RuntimeException e) {
            publishFailed("could not write the event", e);
            return;
        }
        try {
            connection.async().publish(channel, message).whenComplete((receivers, failure) -> {
                if (failure != null) {
                    publishFailed("Redis refused or did not answer", failure);
                }
            });
        } catch (RuntimeException e) {
            publishFailed("Redis refused", e);
        }
    }

    /** The name this node's connections give Redis. */
    String clientName() {
        return "dangol-payment-feed-" + node;
    }

    /** Whether this node is subscribed to the other nodes' events now and has its connection to publish its own. */
    boolean relaying() {
        StatefulRedisConnection<String, String> connection = publisher;
        return connected.get() && connection != null && connection.isOpen();
    }

    /** Makes both connections, trying again with growing pauses until it works or the node stops. */
    private void connect() {
        Duration pause = RETRY_FIRST;
        while (!closed) {
            try {
                if (subscriber == null) {
                    StatefulRedisPubSubConnection<String, String> connection = client.connectPubSub();
                    connection.addListener(new Listener());
                    subscriber = connection;
                    connection.sync().subscribe(channel);
                }
                if (publisher == null) {
                    publisher = client.connect();
                }
                return;
            } catch (RuntimeException e) {
                LOG.warn("payment feed: cannot connect to Redis for {} ({}); trying again in {}", channel, e, pause);
                connectFailures.increment();
                StatefulRedisPubSubConnection<String, String> half = subscriber;
                if (half != null && !connected.get()) {
                    subscriber = null;
                    half.closeAsync();
                }
                try {
                    TimeUnit.NANOSECONDS.sleep(pause.toNanos());
                } catch (InterruptedException stopped) {
                    Thread.currentThread().interrupt();
                    return;
                }
                pause = pause.multipliedBy(2).compareTo(RETRY_MAX) > 0 ? RETRY_MAX : pause.multipliedBy(2);
            }
        }
    }

    private final class Listener extends RedisPubSubAdapter<String, String> {

        @Override
        public void subscribed(String subscribedChannel, long count) {
            if (!channel.equals(subscribedChannel)) {
                return;
            }
            connected.set(true);
            // Screens opened before this moment may have missed other nodes' events (none are open at a normal
            // start, when this is the first subscription).
            LOG.info("payment feed: subscribed to {}; screens open on this node reconnect and reload", channel);
            closeLocalScreens.run();
        }

        @Override
        public void message(String fromChannel, String message) {
            if (!channel.equals(fromChannel)) {
                return;
            }
            if (message.length() > MESSAGE_BYTES_MAX) {
                receiveFailed("a message of " + message.length() + " characters", null);
                return;
            }
            try {
                JsonNode envelope = json.readTree(message);
                if (node.equals(envelope.path("node").asString(""))) {
                    return;
                }
                String name = envelope.path("name").asString("");
                if (!name.equals("payment") && !name.equals("cancellation")) {
                    receiveFailed("an event named '" + name + "'", null);
                    return;
                }
                MerchantId merchant = MerchantId.of(envelope.path("merchant").asString(""));
                local.publish(merchant, name, envelope.path("data"));
                relayed.increment();
            } catch (RuntimeException e) {
                receiveFailed("a message that is not an event", e);
            }
        }
    }

    private void publishFailed(String why, Throwable failure) {
        publishFailures.increment();
        logRarely("payment feed: an event was shown on this node only: " + why, failure);
    }

    private void receiveFailed(String what, Throwable failure) {
        receiveFailures.increment();
        logRarely("payment feed: dropped " + what + " from " + channel, failure);
    }

    /** Logs at most once every ten seconds, with the number of failures not logged since. */
    private void logRarely(String message, Throwable failure) {
        long now = System.nanoTime();
        long last = loggedAtNanos.get();
        if (now - last < LOG_EVERY.toNanos() || !loggedAtNanos.compareAndSet(last, now)) {
            unlogged.incrementAndGet();
            return;
        }
        long skipped = unlogged.getAndSet(0);
        LOG.warn("{} ({} more not logged since): {}", message, skipped, failure == null ? "-" : failure.toString());
    }

    @Override
    public void close() {
        closed = true;
        connector.interrupt();
        StatefulRedisPubSubConnection<String, String> s = subscriber;
        if (s != null) {
            s.close();
        }
        StatefulRedisConnection<String, String> p = publisher;
        if (p != null) {
            p.close();
        }
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
    }
}
