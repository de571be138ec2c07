package io.gatehouse.console;

import io.gatehouse.testing.Browser;
import io.gatehouse.testing.ConsoleRun;
import io.gatehouse.testing.GatewayWorld;
import io.gatehouse.testing.PlatformCalls;
import io.gatehouse.testing.TestServer;
import io.gatehouse.testing.fake.FakeOpenAi;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;
import java.util.List;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an operator does beyond the first journey, in a real headless Chromium: a failed sign-in keeps the e-mail;
 * a policy says how it will be enforced as its rule is typed, in the list and on its page, and when it needs the
 * judge the organization lacks, links to the judge form on the same page; "Applies to" starts at the workspace and
 * the repository filter shows what applies to it; "try it" uses the key just created without it being pasted; a
 * redaction shows the count of masked spans; alerts list ALERT rules' hits unless asked for more; date filters fit
 * at 1440 px; under 600 px the menu folds and wide tables say they scroll. Screenshots: {@code operations-…}.
 */
class ConsoleOperationsBrowserTest {
    private static final String PROVIDER_SECRET = "sk-operations-provider-secret-0123456789";
    private ConsoleRun run;
    private TestServer server;
    private FakeOpenAi provider;
    private Browser browser;
    private WebDriver driver;
    private String base;
    private String repoUrl;
    private String judgedPolicy;

    @Test
    void operatingTheConsole() {
        run = ConsoleRun.start("operations", PROVIDER_SECRET);
        browser = run.browser();
        driver = browser.driver();
        server = run.server();
        provider = run.provider();
        run.step(this::aFailedSignInKeepsTheEmail);
        run.step(this::aWorkspaceWithPolicies);
        run.step(this::enforcementIsSaidAsTheRuleIsTyped);
        run.step(this::aPolicyPageSaysWhatDecidesItAndOffersTheJudge);
        run.step(this::theAuditLogSaysWhatChangedInWords);
        run.step(this::alertWebhooksAreEditedWithTheirSecretShownOnce);
        run.step(this::someoneNewIsInvitedWithAOneTimePassword);
        run.step(this::tryItUsesTheKeyJustCreated);
        run.step(this::aRedactionCountsItsMaskedSpans);
        run.step(this::alertsAreAlertRulesHitsUnlessAskedForMore);
        run.step(this::dateFiltersFitAtDesktopWidth);
        run.step(this::aPhoneFoldsTheMenuAndTablesSayTheyScroll);
    }

    @AfterEach
    void stop() {
        if (run != null) {
            run.close();
        }
    }

    private <T> T waitFor(Function<WebDriver, T> condition) {
        return browser.waitFor(condition);
    }

    private WebElement byId(String id) {
        return browser.byId(id);
    }

    private void aFailedSignInKeepsTheEmail() {
        driver.get(server.admin().base() + "/ui/login");
        byId("email").sendKeys(TestServer.OWNER_EMAIL);
        byId("password").sendKeys("not-the-password", Keys.ENTER);
        waitFor(d -> !d.findElements(By.cssSelector("p.error")).isEmpty());
        expectOnlyTheRefusedSignInLogged(driver);
        assertThat(byId("email").getAttribute("value")).isEqualTo(TestServer.OWNER_EMAIL);
        assertThat(byId("password").getAttribute("value")).isEmpty();
        // Only the password is typed again, and the focus waits there.
        assertThat(driver.switchTo().activeElement().getAttribute("id")).isEqualTo("password");
        browser.screenshot("01-sign-in-failed");
        driver.switchTo().activeElement().sendKeys(TestServer.OWNER_PASSWORD, Keys.ENTER);
        waitFor(d -> d.getCurrentUrl().contains("/ui/w/"));
    }

    /** The refused sign-in answers 401, which the browser logs; nothing else may be logged. */
    static void expectOnlyTheRefusedSignInLogged(WebDriver driver) {
        assertThat(driver.manage().logs().get(LogType.BROWSER).getAll()).extracting(LogEntry::getMessage)
                .allMatch(m -> m.contains("/ui/login") && m.contains("401"));
    }

    private void aWorkspaceWithPolicies() {
        var api = server.owner().api();
        String ws = server.defaultWorkspace(server.owner());
        base = server.admin().base() + "/ui/w/" + ws;
        String config = PlatformCalls.aiLlm(api, ws, "fake-openai", "OPENAI", provider.endpoint(), PROVIDER_SECRET);
        PlatformCalls.validate(api, config);
        String repo = PlatformCalls.repo(api, ws, "ops-repo", config);
        repoUrl = base + "/repos/" + repo;
        PlatformCalls.policy(api, ws, null, "Mask emails", "Redact e-mail addresses.", "MEDIUM", 3);
        PlatformCalls.policy(api, ws, null, "Watch addresses", "Alert on any prompt that contains an IP address.", "LOW", 1);
        PlatformCalls.policy(api, null, repo, "No card numbers", "Block any prompt that contains a payment card number.", "HIGH", 2);
        judgedPolicy = PlatformCalls.policy(api, ws, null, "No competitors", "Log prompts that discuss competitors.", "LOW", 0);
    }

