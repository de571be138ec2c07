package io.gatehouse.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatehouse.model.AiType;
import io.gatehouse.testing.fake.FakeAnthropic;
import io.gatehouse.testing.fake.FakeGemini;
import io.gatehouse.testing.fake.FakeOpenAi;
import io.gatehouse.testing.fake.FakeProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests whose shape the translators must refuse with a 400 naming the field, on every translated path (OpenAI
 * clients to Anthropic and Gemini, Anthropic clients to OpenAI-type and Gemini upstreams), before any provider is
 * called. A message {@code content} that is a JSON object used to throw inside the Gemini translator and leave the
 * client waiting forever.
 */
class GatewayBadInputTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static StandaloneGateway gateway;
    static FakeOpenAi openai;
    static FakeAnthropic anthropic;
    static FakeGemini gemini;

    @BeforeAll
    static void start() throws Exception {
        openai = new FakeOpenAi(null);
        anthropic = new FakeAnthropic(null);
        gemini = new FakeGemini(null);
        gateway = StandaloneGateway.start(List.of(
                StandaloneGateway.upstream("oa", AiType.OPENAI, openai.endpoint(), "gpt-5-mini"),
                StandaloneGateway.upstream("claude", AiType.ANTHROPIC, anthropic.endpoint(), "claude-sonnet-4-5"),
                StandaloneGateway.upstream("gem", AiType.GOOGLE, gemini.endpoint(), "gemini-2.5-flash")));
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
        openai.close();
        anthropic.close();
        gemini.close();
    }

    @BeforeEach
    void reset() {
        for (FakeProvider f : List.of(openai, anthropic, gemini)) {
            f.reset();
        }
    }

    private static JsonNode refused(HttpResponse<String> r) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
        assertThat(r.headers().firstValue("x-request-id")).isPresent();
        assertThat(openai.requests()).isEmpty();
        assertThat(anthropic.requests()).isEmpty();
        assertThat(gemini.requests()).isEmpty();
        return JSON.readTree(r.body());
    }

    @Test
    void anObjectAsMessageContentIsA400NamingTheFieldForOpenAiClients() throws Exception {
        for (String model : List.of("claude-sonnet-4-5", "gemini-2.5-flash")) {
            for (boolean stream : List.of(false, true)) {
                JsonNode error = refused(gateway.post("/v1/chat/completions", "{\"model\":\"" + model + "\",\"stream\":"
                        + stream + ",\"messages\":[{\"role\":\"user\",\"content\":{\"text\":\"Hi\"}}]}")).path("error");
                assertThat(error.path("type").asText()).as(model).isEqualTo("invalid_request_error");
                assertThat(error.path("param").asText()).as(model).isEqualTo("messages[0].content");
                assertThat(error.path("message").asText()).as(model).contains("string or an array");
            }
            JsonNode assistant = refused(gateway.post("/v1/chat/completions", "{\"model\":\"" + model + "\",\"messages\":["
                    + "{\"role\":\"user\",\"content\":\"Hi\"},{\"role\":\"assistant\",\"content\":{\"a\":1}},"
                    + "{\"role\":\"user\",\"content\":\"Again\"}]}")).path("error");
            assertThat(assistant.path("param").asText()).as(model).isEqualTo("messages[1].content");
        }
    }

    @Test
    void messagesThatAreNotAnArrayAreA400ForGemini() throws Exception {
        JsonNode error = refused(gateway.post("/v1/chat/completions",
                "{\"model\":\"gemini-2.5-flash\",\"messages\":{\"0\":{\"role\":\"user\",\"content\":\"Hi\"}}}"));
        assertThat(error.path("error").path("param").asText()).isEqualTo("messages");
    }

    @Test
    void anObjectAsContentIsA400InAnthropicShapeOnTheAnthropicIngress() throws Exception {
        for (String model : List.of("gpt-5-mini", "gemini-2.5-flash")) {
            for (String messages : List.of("[{\"role\":\"user\",\"content\":{\"text\":\"Hi\"}}]",
                    "[{\"role\":\"user\",\"content\":\"Hi\"},{\"role\":\"assistant\",\"content\":{\"text\":\"Yo\"}},"
                            + "{\"role\":\"user\",\"content\":\"Again\"}]")) {
                JsonNode body = refused(gateway.post("/anthropic/v1/messages", "{\"model\":\"" + model
                        + "\",\"max_tokens\":10,\"messages\":" + messages + "}"));
                assertThat(body.path("type").asText()).as(model).isEqualTo("error");
                assertThat(body.path("error").path("type").asText()).as(model).isEqualTo("invalid_request_error");
                assertThat(body.path("error").path("message").asText()).as(model).startsWith("messages.")
                        .contains(".content: ").contains("string or an array");
            }
            JsonNode system = refused(gateway.post("/anthropic/v1/messages", "{\"model\":\"" + model
                    + "\",\"max_tokens\":10,\"system\":{\"text\":\"Be brief\"},\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}"));
            assertThat(system.path("error").path("message").asText()).startsWith("system: ");
        }
    }
}
