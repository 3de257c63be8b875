package dev.dangol.queue.internal;

import dev.dangol.shared.PersonId;
import dev.dangol.shared.Rejection;
import dev.dangol.shared.RoundId;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.protocol.ProtocolVersion;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The waiting rooms in Redis, shared by every server node: each operation that reads and then writes is one Lua
 * script (run by its SHA-1, loaded when the connection is made and again whenever Redis answers NOSCRIPT), so that
 * nodes never race. A round's keys share the hash tag {@code {<round>}}, so that a Redis Cluster keeps a round on one
 * slot: {@code <prefix>{<round>}:m} (setup and counters, packed), {@code :x} (hold expiries), {@code :ret} (people who came
 * back), {@code :rate} (admissions a second), {@code :held} (milliseconds a second admission was held by rule, for
 * the last minute), {@code :d} (the draw), {@code :lock} (the opening lock), {@code :p:<b>}
 * (person to slot, in 16,384 buckets small enough for Redis's compact hash encoding) and {@code :w:<chunk>} (the
 * waiters: fixed 61-byte records in strings of 65,536). The scripts are in {@code redis/*.lua} beside this class;
 * docs/design.md ("Waiting room: the Redis store") describes the layout.
 *
 * <p>A Redis that cannot be reached, or that does not answer within the timeout, makes every operation refuse with
 * {@code QUEUE_STORE_UNAVAILABLE} (503): nothing is lost, because a step either ran in Redis as a whole or not at all,
 * and a join whose answer was lost is answered by the next join with the same place.
 */
final class RedisQueueStore implements QueueStore {

    private static final Logger LOG = LoggerFactory.getLogger(RedisQueueStore.class);

    static final String DEFAULT_PREFIX = "dangol:q:";

    /** Person buckets: 2^14, so that a million people in a round make buckets of about 61 (compact listpacks). */
    static final int PERSON_BUCKET_BITS = 14;

    /** The most admissions one script call makes; a larger batch is split into several calls. */
    static final int ADMISSIONS_PER_CALL = 500;

    /** The most lapsed holds one admission call lets go; the rest go at the next step. */
    static final int EXPIRIES_PER_CALL = 1_000;

    /** Places written by one script call of the draw, and records read by one GETRANGE. */
    static final int DRAW_BATCH = 1_000;

    /** Batches of the draw sent before waiting for the oldest answer. */
    static final int PIPELINE_DEPTH = 32;

    static final int RECORD_BYTES = 61;
    static final int RECORDS_PER_CHUNK = 65_536;

    /** The opening lock lives this long unless its holder renews it (every batch of the draw does). */
    static final Duration OPEN_LOCK = Duration.ofSeconds(30);

    /** How long a node waits for another to finish drawing before it answers that the store is unavailable. */
    static final Duration OPEN_WAIT = Duration.ofSeconds(90);

    private static final Duration OPEN_POLL = Duration.ofMillis(20);

    /** After a failed connection attempt, calls fail at once for this long instead of queueing up to reconnect. */
    private static final Duration RECONNECT_PAUSE = Duration.ofSeconds(1);

    private static final Duration LOG_EVERY = Duration.ofSeconds(10);
    private static final String NOT_SET_UP = "DANGOL_NOT_SET_UP";
    private static final RedisCodec<String, byte[]> CODEC = RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE);
    private static final WaiterState[] STATES = WaiterState.values();

    private final RedisClient client;
    private final String prefix;
    private final Duration timeout;
    private final Counter failures;
    /** This node's token for the opening lock: a node that retries an opening it began takes its lock back. */
    private final byte[] token = UUID.randomUUID().toString().getBytes(StandardCharsets.US_ASCII);

    private final ReentrantLock connecting = new ReentrantLock();
    private volatile StatefulRedisConnection<String, byte[]> connection;
    private volatile long connectFailedAtNanos;
    private volatile boolean connectFailed;
    private volatile boolean closed;
    private final AtomicLong loggedAtNanos = new AtomicLong(System.nanoTime() - LOG_EVERY.toNanos());
    private final AtomicLong unlogged = new AtomicLong();

    private final ConcurrentHashMap<RoundId, ReentrantLock> openings = new ConcurrentHashMap<>();

    /**
     * @param url e.g. {@code redis://127.0.0.1:6379/0}
     * @param prefix the start of every key, e.g. {@code dangol:q:}; a test uses a random one of its own
     * @param timeout how long a command may take before the operation is refused as unavailable
     * @param connectTimeout how long connecting may take
     */
    RedisQueueStore(String url, String prefix, Duration timeout, Duration connectTimeout, MeterRegistry meters) {
        Objects.requireNonNull(url, "url");
        this.prefix = Objects.requireNonNull(prefix, "prefix");
        if (prefix.contains("{") || prefix.contains("}")) {
            throw new IllegalArgumentException(
                    "the key prefix must not contain braces: they mark the round's hash tag");
        }
        this.timeout = requirePositive(timeout, "the Redis timeout");
        RedisURI uri = RedisURI.create(url);
        uri.setTimeout(timeout);
        client = RedisClient.create(uri);
        client.setOptions(ClientOptions.builder()
                // RESP2: the replies of the scripts are read as the Lua-to-RESP2 table of the Redis manual says.
                .protocolVersion(ProtocolVersion.RESP2)
                // While disconnected, refuse at once (a 503 the caller can retry) instead of queueing commands.
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .requestQueueSize(100_000)
                .timeoutOptions(TimeoutOptions.enabled(timeout))
                .socketOptions(SocketOptions.builder()
                        .connectTimeout(requirePositive(connectTimeout, "the Redis connect timeout"))
                        .keepAlive(true)
                        .build())
                .build());
        failures = Counter.builder("dangol.queue.store.failures")
                .description("Waiting-room operations refused because Redis could not be reached or did not answer")
                .tag("store", "redis")
                .register(meters);
    }

    // ---- the port

    @Override
    public SetUp setUp(RoundId round, RoundSetup setup, long nowMillis) {
        if (setup.seedHex().contains("\n") || setup.seedCommitmentHex().contains("\n")) {
            throw new IllegalArgumentException("a seed and its commitment are hex digits");
        }
        List<Object> reply = eval(
                RedisQueueScript.SET_UP,
                ScriptOutputType.MULTI,
                round,
                null,
                number(setup.opensAtMillis()),
                number(setup.unitKrw()),
                number(setup.capKrw()),
                number(setup.poolKrw()),
                text(setup.seedHex()),
                text(setup.seedCommitmentHex()));
        RoundSetup stored = new RoundSetup(
                longOf(reply.get(1)),
                longOf(reply.get(2)),
                longOf(reply.get(3)),
                longOf(reply.get(4)),
                textOf(reply.get(5)),
                textOf(reply.get(6)));
        // Never RESTORED: Redis is shared by live nodes, so the pool must not be rebased from the ledger here.
        return new SetUp(stored, longOf(reply.get(0)) == 1 ? Origin.CREATED : Origin.EXISTING);
    }

    @Override
    public Joined join(
            RoundId round, PersonId person, String placeId, long wantedKrw, long nowMillis, long graceMillis) {
        if (!PlaceIds.isValid(placeId)) {
            throw new IllegalArgumentException("not a place id: " + placeId);
        }
        byte[] place = ByteBuffer.allocate(16)
                .putLong(PlaceIds.high(placeId))
                .putLong(PlaceIds.low(placeId))
                .array();
        List<Object> reply = eval(
                RedisQueueScript.JOIN,
                ScriptOutputType.MULTI,
                round,
                person,
                text(person.value()),
                place,
                number(wantedKrw),
                number(nowMillis),
                number(graceMillis));
        byte[] record = (byte[]) reply.get(1);
        Waiter waiter = record.length == 0 ? null : waiter(record);
        return new Joined(longOf(reply.get(0)) == 1, waiter, counters(reply.get(2)));
    }

    @Override
    public Optional<Seen> touch(RoundId round, PersonId person, long nowMillis, long graceMillis) {
        List<Object> reply = eval(
                RedisQueueScript.TOUCH,
                ScriptOutputType.MULTI,
                round,
                person,
                text(person.value()),
                number(nowMillis),
                number(graceMillis));
        if (reply.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Seen(waiter((byte[]) reply.get(0)), counters(reply.get(1))));
    }

    @Override
    public Counters counters(RoundId round, long nowMillis) {
        return counters(eval(RedisQueueScript.COUNTERS, ScriptOutputType.MULTI, round, null, number(nowMillis)));
    }

    @Override
    public void recordEstimate(RoundId round, PersonId person, long estimateSeconds, long nowMillis) {
        eval(
                RedisQueueScript.RECORD_ESTIMATE,
                ScriptOutputType.INTEGER,
                round,
                person,
                text(person.value()),
                number(estimateSeconds),
                number(nowMillis));
    }

    /**
     * Opens the round once across every node: the first to take the opening lock freezes the pre-queue, reads its
     * place ids, orders them here (the draw is SHA-256 work that Lua should not do), writes the order in bounded
     * pipelined batches and then sets the opened flag. The others wait, bounded, until it is open. A node that dies
     * midway leaves a lock that lapses; whoever takes it next redoes the same draw, which gives the same order.
     */
    @Override
    public boolean open(RoundId round, long nowMillis, DrawOrder draw) {
        ReentrantLock local = openings.computeIfAbsent(round, r -> new ReentrantLock());
        long deadline = System.nanoTime() + OPEN_WAIT.toNanos();
        local.lock();
        try {
            while (true) {
                List<Object> begun = eval(
                        RedisQueueScript.OPEN_BEGIN,
                        ScriptOutputType.MULTI,
                        round,
                        null,
                        token,
                        number(OPEN_LOCK.toMillis()));
                long state = longOf(begun.get(0));
                if (state == 0) {
                    return false;
                }
                if (state == 1 && drawAndOpen(round, Math.toIntExact(longOf(begun.get(1))), draw, nowMillis)) {
                    return true;
                }
                if (System.nanoTime() - deadline > 0) {
                    throw unavailable("opening round " + round + " took longer than " + OPEN_WAIT, null);
                }
                pause(OPEN_POLL);
            }
        } finally {
            local.unlock();
        }
    }

    private boolean drawAndOpen(RoundId round, int preQueued, DrawOrder draw, long nowMillis) {
        int[] order = draw.order(readPlaceIds(round, preQueued));
        if (order.length != preQueued) {
            throw new IllegalStateException("the draw must order every pre-queued place");
        }
        boolean[] taken = new boolean[preQueued];
        for (int slot : order) {
            if (slot < 0 || slot >= preQueued || taken[slot]) {
                throw new IllegalStateException("the draw's order is not a permutation of the pre-queue");
            }
            taken[slot] = true;
        }
        String[] keys = keys(round, null);
        ArrayDeque<RedisFuture<Long>> inFlight = new ArrayDeque<>();
        boolean held = true;
        for (int first = 0; first < preQueued; first += DRAW_BATCH) {
            int size = Math.min(DRAW_BATCH, preQueued - first);
            ByteBuffer slots = ByteBuffer.allocate(size * 4);
            for (int i = 0; i < size; i++) {
                slots.putInt(order[first + i]);
            }
            if (inFlight.size() == PIPELINE_DEPTH) {
                held &= await(inFlight.removeFirst()) == 1;
            }
            inFlight.addLast(async(
                    RedisQueueScript.OPEN_BATCH,
                    keys,
                    token,
                    number(OPEN_LOCK.toMillis()),
                    number(first + 1L),
                    slots.array()));
        }
        while (!inFlight.isEmpty()) {
            held &= await(inFlight.removeFirst()) == 1;
        }
        if (!held) {
            LOG.warn("lost the opening lock of round {} while drawing; another node finishes the draw", round);
            return false;
        }
        long opened =
                eval(RedisQueueScript.OPEN_FINISH, ScriptOutputType.INTEGER, round, null, token, number(nowMillis));
        if (opened == 1) {
            LOG.info("round {} opened: {} pre-queued places drawn", round, preQueued);
        }
        return opened == 1;
    }

    @Override
    public PreQueue preQueue(RoundId round) {
        // Read in two steps, which is safe: the pre-queue only grows until it is frozen, and a slot is written in the
        // same script that counts it. The rules keep the drawn pre-queue once it is published.
        Counters counters = counters(round, 0);
        return new PreQueue(readPlaceIds(round, Math.toIntExact(counters.preQueued())), counters.opened());
    }

    /** The place ids of slots 0..count-1 (the pre-queue in join order), read in pipelined ranges. */
    private List<String> readPlaceIds(RoundId round, int count) {
        String base = base(round);
        List<String> ids = new ArrayList<>(count);
        ArrayDeque<RedisFuture<byte[]>> inFlight = new ArrayDeque<>();
        int slot = 0;
        while (slot < count || !inFlight.isEmpty()) {
            if (slot < count && inFlight.size() < PIPELINE_DEPTH) {
                int offset = slot % RECORDS_PER_CHUNK;
                int size = Math.min(Math.min(DRAW_BATCH, count - slot), RECORDS_PER_CHUNK - offset);
                String key = base + "w:" + slot / RECORDS_PER_CHUNK;
                long start = (long) offset * RECORD_BYTES;
                inFlight.addLast(guard(
                        () -> connection().async().getrange(key, start, start + (long) size * RECORD_BYTES - 1)));
                slot += size;
                continue;
            }
            ByteBuffer records = ByteBuffer.wrap(await(inFlight.removeFirst()));
            if (records.remaining() % RECORD_BYTES != 0) {
                throw new IllegalStateException("a waiter record of round " + round + " is cut short");
            }
            while (records.hasRemaining()) {
                ids.add(PlaceIds.of(records.getLong(records.position()), records.getLong(records.position() + 8)));
                records.position(records.position() + RECORD_BYTES);
            }
        }
        if (ids.size() != count) {
            throw new IllegalStateException("round " + round + " has fewer pre-queue records than it counts");
        }
        return ids;
    }

    @Override
    public AdmitResult admit(RoundId round, AdmitLimits limits) {
        int admitted = 0;
        int passed = 0;
        int expired = 0;
        boolean soldOutNow = false;
        List<EstimateOutcome> estimates = new ArrayList<>();
        int left = limits.batchMax();
        // A batch larger than one call's bound is several calls; the next one runs only if this one used its whole
        // share, since anything less means the step stopped (no allowance, no pool, nobody waiting).
        do {
            int batch = Math.min(left, ADMISSIONS_PER_CALL);
            List<Object> reply = eval(
                    RedisQueueScript.ADMIT,
                    ScriptOutputType.MULTI,
                    round,
                    null,
                    number(limits.nowMillis()),
                    number(limits.holdMillis()),
                    number(limits.absentAfterMillis()),
                    number(limits.maxInFlight()),
                    number(batch),
                    number(limits.stopped() ? 1 : 0),
                    number((long) batch * MemoryRound.PASSES_PER_BATCH),
                    number(EXPIRIES_PER_CALL));
            int admittedNow = Math.toIntExact(longOf(reply.get(0)));
            admitted += admittedNow;
            passed += Math.toIntExact(longOf(reply.get(1)));
            expired += Math.toIntExact(longOf(reply.get(2)));
            soldOutNow |= longOf(reply.get(3)) == 1;
            for (int i = 4; i + 1 < reply.size(); i += 2) {
                estimates.add(new EstimateOutcome(longOf(reply.get(i)), longOf(reply.get(i + 1))));
            }
            left -= batch;
            if (admittedNow < batch) {
                break;
            }
        } while (left > 0);
        return new AdmitResult(admitted, passed, expired, soldOutNow, estimates);
    }

    @Override
    public Outcome beginCheckout(RoundId round, PersonId person, long amountKrw, long deadlineMillis, long nowMillis) {
        return outcome(eval(
                RedisQueueScript.BEGIN_CHECKOUT,
                ScriptOutputType.VALUE,
                round,
                person,
                text(person.value()),
                number(amountKrw),
                number(deadlineMillis),
                number(nowMillis)));
    }

    @Override
    public Outcome checkoutPaid(RoundId round, PersonId person, long amountKrw) {
        return outcome(eval(
                RedisQueueScript.CHECKOUT_PAID,
                ScriptOutputType.VALUE,
                round,
                person,
                text(person.value()),
                number(amountKrw)));
    }

    @Override
    public Outcome checkoutFailed(RoundId round, PersonId person) {
        return outcome(
                eval(RedisQueueScript.CHECKOUT_FAILED, ScriptOutputType.VALUE, round, person, text(person.value())));
    }

    @Override
    public Outcome release(RoundId round, PersonId person) {
        return outcome(eval(RedisQueueScript.RELEASE, ScriptOutputType.VALUE, round, person, text(person.value())));
    }

    @Override
    public boolean takeFromPool(RoundId round, long amountKrw) {
        long taken = eval(RedisQueueScript.TAKE_FROM_POOL, ScriptOutputType.INTEGER, round, null, number(amountKrw));
        return taken == 1;
    }

    @Override
    public Outcome returnToPool(RoundId round, long amountKrw) {
        return outcome(eval(RedisQueueScript.RETURN_TO_POOL, ScriptOutputType.VALUE, round, null, number(amountKrw)));
    }

    @Override
    public void rebasePool(RoundId round, long ledgerRemainingKrw) {
        eval(RedisQueueScript.REBASE_POOL, ScriptOutputType.INTEGER, round, null, number(ledgerRemainingKrw));
    }

    @Override
    public void setPaused(RoundId round, boolean paused) {
        eval(RedisQueueScript.SET_PAUSED, ScriptOutputType.INTEGER, round, null, number(paused ? 1 : 0));
    }

    @Override
    public void setRateCap(RoundId round, int admissionsPerSecond) {
        eval(RedisQueueScript.SET_RATE_CAP, ScriptOutputType.INTEGER, round, null, number(admissionsPerSecond));
    }

    /** Closes the connection and the client; a second call does nothing (Spring closes the store after the rules). */
    @Override
    public void close() {
        connecting.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            StatefulRedisConnection<String, byte[]> open = connection;
            connection = null;
            if (open != null) {
                open.close();
            }
            client.shutdown(Duration.ZERO, timeout);
        } finally {
            connecting.unlock();
        }
    }

    // ---- keys

    /** Every key of a round starts with this: the prefix and the round's hash tag. */
    String base(RoundId round) {
        return prefix + "{" + round.value() + "}:";
    }

    /** The keys every script of the round is given, in the order prelude.lua names them. */
    private String[] keys(RoundId round, PersonId person) {
        String base = base(round);
        return new String[] {
            base + "m",
            base + "x",
            base + "ret",
            base + "rate",
            base + "d",
            base + "lock",
            base + "p:" + (person == null ? 0 : personBucket(person)),
            base + "held"
        };
    }

    /**
     * The bucket of a person's entry: {@link String#hashCode} (the same on every JVM, as its contract says) spread by
     * Fibonacci hashing. Every node must agree on it, so it must never change while a round has people in Redis.
     */
    static int personBucket(PersonId person) {
        return (person.value().hashCode() * 0x9E3779B9) >>> (32 - PERSON_BUCKET_BITS);
    }

    // ---- running scripts

    private <T> T eval(RedisQueueScript script, ScriptOutputType type, RoundId round, PersonId person, byte[]... args) {
        String[] keys = keys(round, person);
        try {
            return guard(() -> {
                StatefulRedisConnection<String, byte[]> open = connection();
                try {
                    return open.sync().evalsha(script.sha(), type, keys, args);
                } catch (RedisNoScriptException e) {
                    // Redis lost its scripts (a restart, SCRIPT FLUSH): load this one again and run it once more.
                    open.sync().scriptLoad(script.source());
                    return open.sync().evalsha(script.sha(), type, keys, args);
                }
            });
        } catch (RedisCommandExecutionException e) {
            if (e.getMessage() != null && e.getMessage().contains(NOT_SET_UP)) {
                throw notSetUp(round);
            }
            throw e;
        }
    }

    private RedisFuture<Long> async(RedisQueueScript script, String[] keys, byte[]... args) {
        return guard(() -> connection().async().evalsha(script.sha(), ScriptOutputType.INTEGER, keys, args));
    }

    /** Waits for a pipelined command, with the same timeout and failures as the others. */
    private <T> T await(RedisFuture<T> future) {
        return guard(() -> {
            try {
                return future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RedisException("interrupted while waiting for Redis", e);
            } catch (TimeoutException e) {
                future.cancel(true);
                throw new RedisException("Redis did not answer within " + timeout, e);
            } catch (ExecutionException e) {
                if (e.getCause() instanceof RedisException redis) {
                    throw redis;
                }
                throw new RedisException("a pipelined command failed", e.getCause());
            }
        });
    }

    private interface RedisCall<T> {
        T run();
    }

    /**
     * Runs a call, turning Redis being unreachable, slow or refusing for now (busy, loading, read-only after a
     * failover, out of memory) into {@code QUEUE_STORE_UNAVAILABLE}. An error a script raised on purpose (a round not
     * set up) passes through for {@link #eval} to name; a script that failed on its own is a bug, not something to
     * try again.
     */
    private <T> T guard(RedisCall<T> call) {
        try {
            return call.run();
        } catch (RedisCommandExecutionException e) {
            String message = e.getMessage() == null ? "" : e.getMessage();
            if (message.contains(NOT_SET_UP)) {
                throw e;
            }
            if (message.startsWith("ERR user_script") || message.startsWith("WRONGTYPE")) {
                throw new IllegalStateException("a waiting-room script failed in Redis: " + message, e);
            }
            throw unavailable("Redis refused a waiting-room command", e);
        } catch (RedisException e) {
            throw unavailable("Redis could not be reached or did not answer in time", e);
        }
    }

    private StatefulRedisConnection<String, byte[]> connection() {
        StatefulRedisConnection<String, byte[]> open = connection;
        if (open != null) {
            return open;
        }
        if (closed) {
            throw new RedisException("the queue store is closed");
        }
        if (connectFailed && System.nanoTime() - connectFailedAtNanos < RECONNECT_PAUSE.toNanos()) {
            throw new RedisException("connecting to Redis failed moments ago");
        }
        connecting.lock();
        try {
            if (connection == null && !closed) {
                StatefulRedisConnection<String, byte[]> made;
                try {
                    made = client.connect(CODEC);
                } catch (RedisException e) {
                    connectFailedAtNanos = System.nanoTime();
                    connectFailed = true;
                    throw e;
                }
                try {
                    for (RedisQueueScript script : RedisQueueScript.values()) {
                        String sha = made.sync().scriptLoad(script.source());
                        if (!sha.equals(script.sha())) {
                            throw new IllegalStateException(
                                    "Redis named script " + script + " " + sha + ", not " + script.sha());
                        }
                    }
                } catch (RuntimeException e) {
                    made.close();
                    throw e;
                }
                connectFailed = false;
                connection = made;
                LOG.info("the waiting room's store is connected to Redis");
            }
            if (connection == null) {
                throw new RedisException("the queue store is closed");
            }
            return connection;
        } finally {
            connecting.unlock();
        }
    }

    private Rejection unavailable(String what, RuntimeException cause) {
        failures.increment();
        long now = System.nanoTime();
        long last = loggedAtNanos.get();
        if (now - last >= LOG_EVERY.toNanos() && loggedAtNanos.compareAndSet(last, now)) {
            LOG.warn("{} ({} more such failures since the last report)", what, unlogged.getAndSet(0), cause);
        } else {
            unlogged.incrementAndGet();
        }
        return Rejection.unavailable(
                "QUEUE_STORE_UNAVAILABLE",
                "The waiting room cannot reach its store at the moment. Your place is kept: try again in a few"
                        + " seconds.");
    }

    private static IllegalStateException notSetUp(RoundId round) {
        return new IllegalStateException("the round " + round + " is not set up in the queue store");
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw Rejection.unavailable(
                    "QUEUE_STORE_UNAVAILABLE", "The waiting room was interrupted while opening: try again.");
        }
    }

    // ---- decoding

    /** A waiter from its 61-byte record (see prelude.lua). */
    static Waiter waiter(byte[] record) {
        if (record.length != RECORD_BYTES) {
            throw new IllegalStateException("a waiter record has " + record.length + " bytes, not " + RECORD_BYTES);
        }
        ByteBuffer in = ByteBuffer.wrap(record);
        String placeId = PlaceIds.of(in.getLong(), in.getLong());
        long seq = Integer.toUnsignedLong(in.getInt());
        WaiterState state = STATES[in.get() & 0xFF];
        long wanted = uint48(in);
        long hold = uint48(in);
        long expiry = uint48(in);
        long deadline = uint48(in);
        long seen = uint48(in);
        long estimate = in.getInt();
        return new Waiter(
                placeId,
                seq,
                state,
                wanted,
                state == WaiterState.ADMITTED || state == WaiterState.IN_CHECKOUT ? hold : 0,
                switch (state) {
                    case ADMITTED -> expiry;
                    case IN_CHECKOUT -> deadline;
                    default -> 0;
                },
                seen,
                estimate);
    }

    private static long uint48(ByteBuffer in) {
        return (Short.toUnsignedLong(in.getShort()) << 32) | Integer.toUnsignedLong(in.getInt());
    }

    private static Counters counters(Object reply) {
        List<?> c = (List<?>) reply;
        return new Counters(
                longOf(c.get(0)),
                longOf(c.get(1)),
                longOf(c.get(2)),
                longOf(c.get(3)),
                longOf(c.get(4)) == 1,
                longOf(c.get(5)),
                longOf(c.get(6)),
                longOf(c.get(7)),
                longOf(c.get(8)),
                longOf(c.get(9)),
                longOf(c.get(10)),
                longOf(c.get(11)),
                longOf(c.get(12)),
                longOf(c.get(13)),
                longOf(c.get(14)),
                longOf(c.get(15)),
                longOf(c.get(16)),
                Math.toIntExact(longOf(c.get(17))),
                longOf(c.get(18)) == 1,
                longOf(c.get(19)) == 1,
                new WaitEstimates.Flow(
                        longOf(c.get(20)), longOf(c.get(21)), longOf(c.get(22)), longOf(c.get(23)), longOf(c.get(24))));
    }

    private static Outcome outcome(byte[] name) {
        return Outcome.valueOf(new String(name, StandardCharsets.US_ASCII));
    }

    private static long longOf(Object value) {
        return switch (value) {
            case Long number -> number;
            case byte[] digits -> Long.parseLong(new String(digits, StandardCharsets.US_ASCII));
            default -> throw new IllegalStateException("Redis answered " + value + " where a number belongs");
        };
    }

    private static String textOf(Object value) {
        return new String((byte[]) value, StandardCharsets.UTF_8);
    }

    private static byte[] number(long value) {
        return Long.toString(value).getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] text(String value) {
        return value.getBytes(StandardCharsets.UTF_8);
    }

    private static Duration requirePositive(Duration duration, String what) {
        Objects.requireNonNull(duration, what);
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(what + " must be positive");
        }
        return duration;
    }
}