    private void enforcementIsSaidAsTheRuleIsTyped() {
        driver.get(base + "/policies");
        // "Applies to" starts at the workspace, not at the first repository.
        assertThat(new Select(byId("policy-scope")).getFirstSelectedOption().getText()).startsWith("Workspace");
        // In the list: each policy's badge.
        assertThat(byId("policies").findElements(By.cssSelector(".enforcement.detectors"))).hasSize(3);
        assertThat(byId("policies").findElement(By.cssSelector(".enforcement.unjudged")).getText()).isEqualTo("Judge");
        byId("policy-content").sendKeys("Block any prompt that contains a payment card number.");
        waitFor(d -> byId("policy-reading").getText().contains("Detectors decide it alone (CARD)"));
        assertThat(byId("policy-reading").findElements(By.id("policy-reading-judge"))).isEmpty();
        // A rule only the judge can decide, as a Block rule, with no judge: said in words, with the way to one.
        byId("policy-content").clear();
        byId("policy-content").sendKeys("Block prompts that discuss competitors.");
        new Select(byId("policy-action")).selectByVisibleText("Block");
        // Each keystroke and the action's change may swap the reading again: find it afresh each time.
        waitFor(d -> d.findElement(By.id("policy-reading-judge")).getText().contains("stop every request"));
        assertThat(byId("policy-reading").getText()).contains("\"competitors\"").doesNotContain("PUT", "/organization");
        browser.screenshot("02-policy-typed");
        // A late reading may replace the link as it is clicked: click the one there is then.
        waitFor(d -> {
            d.findElement(By.id("policy-reading-judge")).findElement(By.linkText("Choose a judge model for the organization")).click();
            return true;
        });
        assertThat(driver.getCurrentUrl()).endsWith("/policies#org-settings");
        assertThat(byId("org-settings").isDisplayed()).isTrue();
        // Saving it anyway is refused in the operator's words, not with an API call to make.
        byId("policy-name").sendKeys("Competitors");
        byId("create-policy").submit();
        waitFor(d -> !d.findElements(By.cssSelector("main > p.error")).isEmpty());
        assertThat(driver.findElement(By.cssSelector("main > p.error")).getText())
                .contains("only a judge model can decide", "Organization: policy judge").doesNotContain("PUT /organization");
        // The repository filter shows what applies to that repository: the workspace's policies as well as its own.
        new Select(byId("policy-repo-filter")).selectByVisibleText(
                "What applies to repository ops-repo: the organization's, the workspace's and its own");
        byId("policy-repo-filter").submit();
        waitFor(d -> d.getCurrentUrl().contains("repoId="));
        assertThat(byId("policies").getText()).contains("No card numbers", "Mask emails", "No competitors");
        assertThat(new Select(byId("policy-scope")).getFirstSelectedOption().getText()).isEqualTo("Repository ops-repo");
        browser.screenshot("03-policies-of-a-repository");
    }

    private void aPolicyPageSaysWhatDecidesItAndOffersTheJudge() {
        driver.get(base + "/policies/" + judgedPolicy);
        assertThat(byId("policy-enforcement").getText()).contains("Judge", "\"competitors\"", "No judge is configured");
        byId("policy-enforcement").findElement(By.linkText("Choose a judge model for the organization")).click();
        assertThat(driver.getCurrentUrl()).endsWith("/policies/" + judgedPolicy + "#org-settings");
        assertThat(byId("org-settings").getText()).contains("Judge configuration");
        waitFor(d -> byId("policy-reading").getText().contains("The judge decides it"));
        browser.screenshot("04-policy-needs-a-judge");
    }

    private void theAuditLogSaysWhatChangedInWords() {
        driver.get(base + "/policies/" + judgedPolicy);
        byId("policy-content").clear();
        byId("policy-content").sendKeys("Log prompts that discuss competitors or rivals.");
        byId("edit-policy").submit();
        waitFor(d -> d.getPageSource().contains("Policy saved"));
        driver.get(base + "/audit?context=POLICY&event=UPDATED");
        WebElement row = byId("audit").findElement(By.cssSelector("tbody tr"));
        assertThat(row.findElement(By.cssSelector(".audit-sentence")).getText())
                .endsWith("changed policy No competitors: rule");
        assertThat(row.findElement(By.cssSelector("dl.changes")).getText()).contains("rule",
                "Log prompts that discuss competitors. → Log prompts that discuss competitors or rivals.");
        assertThat(row.getText()).doesNotContain(judgedPolicy, "POLICY", "UPDATED");
        browser.screenshot("05-audit-in-words");
    }

