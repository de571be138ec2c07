package io.gatehouse.console;

import io.gatehouse.testing.Browser;
import io.gatehouse.testing.GatewayWorld;
import io.gatehouse.testing.TestServer;
import io.gatehouse.testing.fake.FakeOpenAi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's journey in a real headless Chromium: sign in, create a configuration against a fake provider and
 * validate it, create a repository attached to it, create a key and read its secret once, chat through "try it",
 * see the request on the usage chart, create a BLOCK policy and see the blocked request among the violations.
 * After every step the page holds no provider secret and the browser logged no error; screenshots of each main
 * page land in {@code target/console-screenshots}. The steps build on each other, so they are one test: without
 * Chromium it is reported as one skipped test with the reason.
 */
class ConsoleBrowserTest {
    private static final String PROVIDER_SECRET = "sk-browser-provider-secret-0123456789";
    private TestServer server;
    private FakeOpenAi provider;
    private Browser browser;
    private WebDriver driver;
    private String keySecret;
    private String repoUrl;

    @Test
    void theJourneyThroughTheConsole() {
        browser = Browser.start("journey");
        driver = browser.driver();
        server = TestServer.start(GatewayWorld.settings());
        provider = new FakeOpenAi(PROVIDER_SECRET);
        step(this::signIn);
        step(this::createAndValidateAConfiguration);
        step(this::createARepositoryAttachedToIt);
        step(this::createAKeyAndReadItsSecretOnce);
        step(this::chatThroughTryIt);
        step(this::seeTheRequestInTheUsageChart);
        step(this::createABlockPolicy);
        step(this::aBlockedChatShowsItsPolicyOutcome);
        step(this::seeTheBlockedRequestInViolations);
        step(this::auditLogAndMembers);
        step(this::worksAtPhoneWidth);
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.close();
        }
        if (server != null) {
            server.close();
        }
        if (provider != null) {
            provider.close();
        }
    }

    /** One step, then: no console errors, and nothing secret in what the browser holds. */
    private void step(Runnable step) {
        step.run();
        browser.assertClean(PROVIDER_SECRET);
    }

    private String admin() {
        return server.admin().base();
    }

    private <T> T waitFor(Function<WebDriver, T> condition) {
        return browser.waitFor(condition);
    }

    private WebElement byId(String id) {
        return browser.byId(id);
    }

    private void signIn() {
        driver.get(admin() + "/ui/");
        waitFor(d -> d.getCurrentUrl().contains("/ui/login"));
        browser.screenshot("01-sign-in");
        byId("email").sendKeys(TestServer.OWNER_EMAIL);
        // Keyboard only: tab to the password, Enter submits.
        byId("email").sendKeys(Keys.TAB);
        driver.switchTo().activeElement().sendKeys(TestServer.OWNER_PASSWORD, Keys.ENTER);
        // The workspace's home page first (ConsoleOverviewBrowserTest follows it), then its configurations.
        waitFor(d -> d.getCurrentUrl().matches(".*/ui/w/[^/]+$"));
        driver.findElement(By.linkText("Configurations")).click();
        assertThat(driver.findElement(By.tagName("h1")).getText()).isEqualTo("AI LLM configurations");
    }

    private void createAndValidateAConfiguration() {
        byId("cfg-name").sendKeys("fake-openai");
        new Select(byId("cfg-type")).selectByValue("OPENAI");
        byId("cfg-endpoint").sendKeys(provider.endpoint());
        byId("cfg-secret").sendKeys(PROVIDER_SECRET);
        byId("create-configuration").submit();
        waitFor(d -> d.getPageSource().contains("Configuration created"));
        assertThat(byId("validation-status").getText()).isEqualTo("UNVALIDATED");
        byId("validate").sendKeys(Keys.ENTER);
        WebElement answer = waitFor(d -> d.findElement(By.id("validation-answer")));
        assertThat(answer.getText()).startsWith("Valid").contains("gpt-4o");
        // Without a reload: the summary tells the truth, and the focus is on the result, not on <body>.
        waitFor(d -> byId("validation-status").getText().equals("VALID"));
        assertThat(byId("configuration-models").getText()).contains("gpt-4o");
        waitFor(d -> "validation-answer".equals(d.switchTo().activeElement().getAttribute("id")));
        browser.screenshot("02-configuration-validated");
        driver.get(driver.getCurrentUrl().replaceAll("/configurations/.*", "/configurations"));
        assertThat(byId("configurations").getText()).contains("fake-openai", "VALID");
        browser.screenshot("03-configurations");
    }

    private void createARepositoryAttachedToIt() {
        driver.findElement(By.linkText("Repositories")).click();
        byId("repo-name").sendKeys("browser-repo");
        driver.findElement(By.cssSelector("#create-repo input[name=aiLlmId]")).click();
        byId("create-repo").submit();
        waitFor(d -> d.getPageSource().contains("Repository created"));
        repoUrl = driver.getCurrentUrl().replaceAll("\\?.*", "");
        assertThat(byId("models").getText()).contains("gpt-4o");
        browser.screenshot("04-repository");
        // The list names the attached configuration in its Configurations column.
        driver.findElement(By.linkText("Repositories")).click();
        WebElement row = byId("repos").findElement(By.xpath(".//tr[td/a[text()='browser-repo']]"));
        assertThat(row.findElements(By.tagName("td")).get(1).getText()).isEqualTo("fake-openai");
        driver.get(repoUrl);
    }

    private void createAKeyAndReadItsSecretOnce() {
        byId("key-name").sendKeys("browser key");
        byId("create-key").findElement(By.tagName("button")).click();
        WebElement secret = waitFor(d -> d.findElement(By.id("key-secret")));
        keySecret = secret.getText().trim();
        assertThat(keySecret).startsWith("ghk_");
        assertThat(byId("key-secret-box").getText()).contains("you will not see it again").doesNotContainIgnoringCase("reload");
        // The table lists the new key at once, while the secret stays on screen.
        waitFor(d -> byId("keys").getText().contains("browser key"));
        assertThat(byId("keys").getText()).doesNotContain("No keys yet");
        assertThat(byId("key-secret").getText().trim()).isEqualTo(keySecret);
        byId("copy-secret").click();
        browser.screenshot("05-key-created");
        driver.get(repoUrl);
        assertThat(driver.getPageSource()).contains("browser key").doesNotContain(keySecret);
    }

    private void chatThroughTryIt() {
        GatewayWorld.awaitKnown(server, keySecret);
        byId("try-key").sendKeys(keySecret);
        new Select(byId("try-model")).selectByValue("gpt-4o");
        byId("try-message").clear();
        byId("try-message").sendKeys("Say hello");
        byId("try-send").click();
        waitFor(d -> byId("try-outcome").getText().equals("Finished."));
        assertThat(byId("try-output").getText()).isEqualTo(FakeOpenAi.TEXT);
        // Beside the answer: status, latency, tokens and the request id; the focus on the outcome, not on <body>.
        assertThat(byId("try-facts").getText()).matches("Status 200 · \\d+ ms · 11 tokens in, 7 out · request id \\S+");
        waitFor(d -> "try-outcome".equals(d.switchTo().activeElement().getAttribute("id")));
        assertThat(byId("try-policies").getText()).isEqualTo("Policies: No policy acted on this request.");
        assertThat(new Select(byId("try-model")).getOptions()).extracting(o -> o.getAttribute("value"))
                .contains("gpt-4o").doesNotContain("text-embedding-3-small");
        browser.screenshot("06-try-it");
        assertThat(driver.getPageSource()).doesNotContain(keySecret.substring(8));
    }

    private void seeTheRequestInTheUsageChart() {
        String usage = repoUrl.replaceAll("/repos/.*", "/usage?range=h1");
        // The roll-up lands within the usage flush interval; reload until the chart counts the request.
        waitFor(d -> {
            d.get(usage);
            return new WebDriverWait(d, Duration.ofSeconds(5)).until(x -> x.findElement(By.id("chart-requests")).getAttribute("data-points") != null)
                    && !"0".equals(d.findElement(By.id("chart-requests")).getAttribute("data-points"));
        });
        assertThat(byId("chart-requests").getAttribute("data-points")).isEqualTo("1");
        waitFor(d -> d.findElement(By.id("chart-by-key")).getAttribute("data-points") != null);
        assertThat(byId("chart-by-key").getAttribute("data-points")).isEqualTo("1");
        // Cost beside tokens: the one gpt-4o request has a price.
        assertThat(byId("usage-total-cost").getText()).matches("\\$0\\.\\d{6}");
        browser.screenshot("07-usage");
    }

    private void createABlockPolicy() {
        driver.findElement(By.linkText("Policies")).click();
        new Select(byId("policy-scope")).selectByVisibleText("Repository browser-repo");
        byId("policy-name").sendKeys("No email addresses");
        byId("policy-content").sendKeys("Block any prompt that contains an email address.");
        new Select(byId("policy-risk")).selectByValue("HIGH");
        new Select(byId("policy-action")).selectByVisibleText("Block");
        // "Check this policy" answers with the judge's advice, or says why it cannot (no judge configured here).
        byId("check-policy").click();
        assertThat(waitFor(d -> d.findElement(By.id("policy-check-answer"))).getText()).isNotBlank();
        browser.screenshot("08-policy-check");
        byId("create-policy").submit();
        waitFor(d -> d.getPageSource().contains("Policy created"));
        assertThat(byId("policies").getText()).contains("No email addresses", "REPOSITORY", "Block", "enabled");
        // The enforcement badge and its reason: this wording is the detectors' alone.
        assertThat(byId("policies").findElement(By.cssSelector(".enforcement.detectors")).getText()).isEqualTo("Detectors");
        assertThat(byId("policies").getText()).contains("Detectors decide it alone (EMAIL): no judge call.");
        browser.screenshot("09-policies");
    }

    private void aBlockedChatShowsItsPolicyOutcome() {
        driver.get(repoUrl);
        byId("try-key").sendKeys(keySecret);
        byId("try-message").clear();
        byId("try-message").sendKeys("Write to me at jane.doe@example.com please");
        // Gateways pick the new policy up within a second; send until it applies.
        waitFor(d -> {
            byId("try-send").click();
            new WebDriverWait(d, Duration.ofSeconds(10)).until(x -> byId("try-send").isEnabled() && !byId("try-outcome").getText().equals("Sending…"));
            return byId("try-outcome").getText().contains("Blocked by policy");
        });
        assertThat(byId("try-outcome").getAttribute("data-status")).isEqualTo("403");
        waitFor(d -> byId("try-policies").getText().startsWith("Policies: No email addresses: blocked (INPUT: "));
        assertThat(byId("try-output").getText()).isEmpty();
        browser.screenshot("10-try-it-blocked");
    }

    private void seeTheBlockedRequestInViolations() {
        String violations = repoUrl.replaceAll("/repos/.*", "/violations?block=true");
        waitFor(d -> {
            d.get(violations);
            return byId("violations").getText().contains("No email addresses");
        });
        assertThat(byId("violations").getText()).contains("browser-repo", "blocked", "HIGH");
        browser.screenshot("11-violations");
    }

    private void auditLogAndMembers() {
        driver.findElement(By.linkText("Audit log")).click();
        assertThat(byId("audit").getText()).contains("created key", "created repository", "validated configuration");
        browser.screenshot("12-audit");
        driver.findElement(By.partialLinkText("members")).click();
        assertThat(byId("members").getText()).contains(TestServer.OWNER_EMAIL, "ADMIN");
        browser.screenshot("13-members");
    }

    private void worksAtPhoneWidth() {
        browser.resize(390, 844);
        try {
            driver.get(repoUrl);
            Object overflow = browser.script("return document.documentElement.scrollWidth > window.innerWidth + 1;");
            assertThat(overflow).as("horizontal overflow at 390 px").isEqualTo(false);
            browser.screenshot("14-repository-phone");
            driver.get(repoUrl.replaceAll("/repos/.*", "/usage"));
            waitFor(d -> d.findElement(By.id("chart-requests")).getAttribute("data-points") != null);
            browser.screenshot("15-usage-phone");
        } finally {
            browser.resize(1280, 900);
        }
    }
}
