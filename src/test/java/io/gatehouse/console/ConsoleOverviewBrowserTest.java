package io.gatehouse.console;

import io.gatehouse.testing.Api;
import io.gatehouse.testing.Browser;
import io.gatehouse.testing.GatewayWorld;
import io.gatehouse.testing.HttpResult;
import io.gatehouse.testing.PlatformCalls;
import io.gatehouse.testing.TestServer;
import io.gatehouse.testing.Usage;
import io.gatehouse.testing.fake.FakeOpenAi;
import io.gatehouse.usage.UsageStore;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A workspace's home page, the usage page and the request log in a real headless Chromium: the getting-started
 * checklist of an empty workspace (each step a link, ticked once done), then after traffic the last hour's requests
 * and errors, a configuration failing validation and a key about to expire; the usage page's default range chosen
 * for the data there is, its headline, latency percentiles, status breakdown, last use per key and chart tables;
 * the request log's rows, filters and request ids, with no prompt in the page. Screenshots: {@code overview-…}.
 */
class ConsoleOverviewBrowserTest {
    private static final String PROVIDER_SECRET = "sk-overview-provider-secret-0123456789";
    private static final String PROMPT = "Say hello to the overview";
    @AutoClose
    private TestServer server;
    @AutoClose
    private FakeOpenAi provider;
    @AutoClose
    private Browser browser;
    private WebDriver driver;
    private String ws;

