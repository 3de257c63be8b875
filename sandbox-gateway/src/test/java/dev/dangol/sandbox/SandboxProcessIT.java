package dev.dangol.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The sandbox as its own process, started the way docs/sandbox-gateway.md says: the module's jar and its libraries on
 * a plain JVM, {@code --port 0}, the port read from what it prints. Proves that the separate main works on its own.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SandboxProcessIT {

    private static final Pattern LISTENING = Pattern.compile("listening on (http://\\S+)");

    @Test
    void theSandboxRunsAsItsOwnProcessAndChargesOverHttp() throws Exception {
        Process process = start("--port", "0", "--seed", "5", "--latency-ms", "1");
        BlockingQueue<String> output = drain(process);
        try {
            URI uri = URI.create(waitForAddress(output));
            try (HttpClient http = HttpClient.newHttpClient()) {
                HttpResponse<String> health = http.send(
                        HttpRequest.newBuilder(uri.resolve("/health")).build(), HttpResponse.BodyHandlers.ofString());
                HttpResponse<String> charge = http.send(
                        HttpRequest.newBuilder(uri.resolve("/v1/charges"))
                                .timeout(Duration.ofSeconds(10))
                                .header("Idempotency-Key", "process-it-1")
                                .POST(HttpRequest.BodyPublishers.ofString("{\"payer\":\"person-1\",\"method\":\"CARD\","
                                        + "\"sourceToken\":\"tok\",\"amount\":50000,\"description\":\"purchase\"}"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                HttpResponse<String> captures = http.send(
                        HttpRequest.newBuilder(uri.resolve("/admin/captures")).build(),
                        HttpResponse.BodyHandlers.ofString());

                assertThat(health.statusCode()).isEqualTo(200);
                assertThat(charge.statusCode()).isEqualTo(200);
                JsonNode totals = JsonMapper.builder().build().readTree(captures.body());
                assertThat(totals.at("/captures/capturedKrw").asLong()).isEqualTo(50_000);
            }
        } finally {
            stop(process);
        }
    }

    @Test
    void aBadOptionStopsTheProcessWithTheReasonAndTheUsage() throws Exception {
        Process process = start("--decline-bp", "lots");
        BlockingQueue<String> output = drain(process);

        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).isEqualTo(2);
        List<String> lines = new ArrayList<>();
        output.drainTo(lines);
        assertThat(String.join("\n", lines)).contains("basis points").contains("--timeout-bp");
    }

    private static Process start(String... options) throws IOException {
        String jar = System.getProperty("sandbox.jar");
        String lib = System.getProperty("sandbox.lib");
        assertThat(jar).as("failsafe passes the module's jar as sandbox.jar").isNotNull();
        assertThat(Path.of(jar)).exists();
        assertThat(Files.isDirectory(Path.of(lib)))
                .as("the libraries in " + lib)
                .isTrue();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                jar + File.pathSeparator + lib + File.separator + "*",
                "dev.dangol.sandbox.SandboxServer"));
        command.addAll(List.of(options));
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    /** Reads the process's output on a thread of its own, so that a full pipe never blocks it. */
    private static BlockingQueue<String> drain(Process process) {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread.ofVirtual().start(() -> {
            try (BufferedReader reader =
                    new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // The process ended.
            }
        });
        return lines;
    }

    private static String waitForAddress(BlockingQueue<String> output) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        List<String> seen = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            String line = output.poll(1, TimeUnit.SECONDS);
            if (line == null) {
                continue;
            }
            seen.add(line);
            Matcher matcher = LISTENING.matcher(line);
            if (matcher.find()) {
                return matcher.group(1);
            }
        }
        throw new AssertionError("the sandbox did not say where it listens; it printed: " + seen);
    }

    private static void stop(Process process) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
