package dev.dangol.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.dangol.testing.FreshDatabase;
import dev.dangol.testing.JsonApi;
import dev.dangol.testing.LaunchDay;
import dev.dangol.testing.LaunchDay.Citizen;
import dev.dangol.testing.TestSessions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.logging.Level;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.By;
import org.openqa.selenium.Cookie;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import tools.jackson.databind.JsonNode;

/**
 * The launch page in a real browser: Debian's Chromium, headless, driven through its own chromedriver (nothing is
 * downloaded). A person opens {@code /launch/{round}} shortly before a round opens, signs in with the development
 * code the page shows, joins after opening behind two people who hold the whole budget, sees their position, reloads
 * the page and signs out and in again without losing their place, is admitted when the budget comes back, links a card,
 * pays and reads "Paid". The last screen is kept as {@code target/launch-page.png}.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"dangol.demo.enabled=true", "server.address=127.0.0.1"})
@FreshDatabase(FreshDatabase.Engine.H2)
@Timeout(180)
class LaunchPageBrowserIT {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Duration STEP = Duration.ofSeconds(20);
    private static final String CARD = "4111111111111111";

    @Autowired
    Environment environment;

    private int port;
    private LaunchDay day;
    private Path profile;
    private ChromeDriverService service;
    private WebDriver browser;

    @BeforeEach
    void startChromium() throws IOException {
        assumeTrue(
                Files.isExecutable(CHROMIUM),
                "Skipped: " + CHROMIUM + " is missing (Debian's chromium package; .ci/run installs it).");
        assumeTrue(
                Files.isExecutable(CHROMEDRIVER),
                "Skipped: " + CHROMEDRIVER + " is missing (Debian's chromium-driver package; .ci/run installs it).");
        port = environment.getRequiredProperty("local.server.port", Integer.class);
        day = new LaunchDay(port);
        profile = Files.createTempDirectory("dangol-chromium-");
        // Naming both the driver and the browser keeps Selenium Manager from looking for (and downloading) either.
        System.setProperty(ChromeDriverService.CHROME_DRIVER_EXE_PROPERTY, CHROMEDRIVER.toString());
        // (The service's Builder would do the same, but naming it makes javac look for an annotation Selenium does not
        // ship, a warning, and warnings fail the build.)
        service = ChromeDriverService.createDefaultService();
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        // The machine has no internet: without the background-networking flags Chromium keeps trying to reach Google.
        options.addArguments(
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--user-data-dir=" + profile,
                "--window-size=480,1100",
                "--lang=ko-KR");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        browser = new ChromeDriver(service, options);
        browser.manage().timeouts().pageLoadTimeout(STEP).scriptTimeout(STEP);
    }

    @AfterEach
    void stopChromium() {
        if (browser != null) {
            browser.quit();
        }
        if (service != null) {
            service.stop();
        }
        if (profile != null) {
            try (Stream<Path> files = Files.walk(profile)) {
                files.sorted(Comparator.reverseOrder())
                        .forEach(path -> path.toFile().delete());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Test
    void aPersonQueuesKeepsTheirPlaceThroughAReloadAndANewLoginIsAdmittedAndPays() throws IOException {
        // Two early birds will hold the whole budget at opening; the person at the browser comes after them.
        Citizen ara = day.newCitizen("김아라");
        Citizen bora = day.newCitizen("이보라");
        String araCard = day.linkCard(ara, CARD);
        String round = day.scheduleRound("page", 400_000, 200_000, Instant.now().plusSeconds(8));
        String araTicket = day.joined(ara, round, null).get("ticket").asString();
        String boraTicket = day.joined(bora, round, null).get("ticket").asString();

        // Before opening: the page names the round, and the person signs in with the code the page shows.
        String name = "정하늘";
        String phone = TestSessions.newPhone();
        browser.get("http://127.0.0.1:" + port + "/launch/" + round);
        waitForText(By.id("round-name"), "Launch test " + round);
        signIn(name, phone);
        waitVisible(By.id("join"));

        // After opening, with the early birds admitted, the person joins and sees their position.
        day.awaitState(ara, round, araTicket, "ADMITTED");
        day.awaitState(bora, round, boraTicket, "ADMITTED");
        browser.findElement(By.id("join")).click();
        waitForState("WAITING");
        assertThat(text(By.id("position"))).isEqualTo("1");
        assertThat(day.overview(round).get("waiting").asLong()).isEqualTo(1);
        // Behind two holds that leave nothing in the pool, the chance is honest: uncertain, with a reason.
        assertThat(browser.findElement(By.id("chance")).getDomAttribute("data-chance"))
                .isEqualTo("UNCERTAIN");
        assertThat(text(By.id("chance-detail"))).isNotBlank();
        assertThat(text(By.id("wait"))).isNotBlank();
        screenshot("launch-page-waiting.png");

        // A reload keeps the place.
        browser.navigate().refresh();
        waitForState("WAITING");
        assertThat(text(By.id("position"))).isEqualTo("1");

        // So does signing out and in again: the same place, and still only one place in the operator's overview.
        waitVisible(By.id("signout")).click();
        waitVisible(By.id("signin-start"));
        signIn(name, phone);
        waitForState("WAITING");
        assertThat(text(By.id("position"))).isEqualTo("1");
        assertThat(day.overview(round).get("waiting").asLong()).isEqualTo(1);

        // Ara buys and Bora gives her turn up: the budget Bora held comes back and admits the person.
        assertThat(day.pay(ara, round, 200_000, araCard).get("status").asString())
                .isEqualTo("PAID");
        assertThat(day.api()
                        .delete("/api/v1/rounds/" + round + "/queue/admission", bora.auth())
                        .status())
                .isEqualTo(204);
        waitForState("ADMITTED");
        waitVisible(By.id("buy"));
        screenshot("launch-page-admitted.png");
        // The hold counts down from the hold time (5 minutes).
        assertThat(text(By.id("hold"))).isEqualTo("200,000원");
        assertThat(text(By.id("hold-left"))).matches("[0-5]:[0-5][0-9]");

        // A mistyped card number is refused with a sentence that says what to give.
        WebElement cardNumber = waitVisible(By.id("card-number"));
        cardNumber.sendKeys("4111 1111 1111 1112");
        browser.findElement(By.id("link-card")).click();
        waitForText(By.id("notice"), "Give the card number as printed on the card");
        // The first card is declined (the sandbox declines numbers ending in 0002): the turn is kept, and a second
        // card pays.
        linkCard(cardNumber, "4000 0000 0000 0002");
        assertThat(new Select(browser.findElement(By.id("amount")))
                        .getFirstSelectedOption()
                        .getDomProperty("value"))
                .isEqualTo("200000");
        browser.findElement(By.id("buy")).click();
        waitForText(By.id("result"), "did not go through");
        assertThat(browser.findElement(By.id("result")).getDomAttribute("data-status"))
                .isEqualTo("DECLINED");
        waitForState("ADMITTED");
        linkCard(cardNumber, CARD);
        browser.findElement(By.id("buy")).click();
        waitForText(By.id("result"), "Paid");
        waitForState("BOUGHT");

        // The vouchers are in the wallet of the person the browser is signed in as.
        Cookie session = browser.manage().getCookieNamed("dangol_session");
        assertThat(session).isNotNull();
        JsonApi api = day.api();
        String auth = "Bearer " + session.getValue();
        JsonNode me = LaunchDay.require(api.get("/api/v1/me", auth), 200);
        JsonNode wallet = LaunchDay.require(
                api.get("/api/v1/citizens/" + me.at("/person/id").asString() + "/wallets/" + LaunchDay.PROGRAM, auth),
                200);
        assertThat(wallet.get("balance").asLong()).isEqualTo(200_000);

        screenshot("launch-page.png");
    }

    @Test
    void aPersonWhoJoinsBeforeOpeningSeesTheCountdownAndIsAdmittedAtOpeningWithoutReloading() throws IOException {
        String round =
                day.scheduleRound("early", 400_000, 200_000, Instant.now().plusSeconds(15));
        browser.get("http://127.0.0.1:" + port + "/launch/" + round);
        signIn("윤새벽", TestSessions.newPhone());
        waitVisible(By.id("join-draw"));
        browser.findElement(By.id("wanted")).sendKeys("100,000");
        browser.findElement(By.id("join")).click();

        waitForState("PRE_QUEUE");
        assertThat(text(By.id("round-opening"))).matches(".*Opens in 0:[01][0-9]");
        assertThat(text(By.id("state-detail"))).contains("drawn at random");
        screenshot("launch-page-pre-queue.png");

        // The page polls when the server says (at opening at the latest) and shows the turn the draw gave.
        waitForState("ADMITTED");
        assertThat(text(By.id("hold"))).isEqualTo("100,000원");
        assertThat(text(By.id("round-opening"))).contains("Open now");
    }

    /** Links a card through the page and waits until it is the one chosen to pay with. */
    private void linkCard(WebElement field, String number) {
        if (!field.isDisplayed()) {
            browser.findElement(By.cssSelector("#link-box summary")).click();
        }
        field.clear();
        field.sendKeys(number);
        browser.findElement(By.id("link-card")).click();
        String last4 = number.substring(number.length() - 4);
        new WebDriverWait(browser, STEP)
                .withMessage(() -> "the card ending " + last4 + " to be chosen; the page shows: " + page())
                .until(d -> new Select(d.findElement(By.id("source")))
                        .getFirstSelectedOption()
                        .getText()
                        .endsWith(last4));
    }

    /** Keeps what the browser shows in {@code target/}, for a person to look at. */
    private void screenshot(String name) throws IOException {
        Path shot = ((ChromeDriver) browser).getScreenshotAs(OutputType.FILE).toPath();
        Files.createDirectories(Path.of("target"));
        Files.copy(shot, Path.of("target", name), StandardCopyOption.REPLACE_EXISTING);
    }

    private void signIn(String name, String phone) {
        WebElement nameField = waitVisible(By.id("signin-name"));
        nameField.clear();
        nameField.sendKeys(name);
        WebElement phoneField = browser.findElement(By.id("signin-phone"));
        phoneField.clear();
        phoneField.sendKeys(phone);
        browser.findElement(By.id("signin-start")).click();
        // The development verifier's code is shown and filled in.
        waitForText(By.id("signin-dev-code"), "Development code");
        assertThat(browser.findElement(By.id("signin-code")).getDomProperty("value"))
                .matches("[0-9]{6}");
        browser.findElement(By.id("signin-complete")).click();
        waitVisible(By.id("signout"));
        // Shown masked, as to everybody: the page has no need of the full name.
        assertThat(text(By.id("who"))).startsWith(name.charAt(0) + "*");
    }

    private void waitForState(String state) {
        new WebDriverWait(browser, STEP)
                .withMessage(() -> "the page to show " + state + "; it shows: " + page())
                .until(ExpectedConditions.attributeToBe(By.id("state"), "data-state", state));
    }

    private void waitForText(By element, String text) {
        new WebDriverWait(browser, STEP)
                .withMessage(() -> "'" + text + "' in " + element + "; the page shows: " + page())
                .until(ExpectedConditions.textToBePresentInElementLocated(element, text));
    }

    private WebElement waitVisible(By element) {
        return new WebDriverWait(browser, STEP)
                .withMessage(() -> element + " to be visible; the page shows: " + page())
                .until(ExpectedConditions.visibilityOfElementLocated(element));
    }

    /** What the page shows and what its script logged, for a failure's message. */
    private String page() {
        StringBuilder shown = new StringBuilder(browser.getCurrentUrl())
                .append('\n')
                .append(browser.findElement(By.tagName("main")).getText());
        browser.manage()
                .logs()
                .get(LogType.BROWSER)
                .forEach(entry -> shown.append("\nconsole: ").append(entry));
        return shown.toString();
    }

    private String text(By element) {
        return browser.findElement(element).getText().strip();
    }
}
