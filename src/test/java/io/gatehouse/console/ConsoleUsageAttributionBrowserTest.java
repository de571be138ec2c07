package io.gatehouse.console;

import io.gatehouse.testing.Api;
import io.gatehouse.testing.Axe;
import io.gatehouse.testing.Browser;
import io.gatehouse.testing.GatewayWorld;
import io.gatehouse.testing.PlatformCalls;
import io.gatehouse.testing.TestServer;
import io.gatehouse.testing.Usage;
import io.gatehouse.usage.UsageRecord;
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
 * The usage page's AI gateway dashboard in a real headless Chromium: the v2 series of the window drawn as charts
 * (requests and active conversations, tokens, cost) with their tables, the summary of requests per bucket, and who
 * and which conversation spent what — end users (a member by name) and conversations with requests, tokens and cost,
 * each a link that narrows the page to its requests, and back to everyone's. The filled page passes axe-core.
 * Screenshots: {@code usage-…}.
 */
class ConsoleUsageAttributionBrowserTest {
    private static final String PROVIDER_SECRET = "sk-usage-provider-secret-0123456789";
    @AutoClose
    private TestServer server;
    @AutoClose
    private Browser browser;

    @Test
    void usagePageShowsTheDashboardAndWhoSpentWhat() {
        browser = Browser.start("usage");
        WebDriver driver = browser.driver();
        server = TestServer.start(GatewayWorld.settings());
        Api api = server.owner().api();
        String ws = server.defaultWorkspace(server.owner());
        String config = PlatformCalls.aiLlm(api, ws, "usage-openai", "OPENAI", null, PROVIDER_SECRET);
        String repo = PlatformCalls.repo(api, ws, "usage-repo", config);
        String key = PlatformCalls.repoKey(api, repo, "usage key").text("id");
        String owner = server.owner().userId();

        // Four requests a few minutes ago: the owner's in conv-a, an outside user's two in conv-b, and one naming nobody.
        Instant at = Instant.now().minus(Duration.ofMinutes(3));
        String org = server.owner().orgId();
        List<UsageRecord> usage = List.of(
                request(at, org, ws, repo, config, key, 100, 50, 1_500L).attributed(owner, "conv-a").build(),
                request(at, org, ws, repo, config, key, 10, 5, 200L).attributed("ext-user-9", "conv-b").build(),
                request(at, org, ws, repo, config, key, 20, 5, 300L).attributed("ext-user-9", "conv-b").build(),
                request(at, org, ws, repo, config, key, 7, 7, 100L).build());
        new UsageStore(server.node().database().jdbi()).write(usage);

        browser.signIn(server, "/ui/w/" + ws + "/usage");
        assertThat(new Select(browser.byId("usage-range")).getFirstSelectedOption().getAttribute("value")).isEqualTo("h24");
        assertThat(browser.byId("headline-requests").getText()).isEqualTo("4");

        // The dashboard: the 24h window's summary and its charts, drawn, each with its data as a table.
        assertThat(browser.byId("ai-title").getText()).contains("24h", "1h");
        assertThat(browser.byId("ai-total").getText()).isEqualTo("4");
        browser.waitFor(d -> d.findElement(By.id("chart-ai-requests")).getAttribute("data-points") != null);
        assertThat(browser.byId("chart-ai-requests").getAttribute("data-points")).as("4 requests + 2 conversations").isEqualTo("6");
        browser.waitFor(d -> d.findElement(By.id("chart-ai-cost")).getAttribute("data-points") != null);
        WebElement requestsTable = browser.byId("table-ai-requests");
        requestsTable.findElement(By.xpath("./ancestor::details/summary")).click();
        assertThat(requestsTable.getText()).contains("Time (UTC)", "Active conversations", "Requests");
        assertThat(requestsTable.findElements(By.cssSelector("tbody tr")).getFirst().getText()).endsWith("2 4");
        WebElement costTable = browser.byId("table-ai-cost");
        costTable.findElement(By.xpath("./ancestor::details/summary")).click();
        assertThat(costTable.getText()).contains("0.0021");

        // Who spent what: the outside user by id, the member by name; conversations by their ids.
        String users = browser.byId("usage-users").getText();
        assertThat(users).contains("ext-user-9 2 30 10 1 $0.000500").doesNotContain(owner);
        assertThat(browser.byId("usage-users").findElements(By.cssSelector("tbody tr"))).hasSize(2);
        assertThat(browser.byId("usage-conversations").getText()).contains("conv-b 2 30 10 $0.000500", "conv-a 1 100 50 $0.001500");
        browser.screenshot("1-dashboard-and-spenders");
        assertThat(Axe.seriousViolations(browser)).as("axe-core on the filled usage page").isEmpty();
        browser.assertClean(PROVIDER_SECRET);

        // A user's link narrows the page to its requests, and keeps doing so when the range changes.
        browser.byId("usage-users").findElement(By.linkText("ext-user-9")).click();
        browser.waitFor(d -> d.getCurrentUrl().contains("user=ext-user-9"));
        assertThat(browser.byId("headline-requests").getText()).isEqualTo("2");
        assertThat(browser.byId("headline-cost").getText()).isEqualTo("$0.000500");
        assertThat(browser.byId("usage-attribution").getText()).contains("ext-user-9");
        new Select(browser.byId("usage-range")).selectByValue("d7");
        browser.byId("usage-filters").submit();
        browser.waitFor(d -> d.getCurrentUrl().contains("range=d7"));
        assertThat(driver.getCurrentUrl()).contains("user=ext-user-9");
        assertThat(browser.byId("headline-requests").getText()).isEqualTo("2");
        browser.screenshot("2-one-user");

        // A conversation's link; then everyone's again.
        browser.byId("usage-conversations").findElement(By.linkText("conv-a")).click();
        browser.waitFor(d -> d.getCurrentUrl().contains("conversation=conv-a"));
        assertThat(browser.byId("headline-requests").getText()).isEqualTo("1");
        assertThat(browser.byId("usage-attribution").getText()).contains("conv-a");
        browser.byId("usage-everyone").click();
        browser.waitFor(d -> d.findElements(By.id("usage-attribution")).isEmpty());
        assertThat(browser.byId("headline-requests").getText()).isEqualTo("4");
        browser.assertClean(PROVIDER_SECRET);
    }

    private static Usage request(Instant at, String org, String ws, String repo, String config, String key, long in, long out,
                                 long costMicros) {
        return Usage.at(at).org(org, ws).dims(repo, config, key).model("OPENAI", "gpt-4o", "api.openai.com")
                .tokens(in, out).cost(0, 0, costMicros, "test");
    }
}
