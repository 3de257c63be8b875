package dev.dangol.queue.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.dangol.queue.internal.QueueStore.Joined;
import dev.dangol.queue.internal.QueueStore.RoundSetup;
import dev.dangol.shared.PersonId;
import dev.dangol.shared.Rejection;
import dev.dangol.shared.RoundId;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.output.StatusOutput;
import io.lettuce.core.protocol.CommandArgs;
import io.lettuce.core.protocol.CommandType;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The Redis store when Redis is down, slow or has lost its scripts: on a Redis server of the test's own (the
 * machine's redis-server, on 127.0.0.1 and a free port), so that pausing or flushing it disturbs nobody else.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RedisOutageIT {

    static final RoundId ROUND = RoundId.of("r1");
    static final long T0 = 1_900_000_000_000L;
    static final long HOUR = 3_600_000;

    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final int port = freePort();
    Process server;
    RedisQueueStore store;

    @AfterEach
    void stopTheServer() throws InterruptedException {
        if (store != null) {
            store.close();
        }
        if (server != null) {
            server.destroy();
            server.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aNodeStartsWhileRedisIsDownAnswers503AndServesOnceRedisIsUp() throws Exception {
        store = store(Duration.ofSeconds(2));

        unavailable(() -> store.setUp(ROUND, setup(), T0));
        unavailable(() -> store.counters(ROUND, T0));
        assertThat(failures()).isEqualTo(2);

        startServer();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            try {
                store.setUp(ROUND, setup(), T0);
                break;
            } catch (Rejection stillDown) {
                // Connecting is retried at most once a second; wait for it.
                assertThat(System.nanoTime()).isLessThan(deadline);
                Thread.sleep(100);
            }
        }
        assertThat(join(1).rejoined()).isFalse();
    }

    @Test
    void aRedisThatStopsAnsweringIsRefusedAs503AndNoPlaceIsLostOrDoubled() throws Exception {
        startServer();
        store = store(Duration.ofMillis(300));
        store.setUp(ROUND, setup(), T0);
        store.open(ROUND, T0, ids -> new int[0]);
        Joined first = join(1);

        command("CLIENT", "PAUSE", "1500", "ALL");
        unavailable(() -> join(1));
        // This join may well run once Redis answers again, after its caller was told to try again.
        unavailable(() -> join(2));
        assertThat(failures()).isEqualTo(2);
        Thread.sleep(1_600);

        Joined again = join(1);
        Joined retried = join(2);
        assertThat(again.rejoined()).isTrue();
        assertThat(again.waiter().placeId()).isEqualTo(first.waiter().placeId());
        assertThat(again.waiter().seq()).isEqualTo(1);
        assertThat(retried.waiter().seq()).isEqualTo(2);
        assertThat(store.counters(ROUND, T0).places()).isEqualTo(2);
    }

    @Test
    void scriptsRedisHasForgottenAreLoadedAgain() throws Exception {
        startServer();
        store = store(Duration.ofSeconds(2));
        store.setUp(ROUND, setup(), T0);
        join(1);

        command("SCRIPT", "FLUSH");

        assertThat(join(2).waiter().placeId()).isEqualTo(placeId(2));
        assertThat(store.counters(ROUND, T0).places()).isEqualTo(2);
        assertThat(failures()).isZero();
    }

    // ---- helpers

    private RedisQueueStore store(Duration timeout) {
        return new RedisQueueStore("redis://127.0.0.1:" + port, "t:", timeout, Duration.ofMillis(500), meters);
    }

    private Joined join(int i) {
        return store.join(ROUND, PersonId.of("p" + i), placeId(i), 10_000, T0, HOUR);
    }

    private static String placeId(int i) {
        return PlaceIds.of(i, i);
    }

    private static RoundSetup setup() {
        return new RoundSetup(T0, 10_000, 50_000, 1_000_000, "ab", "cd");
    }

    private long failures() {
        return (long) meters.get("dangol.queue.store.failures").counter().count();
    }

    private static void unavailable(ThrowingCallable call) {
        Rejection rejection = catchThrowableOfType(Rejection.class, call);
        assertThat(rejection).isNotNull();
        assertThat(rejection.kind()).isEqualTo(Rejection.Kind.UNAVAILABLE);
        assertThat(rejection.code()).isEqualTo("QUEUE_STORE_UNAVAILABLE");
        assertThat(rejection.getMessage()).contains("place is kept");
    }

    /** Runs one command on a connection of its own, which it closes without sending anything more. */
    private void command(String command, String... args) {
        RedisClient client = RedisClient.create("redis://127.0.0.1:" + port);
        try (StatefulRedisConnection<String, String> connection = client.connect()) {
            connection
                    .sync()
                    .dispatch(
                            CommandType.valueOf(command),
                            new StatusOutput<>(StringCodec.UTF8),
                            new CommandArgs<>(StringCodec.UTF8).addValues(args));
        } finally {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    private void startServer() throws Exception {
        server = new ProcessBuilder(
                        "redis-server",
                        "--bind",
                        "127.0.0.1",
                        "--port",
                        Integer.toString(port),
                        "--save",
                        "",
                        "--appendonly",
                        "no")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!answersPing()) {
            assertThat(server.isAlive()).as("redis-server runs").isTrue();
            assertThat(System.nanoTime()).as("redis-server answers within 10 s").isLessThan(deadline);
            Thread.sleep(50);
        }
    }

    private boolean answersPing() {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(1_000);
            OutputStream out = socket.getOutputStream();
            out.write("PING\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] reply = new byte[7];
            int read = in.readNBytes(reply, 0, 7);
            return new String(reply, 0, read, StandardCharsets.US_ASCII).equals("+PONG\r\n");
        } catch (IOException notYet) {
            return false;
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
