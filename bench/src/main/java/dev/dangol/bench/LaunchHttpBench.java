package dev.dangol.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Joins and status polls per second on one running Dangol node over HTTP, next to the same node's trivial endpoint
 * ({@code GET /api/v1/ping}) as the reference. The load comes from this process on the same machine, on virtual
 * threads, with a fixed number of callers that each send one request at a time (a closed loop).
 *
 * <p>Set-up, not measured: the demo operator signs in, schedules a round that opened a minute ago with a large
 * budget, and caps admission at one person a second so that the waiters stay waiting; then {@code people} citizens
 * sign in through the development verifier. Measured: every one of them joins (joins per second), then for {@code
 * seconds} the callers poll random waiters' status with their tickets, then for as long they call the ping.
 *
 * <pre>
 *   bench/launch-http-bench.sh --people=5000 --callers=64 --seconds=20
 * </pre>
 */
public final class LaunchHttpBench {

    private static final Pattern TOKEN = Pattern.compile("\"token\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern TICKET = Pattern.compile("\"ticket\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern VERIFICATION = Pattern.compile("\"verificationId\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern CODE = Pattern.compile("\"devCode\"\\s*:\\s*\"([^\"]+)\"");

    private final URI base;
    private final HttpClient http;

    private LaunchHttpBench(URI base) {
        this.base = base;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .executor(Executors.newVirtualThreadPerTaskExecutor())
                .build();
    }

    public static void main(String[] args) throws Exception {
        String url = "http://127.0.0.1:8080";
        int people = 5_000;
        int callers = 64;
        int seconds = 20;
        boolean wrk = false;
        for (String arg : args) {
            if (arg.startsWith("--url=")) {
                url = arg.substring(6);
            } else if (arg.startsWith("--people=")) {
                people = Integer.parseInt(arg.substring(9));
            } else if (arg.startsWith("--callers=")) {
                callers = Integer.parseInt(arg.substring(10));
            } else if (arg.equals("--wrk")) {
                wrk = true;
            } else if (arg.startsWith("--seconds=")) {
                seconds = Integer.parseInt(arg.substring(10));
            } else {
                System.err.println(
                        "usage: LaunchHttpBench --url=http://127.0.0.1:8080 --people=N --callers=N" + " --seconds=N");
                System.exit(2);
            }
        }
        new LaunchHttpBench(URI.create(url)).run(people, callers, seconds, wrk);
    }

    private record Waiter(String token, String ticket) {}

    /** Latencies from many callers: one lock, which costs nothing next to an HTTP round trip. */
    private static final class Latencies {
        private final Samples samples = new Samples();
        private long[] sorted;

        synchronized void add(long nanos) {
            samples.add(nanos);
        }

        synchronized double percentileMillis(int percentile) {
            if (sorted == null) {
                sorted = Samples.sortedUnion(List.of(samples));
            }
            return Samples.quantile(sorted, percentile / 100.0) / 1e6;
        }
    }

