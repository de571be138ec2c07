package io.gatehouse.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.ResponseFormatJsonSchema;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionContentPart;
import com.openai.models.chat.completions.ChatCompletionContentPartImage;
import com.openai.models.chat.completions.ChatCompletionContentPartText;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.embeddings.EmbeddingCreateParams;
import io.gatehouse.testing.GatewayWorld;
import io.gatehouse.testing.HttpResult;
import io.gatehouse.testing.PlatformCalls;
import io.gatehouse.testing.TestServer;
import io.gatehouse.testing.fake.FakeAnthropic;
import io.gatehouse.testing.fake.FakeGemini;
import io.gatehouse.testing.fake.FakeOpenAi;
import io.gatehouse.testing.fake.FakeProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.Base64;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * One repo key reaching an OpenAI, an Anthropic and a Gemini configuration: requests translated to each provider's
 * format and answers (plain and streamed, text and tools) back to the OpenAI SDK; the Anthropic ingress.
 */
@Tag("db")
class GatewayTranslationTest {
    static final byte[] PNG = Base64.getDecoder().decode(
            "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=");
    static TestServer server;
    static FakeOpenAi openai;
    static FakeAnthropic anthropic;
    static FakeGemini gemini;
    static GatewayWorld.Key key;
    static OpenAIClient sdk;

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
        key = GatewayWorld.key(server, PlatformCalls.repo(api, ws, "multi", oa, an, ge), "multi key");
        sdk = GatewayWorld.openAi(server, key.secret());
    }

    @AfterAll
    static void stop() {
        server.close();
        openai.close();
        anthropic.close();
        gemini.close();
    }

    @BeforeEach
    void reset() {
        openai.reset();
        anthropic.reset();
        gemini.reset();
    }

    private static String say(String model) {
        return sdk.chat().completions().create(ChatCompletionCreateParams.builder().model(model).addUserMessage("Hi").build())
                .choices().getFirst().message().content().orElse(null);
    }

    private static ChatCompletionCreateParams.Builder weatherTool(String model) {
        return ChatCompletionCreateParams.builder().model(model).addUserMessage("Weather in Paris?")
                .addTool(ChatCompletionFunctionTool.builder().function(FunctionDefinition.builder().name("get_weather")
                        .parameters(FunctionParameters.builder().putAdditionalProperty("type", JsonValue.from("object"))
                                .putAdditionalProperty("properties", JsonValue.from(Map.of("city", Map.of("type", "string"))))
                                .build()).build()).build());
    }

    private static ChatCompletion streamed(ChatCompletionCreateParams params) {
        ChatCompletionAccumulator acc = ChatCompletionAccumulator.create();
        try (StreamResponse<ChatCompletionChunk> s = sdk.chat().completions().createStreaming(params)) {
            s.stream().forEach(acc::accumulate);
        }
        return acc.chatCompletion();
    }

    @Test
    void oneKeyReachesOpenAiClaudeAndGemini() {
        assertThat(say("gpt-4o")).isEqualTo(FakeOpenAi.TEXT);
        assertThat(say("claude-sonnet-4-5")).isEqualTo("Hello from fake Anthropic.");
        assertThat(say("gemini-2.5-flash")).isEqualTo("Hello from fake Gemini.");
        assertThat(sdk.models().list().data().stream().map(m -> m.id()).toList())
                .contains("gpt-4o", "claude-sonnet-4-5", "gemini-2.5-flash", "text-embedding-004");
    }

    @Test
    void claudeRequestIsTranslated() {
        ChatCompletion c = sdk.chat().completions().create(ChatCompletionCreateParams.builder().model("claude-sonnet-4-5")
                .addSystemMessage("Be brief.").addUserMessage("Hi").addAssistantMessage("Hello.").addUserMessage("Again")
                .stop("END").temperature(0.3).topP(0.9).build());
        assertThat(c.choices().getFirst().finishReason().asString()).isEqualTo("stop");
        assertThat(c.usage().orElseThrow().promptTokens()).isEqualTo(21);
        FakeProvider.Recorded sent = anthropic.requests().getLast();
        assertThat(sent.path()).isEqualTo("/v1/messages");
        assertThat(sent.header("x-api-key")).isEqualTo("sk-ant-0123456789abcdef");
        assertThat(sent.header("anthropic-version")).isEqualTo("2023-06-01");
        JsonNode body = FakeProvider.json(sent);
        assertThat(body.path("system").asText()).isEqualTo("Be brief.");
        assertThat(body.path("messages")).hasSize(3);
        assertThat(body.path("stop_sequences").path(0).asText()).isEqualTo("END");
        // No max_tokens from the client: the catalogued maximum of the model (PITFALLS 15), not a small constant.
        assertThat(body.path("max_tokens").asInt()).isEqualTo(64_000);
        var rows = GatewayWorld.usage(server, key.id(), 1);
        assertThat(rows.getLast()).containsEntry("llm_type", "ANTHROPIC").containsEntry("tokens_in", 21L).containsEntry("tokens_out", 9L);
    }

    @Test
    void maxCompletionTokensReachBothProviders() {
        for (String model : List.of("claude-sonnet-4-5", "gemini-2.5-flash")) {
            sdk.chat().completions().create(ChatCompletionCreateParams.builder().model(model).addUserMessage("Hi")
                    .maxCompletionTokens(2048).build());
        }
        assertThat(FakeProvider.json(anthropic.requests().getLast()).path("max_tokens").asInt()).isEqualTo(2048);
        assertThat(FakeProvider.json(gemini.requests().getLast()).path("generationConfig").path("maxOutputTokens").asInt())
                .isEqualTo(2048);
    }

    @Test
    void claudeToolsPlainAndStreamed() {
        ChatCompletion plain = sdk.chat().completions().create(weatherTool("claude-sonnet-4-5").build());
        assertThat(plain.choices().getFirst().finishReason().asString()).isEqualTo("tool_calls");
        assertThat(plain.choices().getFirst().message().toolCalls().orElseThrow().getFirst().asFunction().function().arguments())
                .isEqualTo("{\"city\":\"Paris\"}");
        ChatCompletion streamed = streamed(weatherTool("claude-sonnet-4-5").build());
        var call = streamed.choices().getFirst().message().toolCalls().orElseThrow().getFirst().asFunction();
        assertThat(call.function().name()).isEqualTo("get_weather");
        assertThat(call.function().arguments()).isEqualTo("{\"city\":\"Paris\"}");
        assertThat(streamed.choices().getFirst().message().content()).contains("Checking.");
        assertThat(FakeProvider.json(anthropic.requests().getLast()).path("tools").path(0).path("input_schema").path("type").asText())
                .isEqualTo("object");
    }

    @Test
    void geminiPlainStreamedAndTools() {
        assertThat(streamed(ChatCompletionCreateParams.builder().model("gemini-2.5-flash").addUserMessage("Hi").build())
                .choices().getFirst().message().content()).contains("Hello from fake Gemini.");
        assertThat(gemini.requests().getLast().path()).endsWith(":streamGenerateContent");
        assertThat(gemini.requests().getLast().query()).containsEntry("alt", "sse");
        assertThat(gemini.requests().getLast().header("x-goog-api-key")).isEqualTo("AIza-0123456789abcdef");
        ChatCompletion tools = streamed(weatherTool("gemini-2.5-flash").build());
        assertThat(tools.choices().getFirst().finishReason().asString()).isEqualTo("tool_calls");
        assertThat(tools.choices().getFirst().message().toolCalls().orElseThrow().getFirst().asFunction().function().arguments())
                .isEqualTo("{\"city\":\"Paris\"}");
        ChatCompletion plain = sdk.chat().completions().create(weatherTool("gemini-2.5-flash").build());
        assertThat(plain.choices().getFirst().message().toolCalls().orElseThrow()).hasSize(1);
        assertThat(GatewayWorld.usage(server, key.id(), 3).getLast()).containsEntry("tokens_in", 31L).containsEntry("tokens_out", 6L);
    }

    @Test
    void imagesAsDataUrlsAndHttpUrls() {
        String dataUrl = "data:image/png;base64," + Base64.getEncoder().encodeToString(PNG);
        openai.respond("GET", "/img/cat.png", r -> new FakeProvider.Answer(200, Map.of("Content-Type", "image/png"),
                List.of(PNG), java.time.Duration.ZERO));
        String httpUrl = openai.baseUrl() + "/img/cat.png";
        for (String model : List.of("claude-sonnet-4-5", "gemini-2.5-flash")) {
            for (String url : List.of(dataUrl, httpUrl)) {
                sdk.chat().completions().create(ChatCompletionCreateParams.builder().model(model)
                        .addUserMessageOfArrayOfContentParts(List.of(
                                ChatCompletionContentPart.ofText(ChatCompletionContentPartText.builder().text("What is it?").build()),
                                ChatCompletionContentPart.ofImageUrl(ChatCompletionContentPartImage.builder().imageUrl(
                                        ChatCompletionContentPartImage.ImageUrl.builder().url(url).build()).build())))
                        .build());
            }
        }
        List<FakeProvider.Recorded> toClaude = anthropic.requests();
        JsonNode dataBlock = FakeProvider.json(toClaude.get(0)).path("messages").path(0).path("content").path(1);
        assertThat(dataBlock.path("source").path("type").asText()).isEqualTo("base64");
        JsonNode urlBlock = FakeProvider.json(toClaude.get(1)).path("messages").path(0).path("content").path(1);
        assertThat(urlBlock.path("source").path("url").asText()).isEqualTo(httpUrl);
        for (FakeProvider.Recorded toGemini : gemini.requests()) {
            JsonNode inline = FakeProvider.json(toGemini).path("contents").path(0).path("parts").path(1).path("inlineData");
            assertThat(inline.path("mimeType").asText()).isEqualTo("image/png");
            assertThat(Base64.getDecoder().decode(inline.path("data").asText())).isEqualTo(PNG);
        }
    }

    @Test
    void anUnfetchableImageForGeminiIsA400NamingThePart() {
        assertThatThrownBy(() -> sdk.chat().completions().create(ChatCompletionCreateParams.builder().model("gemini-2.5-flash")
                .addUserMessageOfArrayOfContentParts(List.of(ChatCompletionContentPart.ofImageUrl(ChatCompletionContentPartImage
                        .builder().imageUrl(ChatCompletionContentPartImage.ImageUrl.builder()
                                .url(openai.baseUrl() + "/img/missing.png").build()).build()))).build()))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("messages[0].content[0]");
        assertThat(gemini.requests()).isEmpty();
    }

    @Test
    void responseFormatJsonSchemaToClaude() {
        ChatCompletion c = sdk.chat().completions().create(ChatCompletionCreateParams.builder().model("claude-sonnet-4-5")
                .addUserMessage("Give JSON").responseFormat(ResponseFormatJsonSchema.builder().jsonSchema(
                        ResponseFormatJsonSchema.JsonSchema.builder().name("answer").schema(ResponseFormatJsonSchema.JsonSchema.Schema
                                .builder().putAdditionalProperty("type", JsonValue.from("object")).build()).build()).build())
                .build());
        assertThat(c.choices().getFirst().message().toolCalls()).isEmpty();
        JsonNode body = FakeProvider.json(anthropic.requests().getLast());
        assertThat(body.path("output_config").path("format").isMissingNode()).isFalse();
    }

    @Test
    void embeddingsThroughGeminiAndAClear400ForAnthropic() {
        var e = sdk.embeddings().create(EmbeddingCreateParams.builder().model("text-embedding-004").input("hello").build());
        assertThat(e.data().getFirst().embedding()).containsExactly(0.125f, -0.5f, 0.0f);
        assertThat(gemini.requests().getLast().path()).isEqualTo("/v1beta/models/text-embedding-004:batchEmbedContents");
        assertThatThrownBy(() -> sdk.embeddings().create(EmbeddingCreateParams.builder().model("claude-sonnet-4-5")
                .input("hello").build())).isInstanceOf(BadRequestException.class).hasMessageContaining("no embeddings");
    }

    @Test
    void anthropicIngressPassesThroughToAnthropic() {
        String body = "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":100,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],\"x_extra\":1}";
        HttpResult r = GatewayWorld.post(server, "/anthropic/v1/messages", null, body, "x-api-key", key.secret(),
                "anthropic-version", "2023-06-01", "anthropic-beta", "output-128k-2025-02-19");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().path("content").path(0).path("text").asText()).isEqualTo("Hello from fake Anthropic.");
        FakeProvider.Recorded sent = anthropic.requests().getLast();
        assertThat(sent.bodyText()).isEqualTo(body);
        assertThat(sent.header("anthropic-beta")).isEqualTo("output-128k-2025-02-19");

        String stream = GatewayWorld.post(server, "/anthropic/v1/messages", null, body.replace("\"x_extra\":1", "\"stream\":true"),
                "x-api-key", key.secret(), "anthropic-version", "2023-06-01").body();
        assertThat(stream).startsWith("event: message_start").contains("text_delta").endsWith("event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n");
    }

    @Test
    void anthropicIngressToOpenAiAndGemini() {
        String body = "{\"model\":\"%s\",\"max_tokens\":100,\"stream\":%s,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
        HttpResult viaOpenAi = GatewayWorld.post(server, "/anthropic/v1/messages", null, body.formatted("gpt-4o", false),
                "x-api-key", key.secret(), "anthropic-version", "2023-06-01");
        assertThat(viaOpenAi.json().path("content").path(0).path("text").asText()).isEqualTo(FakeOpenAi.TEXT);
        assertThat(viaOpenAi.json().path("stop_reason").asText()).isEqualTo("end_turn");
        String viaGemini = GatewayWorld.post(server, "/anthropic/v1/messages", null, body.formatted("gemini-2.5-flash", true),
                "x-api-key", key.secret(), "anthropic-version", "2023-06-01").body();
        assertThat(viaGemini).startsWith("event: message_start").contains("fake Gemini.").contains("event: message_stop");
        HttpResult unknown = GatewayWorld.post(server, "/anthropic/v1/messages", null, body.formatted("nope-1", false),
                "x-api-key", key.secret());
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().path("type").asText()).isEqualTo("error");
        assertThat(unknown.json().path("error").path("type").asText()).isEqualTo("not_found_error");
    }
}
