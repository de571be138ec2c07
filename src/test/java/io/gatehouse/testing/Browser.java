package io.gatehouse.testing;

import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.logging.Level;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real headless Chromium driven by Selenium, using the system's {@code chromium} and {@code chromedriver}
 * (Debian packages; never downloaded). Without them the test is skipped — or fails when
 * {@code gatehouse.test.requireBrowser} is true, as it is in CI. Start it inside the test method, not in
 * {@code @BeforeAll}: an assumption there skips the class without reporting a single test ("Tests run: 0"), while
 * inside a test it shows as one skipped test with the reason. Screenshots go to {@code target/console-screenshots},
 * named after the run.
 */
public final class Browser implements AutoCloseable {
    public static final Path SCREENSHOTS = Path.of("target", "console-screenshots");
    private static final List<String> CHROMIUM = List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome");
    private static final List<String> DRIVER = List.of("/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver");
    private static final Duration PATIENCE = Duration.ofSeconds(15);

    private final ChromeDriver driver;
    private final String run;

    private Browser(ChromeDriver driver, String run) {
        this.driver = driver;
        this.run = run;
    }

    /**
     * A desktop-sized (1280 px wide) headless Chromium for one test; its screenshots are named {@code run-…} and
     * those of an earlier run of the same name are removed, so the folder shows this run's pages only.
     */
    public static Browser start(String run) {
        Optional<String> binary = firstExisting(CHROMIUM);
        Optional<String> chromedriver = firstExisting(DRIVER);
        if (binary.isEmpty() || chromedriver.isEmpty()) {
            String why = "No Chromium/chromedriver found (apt-get install chromium chromium-driver)";
            if (Boolean.getBoolean("gatehouse.test.requireBrowser")) {
                throw new IllegalStateException(why + "; gatehouse.test.requireBrowser is set, so this fails instead of skipping");
            }
            Assumptions.abort(why);
        }
        ChromeOptions options = new ChromeOptions();
        options.setBinary(binary.get());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1280,900", "--no-first-run", "--disable-extensions");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(chromedriver.get())).usingAnyFreePort().build();
        clearScreenshots(run);
        return new Browser(new ChromeDriver(service, options), run);
    }

    public WebDriver driver() {
        return driver;
    }

    public Object script(String js, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(js, args);
    }

    public void resize(int width, int height) {
        driver.manage().window().setSize(new Dimension(width, height));
    }

    /**
     * Waits (up to 15 s) until the condition holds, and returns what it found. An element htmx swapped out while the
     * condition used it is looked for again.
     */
    public <T> T waitFor(Function<WebDriver, T> condition) {
        return new WebDriverWait(driver, PATIENCE).ignoring(StaleElementReferenceException.class).until(condition::apply);
    }

    /** Signs the test server's owner in through the form and waits for the console page {@code next} (a /ui/ path). */
    public void signIn(TestServer server, String next) {
        driver.get(server.admin().base() + "/ui/login?next=" + next);
        byId("email").sendKeys(TestServer.OWNER_EMAIL);
        byId("password").sendKeys(TestServer.OWNER_PASSWORD);
        byId("sign-in").click();
        waitFor(d -> d.getCurrentUrl().endsWith(next));
    }

    public WebElement byId(String id) {
        return driver.findElement(By.id(id));
    }

    /** After every step: the browser logged no warning or error, and the page holds none of the secrets. */
    public void assertClean(String... secrets) {
        assertThat(consoleProblems()).as("browser console").isEmpty();
        String html = driver.getPageSource();
        for (String secret : secrets) {
            assertThat(html).doesNotContain(secret);
        }
    }

    private static void clearScreenshots(String run) {
        try (var files = Files.exists(SCREENSHOTS) ? Files.list(SCREENSHOTS) : java.util.stream.Stream.<Path>empty()) {
            for (Path file : files.filter(f -> f.getFileName().toString().startsWith(run + "-") && f.toString().endsWith(".png")).toList()) {
                Files.delete(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path screenshot(String name) {
        try {
            Files.createDirectories(SCREENSHOTS);
            Path file = SCREENSHOTS.resolve(run + "-" + name + ".png");
            Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Console messages at warning level or worse since the last call (errors, CSP violations, failed loads). */
    private List<String> consoleProblems() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.WARNING.intValue())
                .map(LogEntry::toString)
                .toList();
    }

    @Override
    public void close() {
        driver.quit();
    }

    private static Optional<String> firstExisting(List<String> paths) {
        return paths.stream().filter(p -> Files.isExecutable(Path.of(p))).findFirst();
    }
}