    private void run(int people, int callers, int seconds, boolean wrk) throws Exception {
        String round = "bench-" + Long.toString(System.nanoTime() % 1_000_000_000L, 36);
        String operator = signIn("최운영", "01010000009");
        Instant opened = Instant.now().minusSeconds(60);
        send(
                "PUT",
                "/api/v1/rounds/" + round,
                operator,
                null,
                "{\"programId\":\"seoul-love\",\"name\":\"Bench round\"," + "\"budget\":1000000000000,\"opensAt\":\""
                        + opened + "\",\"perPersonCap\":400000}",
                200);
        send(
                "PUT",
                "/api/v1/operator/rounds/" + round + "/queue/rate-cap",
                operator,
                null,
                "{\"admissionsPerSecond\":1}",
                200);

        System.out.printf(Locale.ROOT, "signing in %,d people with %d callers...%n", people, callers);
        String[] tokens = new String[people];
        forEach(people, callers, i -> tokens[i] = signIn(name(i), String.format(Locale.ROOT, "0102%07d", i)));

        Waiter[] waiters = new Waiter[people];
        Latencies joins = new Latencies();
        long joinStart = System.nanoTime();
        forEach(people, callers, i -> {
            long t0 = System.nanoTime();
            String body = send("POST", "/api/v1/rounds/" + round + "/queue", tokens[i], null, "{}", 201);
            joins.add(System.nanoTime() - t0);
            waiters[i] = new Waiter(tokens[i], find(TICKET, body));
        });
        double joinSeconds = (System.nanoTime() - joinStart) / 1e9;

        if (wrk) {
            runWrk(round, waiters, callers, seconds);
            return;
        }
        // Warm both paths up alike before measuring them.
        loop(callers, 5, "warm-up", () -> poll(round, waiters));
        loop(callers, 5, "warm-up", this::ping);
        Result polls = loop(callers, seconds, "status polls", () -> poll(round, waiters));
        Result pings = loop(callers, seconds, "ping", this::ping);

        System.out.println();
        System.out.printf(Locale.ROOT, "| what | requests/s | p50 ms | p99 ms | errors |%n|---|---:|---:|---:|---:|%n");
        System.out.printf(
                Locale.ROOT,
                "| joins (%,d people) | %,.0f | %.2f | %.2f | 0 |%n",
                people,
                people / joinSeconds,
                joins.percentileMillis(50),
                joins.percentileMillis(99));
        System.out.println(polls.row("status polls"));
        System.out.println(pings.row("ping (reference)"));
        System.out.printf(
                Locale.ROOT, "%nstatus polls at %.0f %% of the ping rate%n", 100.0 * polls.rate() / pings.rate());
    }

    /**
     * The same two measurements with wrk (a load generator in C, far cheaper per request than a JVM's HTTP client),
     * so that the server rather than the generator is what runs out of CPU: 2 threads, {@code callers} connections.
     */
    private void runWrk(String round, Waiter[] waiters, int callers, int seconds) throws Exception {
        java.nio.file.Path file = java.nio.file.Files.createTempFile("dangol-waiters", ".txt");
        StringBuilder lines = new StringBuilder();
        for (Waiter w : waiters) {
            lines.append(w.token()).append(' ').append(w.ticket()).append('\n');
        }
        java.nio.file.Files.writeString(file, lines);
        String script = java.nio.file.Path.of("bench/wrk-status-poll.lua")
                .toAbsolutePath()
                .toString();
        String connections = "-c" + callers;
        String duration = "-d" + seconds + "s";
        for (int pass = 0; pass < 2; pass++) {
            String label = pass == 0 ? "warm-up" : "measured";
            wrk(
                    label + " status polls",
                    file,
                    round,
                    "wrk",
                    "-t2",
                    connections,
                    "-d5s",
                    "--latency",
                    "-s",
                    script,
                    base.toString());
            wrk(
                    label + " ping",
                    file,
                    round,
                    "wrk",
                    "-t2",
                    connections,
                    "-d5s",
                    "--latency",
                    "-H",
                    "Accept: application/json",
                    base.resolve("/api/v1/ping").toString());
            if (pass == 1) {
                wrk(
                        "status polls",
                        file,
                        round,
                        "wrk",
                        "-t2",
                        connections,
                        duration,
                        "--latency",
                        "-s",
                        script,
                        base.toString());
                wrk(
                        "ping",
                        file,
                        round,
                        "wrk",
                        "-t2",
                        connections,
                        duration,
                        "--latency",
                        "-H",
                        "Accept: application/json",
                        base.resolve("/api/v1/ping").toString());
            }
        }
        java.nio.file.Files.deleteIfExists(file);
    }

    private static void wrk(String what, java.nio.file.Path waiters, String round, String... command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("WAITERS", waiters.toString());
        builder.environment().put("ROUND", round);
        Process process;
        try {
            process = builder.start();
        } catch (java.io.IOException notInstalled) {
            throw new IllegalStateException(
                    "--wrk needs the wrk load generator on the PATH (Debian: apt-get install wrk)", notInstalled);
        }
        String out = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        process.waitFor();
        System.out.println("== " + what + "\n" + out);
    }

