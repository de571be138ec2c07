package io.gatehouse.gateway;

import io.gatehouse.testing.GatewayWorld;
import io.gatehouse.testing.HttpResult;
import io.gatehouse.testing.PlatformCalls;
import io.gatehouse.testing.TestServer;
import io.gatehouse.testing.fake.FakeAnthropic;
import io.gatehouse.testing.fake.FakeOpenAi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A repo key created with {@code aiType} reaches only the configurations of that type among those attached to its
 * repository: {@code /v1/models} lists only theirs, and a model another type serves is a 403 in the client's shape.
 */
@Tag("db")
class KeyAiTypeTest {
    static final String CHAT = "{\"model\":\"%s\",\"max_tokens\":50,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
    static TestServer server;
    static FakeOpenAi openai;
    static FakeAnthropic anthropic;
    static String repo;

    @BeforeAll
    static void start() {
        server = TestServer.start(GatewayWorld.settings());
        openai = new FakeOpenAi("sk-openai-0123456789abcdef");
        anthropic = new FakeAnthropic("sk-ant-0123456789abcdef");
        var api = server.owner().api();
        String ws = server.defaultWorkspace(server.owner());
        String oa = PlatformCalls.aiLlm(api, ws, "oa", "OPENAI", openai.endpoint(), "sk-openai-0123456789abcdef");
        String an = PlatformCalls.aiLlm(api, ws, "claude", "ANTHROPIC", anthropic.endpoint(), "sk-ant-0123456789abcdef");
        PlatformCalls.validate(api, oa);
        PlatformCalls.validate(api, an);
        repo = PlatformCalls.repo(api, ws, "both", oa, an);
    }

    @AfterAll
    static void stop() {
        server.close();
        openai.close();
        anthropic.close();
    }

    private static String key(String aiType) {
        HttpResult created = server.owner().api().post("/repo/" + repo + "/ai/apikey",
                aiType == null ? Map.of("name", "untyped") : Map.of("name", "typed " + aiType, "aiType", aiType));
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        GatewayWorld.awaitKnown(server, created.text("secret"));
        return created.text("secret");
    }

    @Test
    void anAnthropicKeyReachesOnlyAnthropicConfigurations() {
        String key = key("ANTHROPIC");
        HttpResult models = server.gateway(key).get("/v1/models");
        assertThat(models.json().path("data").findValuesAsText("owned_by")).isNotEmpty().containsOnly("claude");
        assertThat(models.json().path("data").findValuesAsText("id")).contains("claude-sonnet-4-5").doesNotContain("gpt-4o");

        assertThat(GatewayWorld.post(server, "/v1/chat/completions", key, CHAT.formatted("claude-sonnet-4-5")).status())
                .isEqualTo(200);
        int openAiCalls = openai.requests().size();
        HttpResult viaOpenAiPath = GatewayWorld.post(server, "/v1/chat/completions", key, CHAT.formatted("gpt-4o"));
        assertThat(viaOpenAiPath.status()).as(viaOpenAiPath.toString()).isEqualTo(403);
        assertThat(viaOpenAiPath.json().path("error").path("message").asText())
                .contains("limited to ANTHROPIC configurations").contains("'gpt-4o'");
        assertThat(viaOpenAiPath.json().path("error").path("code").asText()).isEqualTo("model_not_allowed");
        assertThat(viaOpenAiPath.json().path("error").path("param").asText()).isEqualTo("model");

        HttpResult prefixed = GatewayWorld.post(server, "/anthropic/v1/messages", null, CHAT.formatted("oa/gpt-4o"),
                "x-api-key", key, "anthropic-version", "2023-06-01");
        assertThat(prefixed.status()).as(prefixed.toString()).isEqualTo(403);
        assertThat(prefixed.json().path("type").asText()).isEqualTo("error");
        assertThat(prefixed.json().path("error").path("message").asText()).contains("limited to ANTHROPIC configurations");
        assertThat(openai.requests()).as("the OpenAI configuration was never called").hasSize(openAiCalls);
    }

    @Test
    void aKeyWithoutAiTypeReachesEveryType() {
        String key = key(null);
        assertThat(server.gateway(key).get("/v1/models").json().path("data").findValuesAsText("owned_by"))
                .contains("oa", "claude");
        assertThat(GatewayWorld.post(server, "/v1/chat/completions", key, CHAT.formatted("gpt-4o")).status()).isEqualTo(200);
        assertThat(GatewayWorld.post(server, "/v1/chat/completions", key, CHAT.formatted("claude-sonnet-4-5")).status())
                .isEqualTo(200);
    }
}
