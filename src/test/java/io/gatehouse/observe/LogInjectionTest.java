package io.gatehouse.observe;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import io.gatehouse.testing.GatewayWorld;
import io.gatehouse.testing.HttpResult;
import io.gatehouse.testing.PlatformCalls;
import io.gatehouse.testing.TestServer;
import io.gatehouse.testing.fake.FakeOpenAi;
import io.gatehouse.testing.fake.FakeProvider;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A provider's error message and a client's model name, both carrying CR LF, ESC and Unicode line separators, end
 * up in the application log (in the production format) and the access log without forging a line.
 */
@Tag("db")
class LogInjectionTest {
    static final String FORGED_LINE = "2026-01-01T00:00:00.000Z ERROR io.gatehouse.Gatehouse - forged";
    static final String FORGED = "\r\n" + FORGED_LINE + "\u001b[31m\u2028\u0085\u202e";
    static final String RAW_CONTROL = "[\\p{Cc}\\p{Zl}\\p{Zp}\\p{Cf}&&[^\\n]]";

    @Test
    void clientAndProviderTextCannotForgeLogLines() {
        ByteArrayOutputStream logged = new ByteArrayOutputStream();
        LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
        OutputStreamAppender<ILoggingEvent> production = new OutputStreamAppender<>();
        production.setContext(context);
        production.setEncoder(LogbackSetup.encoder(context));
        production.setOutputStream(logged);
        production.start();
        Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
        root.addAppender(production);
        try (TestServer server = TestServer.start(GatewayWorld.settings());
             FakeOpenAi openai = new FakeOpenAi("sk-openai-0123456789abcdef")) {
            var api = server.owner().api();
            String ws = server.defaultWorkspace(server.owner());
            String llm = PlatformCalls.aiLlm(api, ws, "oa", "OPENAI", openai.endpoint(), "sk-openai-0123456789abcdef");
            openai.failNext(FakeProvider.Answer.json(401, Map.of("error", Map.of("message", "Incorrect API key" + FORGED,
                    "type", "invalid_request_error"))));
            assertThat(PlatformCalls.validate(api, llm).json().path("success").asBoolean()).isFalse();
            PlatformCalls.validate(api, llm);
            GatewayWorld.Key key = GatewayWorld.key(server, PlatformCalls.repo(api, ws, "r", llm), "k");

            HttpResult unknown = GatewayWorld.post(server, "/v1/chat/completions", key.secret(), "{\"model\":"
                    + io.gatehouse.platform.Json.write("gpt-4o" + FORGED) + ",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}",
                    "User-Agent", "agent");
            assertThat(unknown.status()).isEqualTo(404);
            await().atMost(Duration.ofSeconds(5)).until(() -> server.accessLog().stream().anyMatch(l -> l.contains("forged")));

            String access = String.join("\n", server.accessLog());
            assertThat(access).doesNotContainPattern(RAW_CONTROL).contains("gpt-4o\\r\\n" + FORGED_LINE + "\\u001B[31m\\u2028\\u0085\\u202E");
            assertThat(server.accessLog()).noneMatch(l -> l.startsWith(FORGED_LINE));
        } finally {
            root.detachAppender(production);
            production.stop();
        }
        String text = logged.toString(StandardCharsets.UTF_8);
        assertThat(text).as("the provider's message was logged, escaped")
                .contains("Incorrect API key\\r\\n" + FORGED_LINE + "\\u001B[31m\\u2028\\u0085\\u202E")
                .doesNotContainPattern(RAW_CONTROL);
        List<String> lines = text.lines().toList();
        assertThat(lines).noneMatch(l -> l.startsWith(FORGED_LINE));
    }
}