    /** A name of letters only, as verification wants: the index's digits as Korean numerals. */
    private static String name(int i) {
        StringBuilder name = new StringBuilder("벤치");
        for (char digit : Integer.toString(i).toCharArray()) {
            name.append("영일이삼사오육칠팔구".charAt(digit - '0'));
        }
        return name.toString();
    }

    private void poll(String round, Waiter[] waiters) {
        Waiter w = waiters[ThreadLocalRandom.current().nextInt(waiters.length)];
        send("GET", "/api/v1/rounds/" + round + "/queue/status", w.token(), w.ticket(), null, 200);
    }

    private void ping() {
        send("GET", "/api/v1/ping", null, null, null, 200);
    }

    private record Result(long requests, long errors, double seconds, Latencies samples) {
        double rate() {
            return requests / seconds;
        }

        String row(String what) {
            return String.format(
                    Locale.ROOT,
                    "| %s | %,.0f | %.2f | %.2f | %d |",
                    what,
                    rate(),
                    samples.percentileMillis(50),
                    samples.percentileMillis(99),
                    errors);
        }
    }

    private Result loop(int callers, int seconds, String what, Runnable call) throws InterruptedException {
        AtomicLong done = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        Latencies samples = new Latencies();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        long start = System.nanoTime();
        System.out.printf(Locale.ROOT, "%s starts at %s%n", what, Instant.now());
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < callers; c++) {
                pool.submit(() -> {
                    while (System.nanoTime() < end) {
                        long t0 = System.nanoTime();
                        try {
                            call.run();
                            samples.add(System.nanoTime() - t0);
                            done.incrementAndGet();
                        } catch (RuntimeException e) {
                            errors.incrementAndGet();
                        }
                    }
                });
            }
        }
        double elapsed = (System.nanoTime() - start) / 1e9;
        System.out.printf(Locale.ROOT, "%s: %,d in %.1f s%n", what, done.get(), elapsed);
        return new Result(done.get(), errors.get(), elapsed, samples);
    }

    private interface Task {
        void run(int i) throws Exception;
    }

    private static void forEach(int count, int callers, Task task) throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        List<Throwable> failures = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < callers; c++) {
                pool.submit(() -> {
                    for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                        try {
                            task.run(i);
                        } catch (Exception e) {
                            synchronized (failures) {
                                failures.add(e);
                            }
                        }
                    }
                });
            }
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException(failures.size() + " set-up calls failed", failures.getFirst());
        }
    }

    private String signIn(String name, String phone) {
        String started = send(
                "POST",
                "/api/v1/identity/verifications",
                null,
                null,
                "{\"name\":\"" + name + "\",\"phone\":\"" + phone + "\"}",
                201);
        String done = send(
                "POST",
                "/api/v1/identity/verifications/" + find(VERIFICATION, started) + "/complete",
                null,
                null,
                "{\"code\":\"" + find(CODE, started) + "\"}",
                200);
        return find(TOKEN, done);
    }

    private String send(String method, String path, String token, String ticket, String json, int expected) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .timeout(Duration.ofSeconds(30))
                .header("Accept", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (ticket != null) {
            request.header("Dangol-Ticket", ticket);
        }
        if (json != null) {
            request.header("Content-Type", "application/json");
            request.method(method, HttpRequest.BodyPublishers.ofString(json));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != expected && !(expected == 201 && response.statusCode() == 200)) {
                throw new IllegalStateException(
                        method + " " + path + " answered " + response.statusCode() + ": " + response.body());
            }
            return response.body();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(method + " " + path + " failed: " + e.getMessage(), e);
        }
    }

    private static String find(Pattern pattern, String body) {
        Matcher m = pattern.matcher(body);
        if (!m.find()) {
            throw new IllegalStateException("no " + pattern + " in " + body);
        }
        return m.group(1);
    }
}
