package io.gatehouse.console;

import io.gatehouse.testing.Api;
import io.gatehouse.testing.Browser;
import io.gatehouse.testing.GatewayWorld;
import io.gatehouse.testing.PlatformCalls;
import io.gatehouse.testing.TestServer;
import io.gatehouse.testing.fake.FakeOpenAi;
import org.junit.jupiter.api.AutoClose;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Private chat in a real headless Chromium: start a conversation with a repository, pick a model, send a prompt and
 * see the answer streamed in; the conversation keeps both messages and is named after the prompt in the history;
 * the same form without JavaScript posts and shows the answer after a redirect; deleting removes it from the
 * history. Screenshots: {@code chat-…}.
 */
class ConsoleChatBrowserTest {
    private static final String PROVIDER_SECRET = "sk-chat-provider-secret-0123456789";
    @AutoClose
    private TestServer server;
    @AutoClose
    private FakeOpenAi provider;
    @AutoClose
    private Browser browser;
    private WebDriver driver;

    @Test
    void chatWithARepositoryStreamedAndWithoutJavaScript() {
        browser = Browser.start("chat");
        driver = browser.driver();
        server = TestServer.start(GatewayWorld.settings());
        provider = new FakeOpenAi(PROVIDER_SECRET);
        Api api = server.owner().api();
        String ws = server.defaultWorkspace(server.owner());
        String config = PlatformCalls.aiLlm(api, ws, "fake-openai", "OPENAI", provider.endpoint(), PROVIDER_SECRET);
        PlatformCalls.validate(api, config);
        PlatformCalls.repo(api, ws, "chat-repo", config);

        browser.signIn(server, "/ui/w/" + ws + "/chat");
        assertThat(browser.byId("chat-history").getText()).contains("No conversations yet.");
        new Select(browser.byId("chat-repo")).selectByVisibleText("chat-repo");
        browser.byId("chat-start").click();
        browser.waitFor(d -> d.getCurrentUrl().matches(".*/chat/[^/]+$"));
        String conversationUrl = driver.getCurrentUrl();
        assertThat(browser.byId("chat-title").getText()).isEqualTo("New conversation");
        // Chat models only.
        assertThat(new Select(browser.byId("chat-model")).getOptions()).extracting(o -> o.getAttribute("value"))
                .contains("gpt-4o").doesNotContain("text-embedding-3-small");
        browser.screenshot("1-new-conversation");

        // Streamed: the answer appears in the page without a reload, and the focus moves to the outcome.
        new Select(browser.byId("chat-model")).selectByValue("gpt-4o");
        browser.byId("chat-prompt").sendKeys("Greet me from the private chat");
        browser.waitFor(d -> {
            browser.byId("chat-send").click();
            new WebDriverWait(d, Duration.ofSeconds(20)).until(x -> browser.byId("chat-send").isEnabled()
                    && !browser.byId("chat-outcome").getText().equals("Answering…"));
            return browser.byId("chat-outcome").getText().equals("Answered.");
        });
        assertThat(driver.getCurrentUrl()).isEqualTo(conversationUrl);
        List<WebElement> messages = browser.byId("chat-messages").findElements(By.tagName("li"));
        assertThat(messages.getLast().findElement(By.className("text")).getText()).isEqualTo(FakeOpenAi.TEXT);
        browser.waitFor(d -> "chat-outcome".equals(d.switchTo().activeElement().getAttribute("id")));
        browser.screenshot("2-streamed-answer");
        browser.assertClean(PROVIDER_SECRET);

        // Kept: after a reload both messages are there and the conversation is named after its first prompt.
        driver.get(conversationUrl);
        assertThat(browser.byId("chat-messages").findElements(By.tagName("li"))).hasSize(2);
        assertThat(browser.byId("chat-title").getText()).startsWith("Greet me from the private chat");
        assertThat(browser.byId("chat-history").getText()).contains("Greet me from the private chat", "chat-repo");

        // Without JavaScript the same form posts, and the page after the redirect shows the answer.
        browser.script("document.getElementById('chat-form').removeAttribute('data-chat');");
        browser.byId("chat-prompt").sendKeys("And once more without scripts");
        browser.byId("chat-send").click();
        browser.waitFor(d -> browser.byId("chat-messages").findElements(By.tagName("li")).size() == 4);
        assertThat(browser.byId("chat-messages").getText()).contains("And once more without scripts");
        assertThat(driver.getCurrentUrl()).isEqualTo(conversationUrl);
        browser.screenshot("3-answer-without-javascript");

        // Delete: gone from the history.
        browser.byId("chat-history").findElement(By.cssSelector("button.danger")).click();
        driver.switchTo().alert().accept();
        browser.waitFor(d -> d.getPageSource().contains("Conversation deleted."));
        assertThat(browser.byId("chat-history").getText()).contains("No conversations yet.");
        browser.screenshot("4-deleted");
        browser.assertClean(PROVIDER_SECRET);
    }
}
