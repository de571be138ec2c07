package io.gatehouse.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.openai.client.OpenAIClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.NotFoundException;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.ResponseFormatJsonObject;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionContentPart;
import com.openai.models.chat.completions.ChatCompletionContentPartImage;
import com.openai.models.chat.completions.ChatCompletionContentPartText;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.embeddings.CreateEmbeddingResponse;
import com.openai.models.embeddings.EmbeddingCreateParams;
import io.gatehouse.testing.GatewayWorld;
import io.gatehouse.testing.HttpResult;
import io.gatehouse.testing.PlatformCalls;
import io.gatehouse.testing.TestServer;
import io.gatehouse.testing.fake.FakeOpenAi;
import io.gatehouse.testing.fake.FakeProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** OpenAI-type upstreams through the gateway, driven by the official OpenAI SDK (and raw HTTP where it hides details). */
@Tag("db")
class GatewayOpenAiTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static TestServer server;
    static FakeOpenAi openai;
    static GatewayWorld.Key key;
    static OpenAIClient sdk;

    @BeforeAll
    static void start() {
        server = TestServer.start(GatewayWorld.settings());
        openai = new FakeOpenAi("sk-fake-openai-key-0123456789");
        var api = server.owner().api();
        String ws = server.defaultWorkspace(server.owner());
        String cfg = PlatformCalls.aiLlm(api, ws, "oa", "OPENAI", openai.endpoint(), "sk-fake-openai-key-0123456789");
        PlatformCalls.validate(api, cfg);
        String repo = PlatformCalls.repo(api, ws, "app", cfg);
        key = GatewayWorld.key(server, repo, "app key");
        sdk = GatewayWorld.openAi(server, key.secret());
    }

    @AfterAll
    static void stop() {
        server.close();
        openai.close();
    }

    @BeforeEach
    void reset() {
        openai.reset();
    }

    @Test
    void chatPassesThroughAndMetersUsage() {
        ChatCompletion c = sdk.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("gpt-4o").addSystemMessage("Be brief.").addUserMessage("Hi").stop("END").n(1).build());
        assertThat(c.choices().getFirst().message().content()).contains(FakeOpenAi.TEXT);
        assertThat(c.usage().orElseThrow().totalTokens()).isEqualTo(18);
        var rows = GatewayWorld.usage(server, key.id(), 1);
        assertThat(rows.getLast()).containsEntry("tokens_in", 11L).containsEntry("tokens_out", 7L)
                .containsEntry("status", 200).containsEntry("outcome", "ok").containsEntry("llm_type", "OPENAI")
                .containsEntry("llm_model", "gpt-4o").containsEntry("host", "127.0.0.1");
    }

    @Test
    void unknownFieldsAndFormattingSurviveByteForByte() {
        String body = "{ \"model\":\"gpt-4o\",  \"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}],"
                + "\"x_vendor_flag\":{\"keep\":[1,2.50,\"é\"]}, \"temperature\":0.70 }";
        HttpResult r = GatewayWorld.post(server, "/v1/chat/completions", key.secret(), body);
        assertThat(r.status()).isEqualTo(200);
        assertThat(new String(openai.requests().getLast().body(), StandardCharsets.UTF_8)).isEqualTo(body);
    }

    @Test
    void prefixedModelIsSentWithoutThePrefix() {
        String body = "{\"model\":\"oa/gpt-4o-mini\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
        assertThat(GatewayWorld.post(server, "/v1/chat/completions", key.secret(), body).status()).isEqualTo(200);
        assertThat(openai.requests().getLast().bodyText()).isEqualTo(body.replace("oa/gpt-4o-mini", "gpt-4o-mini"));
    }

    @Test
    void streamingRelaysChunksAndAsksForUsageHiddenFromTheClient() {
        ChatCompletionAccumulator acc = ChatCompletionAccumulator.create();
        int rowsBefore = GatewayWorld.usage(server, key.id(), 0).size();
        try (StreamResponse<ChatCompletionChunk> s = sdk.chat().completions().createStreaming(ChatCompletionCreateParams.builder()
                .model("gpt-4o").addUserMessage("Hi").build())) {
            s.stream().forEach(acc::accumulate);
        }
        assertThat(acc.chatCompletion().choices().getFirst().message().content()).contains("Hello from fake OpenAI.");
        // The stream's own row, not an earlier test's: usage is written in batches, after the client has its answer.
        assertThat(GatewayWorld.usage(server, key.id(), rowsBefore + 1).getLast()).containsEntry("streamed", true);
        JsonNode sent = FakeProvider.json(openai.requests().getLast());
        assertThat(sent.path("stream_options").path("include_usage").asBoolean()).isTrue();

        String raw = GatewayWorld.post(server, "/v1/chat/completions", key.secret(),
                "{\"model\":\"gpt-4o\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}").body();
        assertThat(raw).endsWith("data: [DONE]\n\n").doesNotContain("\"usage\"").doesNotContain("\"choices\":[]");
    }

    @Test
    void usageChunkIsShownWhenTheClientAsks() {
        ChatCompletionAccumulator acc = ChatCompletionAccumulator.create();
        long[] usage = {0};
        try (StreamResponse<ChatCompletionChunk> s = sdk.chat().completions().createStreaming(ChatCompletionCreateParams.builder()
                .model("gpt-4o").addUserMessage("Hi")
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build())) {
            s.stream().forEach(chunk -> {
                acc.accumulate(chunk);
                chunk.usage().ifPresent(u -> usage[0] = u.totalTokens());
            });
        }
        assertThat(usage[0]).isEqualTo(18);
    }

    @Test
    void toolsAndToolCallsInStreams() {
        ChatCompletionCreateParams params = ChatCompletionCreateParams.builder().model("gpt-4o").addUserMessage("Weather in Paris?")
                .addTool(ChatCompletionFunctionTool.builder().function(FunctionDefinition.builder().name("get_weather")
                        .parameters(FunctionParameters.builder().putAdditionalProperty("type", JsonValue.from("object"))
                                .putAdditionalProperty("properties", JsonValue.from(Map.of("city", Map.of("type", "string"))))
                                .build()).build()).build())
                .build();
        ChatCompletion plain = sdk.chat().completions().create(params);
        assertThat(plain.choices().getFirst().message().toolCalls().orElseThrow().getFirst().asFunction().function().arguments())
                .isEqualTo("{\"city\":\"Paris\"}");
        ChatCompletionAccumulator acc = ChatCompletionAccumulator.create();
        try (StreamResponse<ChatCompletionChunk> s = sdk.chat().completions().createStreaming(params)) {
            s.stream().forEach(acc::accumulate);
        }
        var call = acc.chatCompletion().choices().getFirst().message().toolCalls().orElseThrow().getFirst().asFunction();
        assertThat(call.function().name()).isEqualTo("get_weather");
        assertThat(call.function().arguments()).isEqualTo("{\"city\":\"Paris\"}");
    }

    @Test
    void imagesAndResponseFormatPassThrough() {
        ChatCompletion c = sdk.chat().completions().create(ChatCompletionCreateParams.builder().model("gpt-4o")
                .addUserMessageOfArrayOfContentParts(List.of(
                        ChatCompletionContentPart.ofText(ChatCompletionContentPartText.builder().text("What is this?").build()),
                        ChatCompletionContentPart.ofImageUrl(ChatCompletionContentPartImage.builder().imageUrl(
                                ChatCompletionContentPartImage.ImageUrl.builder().url("https://example.com/cat.png").build()).build())))
                .responseFormat(ResponseFormatJsonObject.builder().build())
                .build());
        assertThat(c.choices()).hasSize(1);
        JsonNode sent = FakeProvider.json(openai.requests().getLast());
        assertThat(sent.path("messages").path(0).path("content").path(1).path("image_url").path("url").asText())
                .isEqualTo("https://example.com/cat.png");
        assertThat(sent.path("response_format").path("type").asText()).isEqualTo("json_object");
    }

    @Test
    void modelsListWhatTheRepositoryReaches() {
        var ids = sdk.models().list().data().stream().map(m -> m.id()).toList();
        assertThat(ids).containsExactly("gpt-4o", "gpt-4o-mini", "text-embedding-3-small");
    }

    @Test
    void embeddings() {
        CreateEmbeddingResponse e = sdk.embeddings().create(EmbeddingCreateParams.builder()
                .model("text-embedding-3-small").input("hello").build());
        assertThat(e.data().getFirst().embedding()).containsExactly(0.125f, -0.5f, 0.75f);
        assertThat(GatewayWorld.usage(server, key.id(), 1).getLast().get("tokens_in")).isNotNull();
    }

    @Test
    void unknownModelIsA404ListingReachableModels() {
        assertThatThrownBy(() -> sdk.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("claude-sonnet-4-5").addUserMessage("Hi").build()))
                .isInstanceOf(NotFoundException.class)
                .hasMessageContaining("gpt-4o-mini");
    }

    @Test
    void providerErrorsKeepTheirShapeAndRetryAfter() throws Exception {
        openai.failNext(FakeProvider.Answer.errorFixture(new String(GatewayOpenAiTest.class
                .getResourceAsStream("/wire/openai/04-error-429.json").readAllBytes(), StandardCharsets.UTF_8)));
        HttpResult r = GatewayWorld.post(server, "/v1/chat/completions", key.secret(),
                "{\"model\":\"gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
        assertThat(r.status()).isEqualTo(429);
        assertThat(r.header("retry-after")).isNotNull();
        assertThat(r.json().path("error").path("code").asText()).isEqualTo("rate_limit_exceeded");
    }
}
