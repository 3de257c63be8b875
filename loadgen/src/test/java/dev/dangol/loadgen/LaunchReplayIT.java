package dev.dangol.loadgen;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.dangol.DangolApplication;
import dev.dangol.sandbox.SandboxOptions;
import dev.dangol.sandbox.SandboxServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The CI replay: Dangol on its embedded default (H2 file, in-memory waiting room) and the sandbox gateway over HTTP,
 * both started in this JVM, the {@code ci-smoke} scenario replayed against them over HTTP, every end-of-run check
 * required to pass; then the HTML report is opened in headless Chromium, its charts must have rendered, and a
 * screenshot is kept in {@code target/replay-it/report.png}.
 */
class LaunchReplayIT {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Path OUT = Path.of("target", "replay-it");

    private static SandboxServer sandbox;
    private static ConfigurableApplicationContext dangol;
    private static Path work;
    private static String jdbcUrl;
    private static int port;
    private static ReplayReport report;

    @BeforeAll
    static void startDangolAndTheSandbox() throws Exception {
        work = Files.createTempDirectory("dangol-replay-it");
        sandbox = SandboxServer.start(
                new SandboxOptions(
                        "127.0.0.1",
                        0,
                        5,
                        SandboxOptions.DEVELOPMENT_SECRET,
                        100_000,
                        10_000,
                        SandboxOptions.DEFAULT.behaviour()),
                Clock.systemUTC());
        port = freePort();
        jdbcUrl = "jdbc:h2:file:" + work.resolve("dangol")
                + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;LOCK_TIMEOUT=10000";
        Scenario scenario = Scenario.load("scenarios/ci-smoke.properties");
        List<String> args = new ArrayList<>(List.of(
                "--server.port=" + port,
                "--server.address=127.0.0.1",
                "--spring.datasource.url=" + jdbcUrl,
                "--dangol.queue.directory=" + work.resolve("queue"),
                "--dangol.demo.enabled=false",
                "--dangol.identity.operators=01010000009",
                "--dangol.gateway.mode=http",
                "--dangol.gateway.url=" + sandbox.uri(),
                "--dangol.gateway.webhook-secret=" + SandboxOptions.DEVELOPMENT_SECRET,
                "--dangol.gateway.webhook-url=http://127.0.0.1:" + port + "/api/v1/gateway/webhooks",
                "--logging.level.root=WARN"));
        for (Map.Entry<String, String> property : scenario.serverProperties().entrySet()) {
            args.add("--" + property.getKey() + "=" + property.getValue());
        }
        dangol = new SpringApplicationBuilder(DangolApplication.class).run(args.toArray(String[]::new));
    }

    @AfterAll
    static void stopBoth() throws IOException {
        if (dangol != null) {
            dangol.close();
        }
        if (sandbox != null) {
            sandbox.close();
        }
        delete(work);
    }

    private static void delete(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        }
    }

    @Test
    @Timeout(240)
    void ciSmokeReplayPassesEveryCheckAndItsReportRendersInABrowser() throws Exception {
        Replay.Target target = new Replay.Target(
                List.of(URI.create("http://127.0.0.1:" + port)),
                false,
                sandbox.uri(),
                jdbcUrl,
                "sa",
                "",
                List.of(),
                "최운영",
                "01010000009",
                64);
        report = new Replay(Scenario.load("scenarios/ci-smoke.properties"), target).run(OUT);

        assertThat(report.checks()).hasSize(10);
        assertThat(report.checks())
                .allSatisfy(check -> assertThat(check.passed())
                        .as(check.name() + ": " + check.detail())
                        .isTrue());
        assertThat(report.figures().get("bought")).isNotEqualTo(0);
        assertThat(report.figures().get("toldSoldOut")).isNotEqualTo(0);
        assertThat(report.samples()).isNotEmpty();
        assertThat(Files.readString(OUT.resolve("report.json"))).contains("\"passed\" : true");

        screenshotOfTheReport();
    }

    private void screenshotOfTheReport() throws IOException {
        assumeTrue(
                Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "Skipped the screenshot: Debian's chromium and chromium-driver are missing (.ci/run installs them).");
        Path profile = Files.createTempDirectory("dangol-chromium-");
        System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, CHROMEDRIVER.toString());
        ChromeDriverService service = ChromeDriverService.createDefaultService();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--user-data-dir=" + profile,
                "--window-size=1400,2400");
        ChromeDriver browser = new ChromeDriver(service, options);
        try {
            browser.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(20));
            browser.get(OUT.resolve("report.html").toAbsolutePath().toUri().toString());
            assertThat(browser.findElement(By.id("verdict")).getText()).isEqualTo("every check passed");
            List<WebElement> charts = browser.findElements(By.cssSelector("svg.chart"));
            assertThat(charts).hasSizeGreaterThanOrEqualTo(9);
            for (String id : List.of("people", "budget", "admissions", "requests", "cpu", "memory")) {
                WebElement chart = browser.findElement(By.id("chart-" + id));
                assertThat(chart.getSize().getWidth()).as(id).isGreaterThan(100);
                assertThat(chart.findElements(By.cssSelector("polyline.series")))
                        .as("the lines of chart " + id)
                        .isNotEmpty();
            }
            assertThat(browser.findElements(By.cssSelector("#checks td.pass"))).hasSize(10);
            byte[] png = browser.getScreenshotAs(OutputType.BYTES);
            Files.write(OUT.resolve("report.png"), png);
            assertThat(png.length).isGreaterThan(20_000);
        } finally {
            browser.quit();
            service.stop();
            delete(profile);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