    private void alertWebhooksAreEditedWithTheirSecretShownOnce() {
        driver.get(base + "/policies");
        byId("webhook-url").sendKeys("https://alerts.example.com/gatehouse");
        byId("add-webhook").findElement(By.tagName("button")).click();
        String secret = waitFor(d -> d.findElement(By.id("webhook-secret"))).getText().trim();
        assertThat(secret).startsWith("whsec_");
        waitFor(d -> byId("webhook-list").getText().contains("yes"));
        assertThat(byId("webhook-list").findElement(By.cssSelector("input[type=url]")).getAttribute("value"))
                .isEqualTo("https://alerts.example.com/gatehouse");
        var hooks = server.owner().api().get("/organization/" + server.owner().orgId() + "/settings").json()
                .path("settings").path("webhooks");
        assertThat(hooks).hasSize(1);
        assertThat(hooks.path(0).path("hasSecret").asBoolean()).isTrue();
        browser.screenshot("06-webhook-added");
        // A new address keeps the secret; the secret is never shown again.
        driver.navigate().refresh();
        assertThat(driver.getPageSource()).doesNotContain(secret);
        WebElement url = byId("webhook-list").findElement(By.cssSelector("input[type=url]"));
        url.clear();
        url.sendKeys("https://alerts.example.com/v2");
        url.submit();
        waitFor(d -> d.getPageSource().contains("Webhook address changed"));
        hooks = server.owner().api().get("/organization/" + server.owner().orgId() + "/settings").json()
                .path("settings").path("webhooks");
        assertThat(hooks.path(0).path("url").asText()).isEqualTo("https://alerts.example.com/v2");
        assertThat(hooks.path(0).path("hasSecret").asBoolean()).isTrue();
        byId("webhook-list").findElement(By.xpath(".//button[text()='Remove']")).click();
        driver.switchTo().alert().accept();
        waitFor(d -> d.getPageSource().contains("Webhook removed"));
        assertThat(byId("webhook-list").getText()).contains("No webhooks");
    }

    private void someoneNewIsInvitedWithAOneTimePassword() {
        driver.get(base + "/members");
        byId("invite-email").sendKeys("jane@gatehouse.test");
        byId("invite-name").sendKeys("Jane");
        new Select(byId("invite-role")).selectByValue("WRITE");
        byId("invite-member").findElement(By.tagName("button")).click();
        String password = waitFor(d -> d.findElement(By.id("invite-password"))).getText().trim();
        waitFor(d -> byId("members").getText().contains("jane@gatehouse.test"));
        assertThat(byId("members").getText()).contains("WRITE");
        browser.screenshot("07-member-invited");
        // The password works, once handed over.
        assertThat(server.login("jane@gatehouse.test", password).userId()).isNotBlank();
        driver.navigate().refresh();
        assertThat(driver.getPageSource()).doesNotContain(password);
    }

    private void tryItUsesTheKeyJustCreated() {
        driver.get(repoUrl);
        byId("key-name").sendKeys("ops key");
        byId("create-key").findElement(By.tagName("button")).click();
        String secret = waitFor(d -> d.findElement(By.id("key-secret"))).getText().trim();
        assertThat(byId("try-key-created").getText()).contains("ops key");
        GatewayWorld.awaitKnown(server, secret);
        byId("try-message").clear();
        byId("try-message").sendKeys("Mail ann@example.com and bob@example.com from 10.1.2.3");
        // Nothing pasted: the key just created is used. Gateways pick the policies up within a second.
        waitFor(d -> {
            byId("try-send").click();
            new WebDriverWait(d, Duration.ofSeconds(10)).until(x -> byId("try-send").isEnabled()
                    && !byId("try-outcome").getText().equals("Sending…") && !byId("try-policies").getText().isEmpty());
            return byId("try-policies").getText().contains("Mask emails");
        });
        assertThat(byId("try-outcome").getText()).isEqualTo("Finished.");
        assertThat(byId("try-policies").getText()).contains("Mask emails: redacted (2 spans masked)", "Watch addresses: alerted");
        waitFor(d -> "try-outcome".equals(d.switchTo().activeElement().getAttribute("id")));
        browser.screenshot("08-try-it-with-the-new-key");
        byId("try-message").clear();
        byId("try-message").sendKeys("My card is 4111 1111 1111 1111");
        byId("try-send").click();
        waitFor(d -> byId("try-outcome").getText().contains("Blocked by policy"));
        // The key served this page only: after a reload it must be pasted, and its secret is nowhere.
        driver.get(repoUrl);
        assertThat(driver.findElements(By.id("try-key-created"))).isEmpty();
        assertThat(byId("try-key").getAttribute("required")).isNotNull();
        assertThat(driver.getPageSource()).doesNotContain(secret);
        assertThat(driver.manage().getCookies().toString()).doesNotContain(secret);
    }