    @Test
    void homeUsageAndRequestLogTellWhatHappened() {
        browser = Browser.start("overview");
        driver = browser.driver();
        server = TestServer.start(GatewayWorld.settings());
        provider = new FakeOpenAi(PROVIDER_SECRET);
        Api api = server.owner().api();
        ws = server.defaultWorkspace(server.owner());

        // An empty workspace: five steps, none done, each a link to where it is done.
        browser.signIn(server, "/ui/w/" + ws);
        List<WebElement> steps = browser.byId("getting-started").findElements(By.tagName("li"));
        assertThat(steps).hasSize(5).allMatch(s -> s.getAttribute("class").equals("todo"));
        assertThat(steps.get(0).findElement(By.tagName("a")).getAttribute("href")).endsWith("/ui/w/" + ws + "/configurations");
        assertThat(steps.get(4).findElement(By.tagName("a")).getAttribute("href")).endsWith("/ui/w/" + ws + "/policies");
        assertThat(browser.byId("overview-traffic").getText()).contains("Last hour", "Last 24 hours");
        browser.screenshot("1-empty-workspace");
        browser.assertClean(PROVIDER_SECRET);

        // A working configuration, one that fails validation, a repository, a key expiring in three days.
        String config = PlatformCalls.aiLlm(api, ws, "fake-openai", "OPENAI", provider.endpoint(), PROVIDER_SECRET);
        PlatformCalls.validate(api, config);
        String broken = PlatformCalls.aiLlm(api, ws, "unreachable", "OPENAI", "http://127.0.0.1:9/v1", PROVIDER_SECRET);
        api.post("/ai/llm/" + broken + "/validate", null);
        String repo = PlatformCalls.repo(api, ws, "overview-repo", config);
        HttpResult created = api.post("/repo/" + repo + "/ai/apikey",
                Map.of("name", "expiring key", "expiresAt", Instant.now().plus(Duration.ofDays(3)).toString()));
        String keyId = created.text("id");
        String secret = created.text("secret");
        GatewayWorld.awaitKnown(server, secret);

        // A request three days ago only: the usage page opens on the last 7 days, not on an empty day.
        new UsageStore(server.node().database().jdbi()).write(List.of(Usage.at(Instant.now().minus(Duration.ofDays(3)))
                .org(server.owner().orgId(), ws).dims(repo, config, keyId).model("OPENAI", "gpt-4o", "127.0.0.1")
                .requestId("old-request").build()));
        driver.get(admin() + "/ui/w/" + ws + "/usage");
        assertThat(new Select(browser.byId("usage-range")).getFirstSelectedOption().getAttribute("value")).isEqualTo("d7");
        assertThat(browser.byId("headline-requests").getText()).isEqualTo("1");

        // Now traffic: one answered request, one for a model the repository does not reach.
        String body = "{\"model\":\"%s\",\"messages\":[{\"role\":\"user\",\"content\":\"" + PROMPT + "\"}]}";
        assertThat(GatewayWorld.post(server, "/v1/chat/completions", secret, body.formatted("gpt-4o"), "x-request-id", "overview-ok").status())
                .isEqualTo(200);
        assertThat(GatewayWorld.post(server, "/v1/chat/completions", secret, body.formatted("no-such-model"), "x-request-id", "overview-fail").status())
                .isGreaterThanOrEqualTo(400);

        // Home: the last hour's two requests and one error; the steps done are ticked; the failing configuration
        // and the expiring key are named.
        browser.waitFor(d -> {
            d.get(admin() + "/ui/w/" + ws);
            return lastHour().findElement(By.className("requests")).getText().equals("2");
        });
        assertThat(lastHour().findElement(By.className("errors")).getText()).isEqualTo("1");
        assertThat(lastHour().findElement(By.className("cost")).getText()).matches("\\$0\\.\\d{6}");
        steps = browser.byId("getting-started").findElements(By.tagName("li"));
        assertThat(steps).extracting(s -> s.getAttribute("class")).containsExactly("done", "done", "done", "done", "todo");
        assertThat(browser.byId("failing-configurations").getText()).contains("unreachable").doesNotContain("fake-openai");
        assertThat(browser.byId("expiring-keys").getText()).contains("overview-repo / expiring key", "expires");
        browser.screenshot("2-home-with-traffic");
        browser.assertClean(PROVIDER_SECRET);

        // Usage: the last 24 hours hold the new requests; headline, percentiles, statuses, last use per key, chart tables.
        driver.get(admin() + "/ui/w/" + ws + "/usage");
        assertThat(new Select(browser.byId("usage-range")).getFirstSelectedOption().getAttribute("value")).isEqualTo("h24");
        assertThat(browser.byId("headline-requests").getText()).isEqualTo("2");
        assertThat(browser.byId("headline-errors").getText()).isEqualTo("1");
        assertThat(browser.byId("headline-p50").getText()).matches("\\d+ ms");
        assertThat(browser.byId("headline-p95").getText()).matches("\\d+ ms");
        assertThat(browser.byId("usage-statuses").getText()).contains("200");
        assertThat(browser.byId("usage-outcomes").getText()).contains("ok");
        assertThat(browser.byId("usage-keys").getText()).contains("expiring key", "UTC");
        browser.waitFor(d -> d.findElement(By.id("chart-requests")).getAttribute("data-points") != null);
        driver.findElement(By.cssSelector(".chart-box details summary")).click();
        assertThat(browser.byId("table-requests").getText()).contains("Time (UTC)", "Requests", "2");
        browser.screenshot("3-usage");
        browser.assertClean(PROVIDER_SECRET);

        // The request log: both requests with their ids, newest first; filters narrow; never the prompt.
        browser.byId("request-log-link").click();
        browser.waitFor(d -> d.getCurrentUrl().contains("/requests"));
        String log = browser.byId("requests").getText();
        assertThat(log).contains("overview-ok", "overview-fail", "expiring key", "gpt-4o", "OPENAI").doesNotContain("old-request");
        assertThat(log.indexOf("overview-fail")).isLessThan(log.indexOf("overview-ok"));
        assertThat(driver.getPageSource()).doesNotContain(PROMPT);
        new Select(browser.byId("rl-status")).selectByValue("4xx");
        browser.byId("rl-show").click();
        browser.waitFor(d -> d.getCurrentUrl().contains("status=4xx"));
        assertThat(browser.byId("requests").getText()).contains("overview-fail").doesNotContain("overview-ok");
        browser.screenshot("4-request-log-errors");
        new Select(browser.byId("rl-status")).selectByValue("");
        new Select(browser.byId("rl-range")).selectByValue("d7");
        browser.byId("rl-request").sendKeys("old-request");
        browser.byId("rl-show").click();
        browser.waitFor(d -> d.getCurrentUrl().contains("requestId=old-request"));
        assertThat(browser.byId("requests").findElements(By.cssSelector("tbody tr"))).hasSize(1);
        assertThat(browser.byId("requests").getText()).contains("old-request", "expiring key");
        browser.screenshot("5-request-log-by-id");
        browser.assertClean(PROVIDER_SECRET, secret);
    }

    private WebElement lastHour() {
        return browser.byId("overview-traffic").findElement(By.xpath(".//tr[th[text()='Last hour']]"));
    }

    private String admin() {
        return server.admin().base();
    }
}
