package io.gatehouse.gateway;

import io.gatehouse.testing.GatewayWorld;
import io.gatehouse.testing.HttpResult;
import io.gatehouse.testing.PlatformCalls;
import io.gatehouse.testing.TestServer;
import io.gatehouse.testing.fake.FakeAnthropic;
import io.gatehouse.testing.fake.FakeGemini;
import io.gatehouse.testing.fake.FakeOpenAi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Wrong-typed fields on the gateway: a 400 naming the field in the client's error shape where Gatehouse reads the
 * field (translations, and what it reads on every path), the provider never called; on the OpenAI pass-through the
 * fields Gatehouse does not read reach the provider untouched.
 */
@Tag("db")
class GatewayFieldTypesTest {
    static final String MESSAGES = "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]";
    static TestServer server;
    static FakeOpenAi openai;
    static FakeAnthropic anthropic;
    static FakeGemini gemini;
    static String key;

    @BeforeAll
    static void start() {
        server = TestServer.start(GatewayWorld.settings());
        openai = new FakeOpenAi("sk-openai-0123456789abcdef");
        anthropic = new FakeAnthropic("sk-ant-0123456789abcdef");
        gemini = new FakeGemini("AIza-0123456789abcdef");
        var api = server.owner().api();
        String ws = server.defaultWorkspace(server.owner());
        String oa = PlatformCalls.aiLlm(api, ws, "oa", "OPENAI", openai.endpoint(), "sk-openai-0123456789abcdef");
        String an = PlatformCalls.aiLlm(api, ws, "claude", "ANTHROPIC", anthropic.endpoint(), "sk-ant-0123456789abcdef");
        String ge = PlatformCalls.aiLlm(api, ws, "gem", "GOOGLE", gemini.endpoint(), "AIza-0123456789abcdef");
        for (String id : List.of(oa, an, ge)) {
            PlatformCalls.validate(api, id);
        }
        key = GatewayWorld.key(server, PlatformCalls.repo(api, ws, "types", oa, an, ge), "types key").secret();
    }

    @AfterAll
    static void stop() {
        server.close();
        openai.close();
        anthropic.close();
        gemini.close();
    }

    private static int providerCalls() {
        return openai.requests().size() + anthropic.requests().size() + gemini.requests().size();
    }

    /** A 400 in OpenAI's shape naming {@code field}; no provider was called. */
    private static void refusedOnV1(String path, String body, String field) {
        int before = providerCalls();
        HttpResult r = GatewayWorld.post(server, path, key, body);
        assertThat(r.status()).as(body + " → " + r).isEqualTo(400);
        var error = r.json().path("error");
        assertThat(error.path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(error.path("param").asText()).isEqualTo(field);
        assertThat(error.path("code").asText()).isEqualTo("invalid_type");
        assertThat(error.path("message").asText()).startsWith("Invalid type for '" + field + "'");
        assertThat(providerCalls()).as("no provider called for " + body).isEqualTo(before);
    }

    private static void refusedOnAnthropic(String body, String field) {
        int before = providerCalls();
        HttpResult r = GatewayWorld.post(server, "/anthropic/v1/messages", null, body, "x-api-key", key,
                "anthropic-version", "2023-06-01");
        assertThat(r.status()).as(body + " → " + r).isEqualTo(400);
        assertThat(r.json().path("type").asText()).isEqualTo("error");
        assertThat(r.json().path("error").path("type").asText()).isEqualTo("invalid_request_error");
        // Anthropic's own validation errors lead with the field's path ("messages.0.content: …").
        assertThat(r.json().path("error").path("message").asText()).startsWith(field + ": Invalid type for '" + field + "'");
        assertThat(providerCalls()).isEqualTo(before);
    }

    @Test
    void translatedChatRequestsRefuseWrongTypes() {
        for (String model : List.of("claude-sonnet-4-5", "gemini-2.5-flash")) {
            String start = "{\"model\":\"" + model + "\"," + MESSAGES + ",";
            refusedOnV1("/v1/chat/completions", start + "\"temperature\":\"hot\"}", "temperature");
            refusedOnV1("/v1/chat/completions", start + "\"max_tokens\":\"10\"}", "max_tokens");
            refusedOnV1("/v1/chat/completions", start + "\"tools\":\"x\"}", "tools");
            refusedOnV1("/v1/chat/completions", start + "\"stream\":\"yes\"}", "stream");
            refusedOnV1("/v1/chat/completions", "{\"model\":\"" + model + "\",\"messages\":{}}", "messages");
        }
    }

    @Test
    void thePassThroughChecksWhatGatehouseReadsAndForwardsTheRest() {
        String start = "{\"model\":\"gpt-4o\"," + MESSAGES + ",";
        refusedOnV1("/v1/chat/completions", start + "\"stream\":\"yes\"}", "stream");
        refusedOnV1("/v1/chat/completions", start + "\"stream\":true,\"stream_options\":\"usage\"}", "stream_options");
        refusedOnV1("/v1/chat/completions", start + "\"stream\":true,\"stream_options\":{\"include_usage\":\"yes\"}}",
                "stream_options.include_usage");
        refusedOnV1("/v1/chat/completions", "{\"model\":\"gpt-4o\",\"messages\":{}}", "messages");
        refusedOnV1("/v1/embeddings", "{\"model\":\"text-embedding-3-small\",\"input\":5}", "input");

        String untouched = start + "\"temperature\":\"hot\",\"x_vendor\":{\"a\":[1,2]}}";
        HttpResult r = GatewayWorld.post(server, "/v1/chat/completions", key, untouched);
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        assertThat(openai.requests().getLast().bodyText()).as("fields Gatehouse does not read pass through").isEqualTo(untouched);
    }

    @Test
    void theAnthropicIngressRefusesWrongTypesInItsOwnShape() {
        String start = "{\"model\":\"%s\"," + MESSAGES + ",";
        refusedOnAnthropic(start.formatted("gpt-4o") + "\"max_tokens\":\"10\"}", "max_tokens");
        refusedOnAnthropic(start.formatted("gemini-2.5-flash") + "\"max_tokens\":10,\"temperature\":\"hot\"}", "temperature");
        refusedOnAnthropic(start.formatted("claude-sonnet-4-5") + "\"max_tokens\":10,\"stream\":\"yes\"}", "stream");
        refusedOnAnthropic("{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":10,\"messages\":{}}", "messages");
    }
}
