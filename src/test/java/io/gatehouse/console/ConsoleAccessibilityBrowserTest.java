package io.gatehouse.console;

import io.gatehouse.testing.Axe;
import io.gatehouse.testing.Browser;
import io.gatehouse.testing.ConsoleRun;
import io.gatehouse.testing.GatewayWorld;
import io.gatehouse.testing.PlatformCalls;
import io.gatehouse.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An axe-core scan of every console page in a real headless Chromium: the sign-in page (also after a failed
 * attempt), every page the section menu leads to (so a page added to the menu is scanned too), one configuration,
 * repository and policy, and the not-found page; on a desktop and on a phone-sized screen. No page may have a
 * serious or critical violation. Screenshots: {@code accessibility-…}.
 */
class ConsoleAccessibilityBrowserTest {
    private static final String PROVIDER_SECRET = "sk-accessibility-provider-secret-0123456789";
    private ConsoleRun run;
    private Browser browser;

    @Test
    void everyPageHasNoSeriousAccessibilityViolation() {
        run = ConsoleRun.start("accessibility", PROVIDER_SECRET);
        browser = run.browser();
        WebDriver driver = browser.driver();
        TestServer server = run.server();
        var api = server.owner().api();
        String ws = server.defaultWorkspace(server.owner());
        String config = PlatformCalls.aiLlm(api, ws, "fake-openai", "OPENAI", run.provider().endpoint(), PROVIDER_SECRET);
        PlatformCalls.validate(api, config);
        String repo = PlatformCalls.repo(api, ws, "a11y-repo", config);
        String policy = PlatformCalls.policy(api, ws, null, "No emails", "Block any prompt that contains an email address.", "HIGH", 2);
        GatewayWorld.Key key = GatewayWorld.key(server, repo, "a11y key");
        GatewayWorld.post(server, "/v1/chat/completions", key.secret(),
                "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"mail jane@example.com\"}]}");

        Map<String, List<String>> found = new LinkedHashMap<>();
        String admin = server.admin().base();
        driver.get(admin + "/ui/login");
        scan("login", found);
        browser.byId("email").sendKeys(TestServer.OWNER_EMAIL);
        browser.byId("password").sendKeys("wrong password", Keys.ENTER);
        browser.waitFor(d -> !d.findElements(By.cssSelector("p.error")).isEmpty());
        ConsoleOperationsBrowserTest.expectOnlyTheRefusedSignInLogged(driver);
        scan("login-failed", found);
        browser.byId("password").sendKeys(TestServer.OWNER_PASSWORD, Keys.ENTER);
        browser.waitFor(d -> d.getCurrentUrl().contains("/ui/w/"));

        String base = admin + "/ui/w/" + ws;
        Set<String> pages = new LinkedHashSet<>();
        for (WebElement link : driver.findElements(By.cssSelector("nav.menu a"))) {
            pages.add(link.getAttribute("href"));
        }
        assertThat(pages).hasSizeGreaterThanOrEqualTo(8);
        pages.addAll(List.of(base + "/configurations/" + config, base + "/repos/" + repo, base + "/policies/" + policy,
                admin + "/ui/no-such-page"));
        for (int width : List.of(1280, 390)) {
            browser.resize(width, 900);
            for (String page : pages) {
                driver.get(page);
                browser.waitFor(d -> "complete".equals(browser.script("return document.readyState")));
                if (page.endsWith("/no-such-page")) {
                    // The not-found page answers 404, which the browser logs.
                    assertThat(driver.manage().logs().get(LogType.BROWSER).getAll()).extracting(LogEntry::getMessage)
                            .allMatch(m -> m.contains("/ui/no-such-page") && m.contains("404"));
                }
                scan(width + "-" + page.substring(page.lastIndexOf('/') + 1), found);
            }
        }
        assertThat(found).as("serious or critical axe-core violations by page").isEmpty();
    }

    /** Scans the page, keeps what axe found under its name, and checks the browser logged nothing. */
    private void scan(String name, Map<String, List<String>> found) {
        run.step(() -> {
            List<String> serious = new ArrayList<>(Axe.seriousViolations(browser));
            if (!serious.isEmpty()) {
                found.put(name, serious);
            }
            browser.screenshot(name.replaceAll("[^A-Za-z0-9-]", "_"));
        });
    }

    @AfterEach
    void stop() {
        if (run != null) {
            run.close();
        }
    }
}
