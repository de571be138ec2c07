package io.gatehouse.console;

import io.gatehouse.testing.Api;
import io.gatehouse.testing.Browser;
import io.gatehouse.testing.PlatformCalls;
import io.gatehouse.testing.TestServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A repository's page in a real headless Chromium shows what is attached as checked, so saving it unchanged keeps
 * every attachment and unchecking one detaches only that one (checked through the Platform API, not the page).
 * Without Chromium it is reported as one skipped test with the reason.
 */
class ConsoleAttachmentsBrowserTest {
    private static final String PROVIDER_SECRET = "sk-attachments-provider-secret-0123456789";
    private TestServer server;
    private Browser browser;

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void savingTheRepositoryPageKeepsWhatIsCheckedAndDetachesWhatIsNot() {
        browser = Browser.start("attachments");
        WebDriver driver = browser.driver();
        server = TestServer.start();
        Api api = server.owner().api();
        String ws = server.defaultWorkspace(server.owner());
        // Never called: attaching does not reach the provider.
        String endpoint = "http://127.0.0.1:9/v1";
        String alpha = PlatformCalls.aiLlm(api, ws, "alpha", "OPENAI", endpoint, PROVIDER_SECRET);
        String beta = PlatformCalls.aiLlm(api, ws, "beta", "OPENAI", endpoint, PROVIDER_SECRET);
        String gamma = PlatformCalls.aiLlm(api, ws, "gamma", "OPENAI", endpoint, PROVIDER_SECRET);
        String repo = PlatformCalls.repo(api, ws, "three-attached", alpha, beta, gamma);

        driver.get(server.admin().base() + "/ui/login?next=" + "/ui/w/" + ws + "/repos/" + repo);
        browser.byId("email").sendKeys(TestServer.OWNER_EMAIL);
        browser.byId("password").sendKeys(TestServer.OWNER_PASSWORD);
        browser.byId("sign-in").click();
        browser.waitFor(d -> d.getCurrentUrl().endsWith("/repos/" + repo));
        assertThat(checked()).containsExactlyInAnyOrder(alpha, beta, gamma);
        browser.screenshot("1-three-attached");
        browser.assertClean(PROVIDER_SECRET);

        save();
        assertThat(attached(api, repo)).containsExactlyInAnyOrder(alpha, beta, gamma);
        assertThat(checked()).containsExactlyInAnyOrder(alpha, beta, gamma);

        checkbox(beta).click();
        save();
        assertThat(attached(api, repo)).containsExactlyInAnyOrder(alpha, gamma);
        assertThat(checked()).containsExactlyInAnyOrder(alpha, gamma);
        browser.screenshot("2-one-detached");
        browser.assertClean(PROVIDER_SECRET);
    }

    private void save() {
        browser.byId("attach-form").findElement(By.cssSelector("button[type=submit]")).click();
        browser.waitFor(d -> d.getPageSource().contains("Configurations updated."));
    }

    private WebElement checkbox(String configurationId) {
        return browser.byId("attach-form").findElement(By.cssSelector("input[name=aiLlmId][value='" + configurationId + "']"));
    }

    /** The configurations the page shows checked. */
    private List<String> checked() {
        List<String> ids = new ArrayList<>();
        for (WebElement box : browser.byId("attach-form").findElements(By.cssSelector("input[name=aiLlmId]"))) {
            if (box.isSelected()) {
                ids.add(box.getAttribute("value"));
            }
        }
        return ids;
    }

    /** The configurations attached as the Platform API reports them, in attachment order. */
    private static List<String> attached(Api api, String repo) {
        List<String> ids = new ArrayList<>();
        api.get("/repo/" + repo).json().path("repo").path("aiLlms").forEach(a -> ids.add(a.path("aiLlmId").asText()));
        return ids;
    }
}