    private void aRedactionCountsItsMaskedSpans() {
        driver.get(base + "/violations");
        WebElement row = waitFor(d -> {
            d.navigate().refresh();
            List<WebElement> rows = byId("violations").findElements(By.xpath(".//tr[td[text()='Mask emails']]"));
            return rows.isEmpty() ? null : rows.getFirst();
        });
        assertThat(row.findElement(By.cssSelector("td.outcome")).getText()).isEqualTo("redacted (2 spans masked)");
        browser.screenshot("09-violations");
    }

    private void alertsAreAlertRulesHitsUnlessAskedForMore() {
        driver.get(base + "/alerts");
        waitFor(d -> {
            d.navigate().refresh();
            return byId("alerts").getText().contains("Watch addresses");
        });
        assertThat(byId("alerts").getText()).doesNotContain("No card numbers");
        new Select(byId("f-rules")).selectByVisibleText("Alert and block rules");
        byId("event-filters").submit();
        waitFor(d -> d.getCurrentUrl().contains("rules=all"));
        assertThat(byId("alerts").getText()).contains("Watch addresses", "Alert rule", "No card numbers", "Block rule");
        browser.screenshot("10-alerts-all-rules");
    }

    private void dateFiltersFitAtDesktopWidth() {
        browser.resize(1440, 900);
        try {
            for (String page : List.of("/violations", "/alerts")) {
                driver.get(base + page);
                for (String id : List.of("f-from", "f-to")) {
                    // The field is at least as wide as it is when its width is left to its content.
                    Object widths = browser.script("""
                            var input = document.getElementById(arguments[0]);
                            var natural = input.cloneNode();
                            natural.style.width = 'auto';
                            natural.style.minWidth = '0';
                            natural.style.position = 'absolute';
                            document.body.appendChild(natural);
                            var need = natural.getBoundingClientRect().width;
                            natural.remove();
                            return [input.getBoundingClientRect().width, need];""", id);
                    List<?> w = (List<?>) widths;
                    assertThat(((Number) w.get(0)).doubleValue()).as(id + " on " + page + " at 1440 px")
                            .isGreaterThanOrEqualTo(((Number) w.get(1)).doubleValue() - 1);
                }
            }
            browser.screenshot("11-violation-filters-1440");
        } finally {
            browser.resize(1280, 900);
        }
    }

    private void aPhoneFoldsTheMenuAndTablesSayTheyScroll() {
        browser.resize(390, 844);
        try {
            driver.get(base + "/violations");
            WebElement menu = driver.findElement(By.cssSelector("nav.menu .menu-button"));
            assertThat(menu.isDisplayed()).isTrue();
            assertThat(menu.getAttribute("aria-expanded")).isEqualTo("false");
            assertThat(driver.findElement(By.cssSelector("nav.menu a[href$='/policies']")).isDisplayed()).isFalse();
            browser.screenshot("12-phone-menu-folded");
            // The wide table says it scrolls, and takes the focus to be scrolled with the keyboard.
            WebElement wrap = byId("violations").findElement(By.xpath(".."));
            waitFor(d -> wrap.getAttribute("class").contains("scrolls"));
            assertThat(wrap.getAttribute("tabindex")).isEqualTo("0");
            assertThat(driver.findElement(By.cssSelector(".scroll-hint")).getText()).contains("scroll it sideways");
            menu.click();
            assertThat(menu.getAttribute("aria-expanded")).isEqualTo("true");
            assertThat(driver.findElement(By.cssSelector("nav.menu a[href$='/policies']")).isDisplayed()).isTrue();
            browser.screenshot("13-phone-menu-open");
            Object overflow = browser.script("return document.documentElement.scrollWidth > window.innerWidth + 1;");
            assertThat(overflow).as("horizontal overflow at 390 px").isEqualTo(false);
            driver.findElement(By.cssSelector("nav.menu a[href$='/policies']")).click();
            waitFor(d -> d.getCurrentUrl().endsWith("/policies"));
        } finally {
            browser.resize(1280, 900);
        }
    }
}
