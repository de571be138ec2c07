package io.gatehouse.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.google.genai.Client;
import com.google.genai.ResponseStream;
import com.google.genai.errors.ApiException;
import com.google.genai.types.Content;
import com.google.genai.types.FunctionCall;
import com.google.genai.types.FunctionDeclaration;
import com.google.genai.types.FunctionResponse;
import com.google.genai.types.GenerateContentConfig;
import com.google.genai.types.GenerateContentResponse;
import com.google.genai.types.Model;
import com.google.genai.types.Part;
import com.google.genai.types.Tool;
import io.gatehouse.limit.TokenEstimate;
import io.gatehouse.provider.ProviderJson;
import io.gatehouse.testing.GatewayWorld;
import io.gatehouse.testing.HttpResult;
import io.gatehouse.testing.TestServer;
import io.gatehouse.testing.ThreeProviders;
import io.gatehouse.testing.fake.FakeAnthropic;
import io.gatehouse.testing.fake.FakeGemini;
import io.gatehouse.testing.fake.FakeOpenAi;
import io.gatehouse.testing.fake.FakeProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Gemini-native ingress driven by the official Google GenAI SDK (as on {@code /v1beta} and on {@code /v1}), one
 * repo key reaching an OpenAI, an Anthropic and a Gemini configuration: text, streams, function calling with a
 * function-response turn, token counts, embeddings, the model list and errors in Google's shape; raw HTTP where the
 * SDK hides the wire (the JSON-array stream, the key as {@code ?key=}, the count's header).
 */
class GatewayGeminiTest {
    static ThreeProviders world;
    static TestServer server;
    static FakeOpenAi openai;
    static FakeAnthropic anthropic;
    static FakeGemini gemini;
    static GatewayWorld.Key key;
    static Client sdk;

    @BeforeAll
    static void start() {
        world = ThreeProviders.start("native", "gemini sdk key");
        server = world.server();
        openai = world.openai();
        anthropic = world.anthropic();
        gemini = world.gemini();
        key = world.key();
        sdk = GatewayWorld.gemini(server, key.secret(), "v1beta");
    }

    @AfterAll
    static void stop() {
        sdk.close();
        world.close();
    }

    @BeforeEach
    void reset() {
        world.reset();
    }

    private static Tool weather() {
        return Tool.builder().functionDeclarations(FunctionDeclaration.builder().name("get_weather")
                .description("The weather in a city").parametersJsonSchema(Map.of("type", "object",
                        "properties", Map.of("city", Map.of("type", "string")), "required", List.of("city"))).build())
                .build();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"gpt-4o, Hello from fake OpenAI., OPENAI, 11, 7",
            "claude-sonnet-4-5, Hello from fake Anthropic., ANTHROPIC, 21, 9",
            "gemini-2.5-flash, Hello from fake Gemini., GOOGLE, 31, 6"})
    void generateContentReachesEveryProviderAndIsMetered(String model, String text, String type, long in, long out) {
        int before = GatewayWorld.usage(server, key.id(), 0).size();
        GenerateContentResponse answer = sdk.models.generateContent(model, "Hi", GenerateContentConfig.builder()
                .systemInstruction(Content.fromParts(Part.fromText("Be brief."))).build());
        assertThat(answer.text()).isEqualTo(text);
        assertThat(answer.usageMetadata().orElseThrow().promptTokenCount()).contains((int) in);
        assertThat(GatewayWorld.usage(server, key.id(), before + 1).get(before)).containsEntry("llm_type", type)
                .containsEntry("tokens_in", in).containsEntry("tokens_out", out).containsEntry("status", 200);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"gpt-4o, Hello from fake OpenAI.", "claude-sonnet-4-5, Hello from fake Anthropic.",
            "gemini-2.5-flash, Hello from fake Gemini."})
    void streamGenerateContentReachesEveryProvider(String model, String text) {
        StringBuilder streamed = new StringBuilder();
        List<String> finishes = new ArrayList<>();
        try (ResponseStream<GenerateContentResponse> stream = sdk.models.generateContentStream(model,
                List.of(Content.fromParts(Part.fromText("Hi"))), null)) {
            for (GenerateContentResponse chunk : stream) {
                if (chunk.text() != null) {
                    streamed.append(chunk.text());
                }
                chunk.candidates().orElse(List.of()).forEach(c -> c.finishReason().ifPresent(f -> finishes.add(f.toString())));
            }
        }
        assertThat(streamed.toString()).isEqualTo(text);
        assertThat(finishes).containsExactly("STOP");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"gpt-4o", "claude-sonnet-4-5", "gemini-2.5-flash"})
    void functionCallingRoundTripsThroughEveryProvider(String model) {
        GenerateContentConfig config = GenerateContentConfig.builder().tools(weather()).build();
        Content ask = Content.builder().role("user").parts(Part.fromText("Weather in Paris?")).build();
        GenerateContentResponse first = sdk.models.generateContent(model, List.of(ask), config);
        FunctionCall call = first.functionCalls().getFirst();
        assertThat(call.name()).contains("get_weather");
        assertThat(call.args().orElseThrow()).containsEntry("city", "Paris");

        Content modelTurn = first.candidates().orElseThrow().getFirst().content().orElseThrow();
        var response = FunctionResponse.builder().name("get_weather").response(Map.of("forecast", "sunny"));
        call.id().ifPresent(response::id);
        Content result = Content.builder().role("user").parts(Part.builder().functionResponse(response).build()).build();
        GenerateContentResponse second = sdk.models.generateContent(model, List.of(ask, modelTurn, result),
                GenerateContentConfig.builder().build());
        assertThat(second.text()).startsWith("Hello from fake");

        switch (model) {
            case "gpt-4o" -> {
                JsonNode sent = FakeProvider.json(openai.requests().getLast()).path("messages");
                assertThat(sent.path(1).path("tool_calls").path(0).path("id").asText()).isEqualTo("call_fake1");
                assertThat(sent.path(2).path("role").asText()).isEqualTo("tool");
                assertThat(sent.path(2).path("tool_call_id").asText()).isEqualTo("call_fake1");
                assertThat(sent.path(2).path("content").asText()).contains("sunny");
            }
            case "claude-sonnet-4-5" -> {
                JsonNode sent = FakeProvider.json(anthropic.requests().getLast()).path("messages");
                JsonNode use = sent.path(1).path("content").path(sent.path(1).path("content").size() - 1);
                assertThat(use.path("type").asText()).isEqualTo("tool_use");
                assertThat(sent.path(2).path("content").path(0).path("tool_use_id").asText()).isEqualTo(use.path("id").asText());
            }
            default -> {
                // Gemini to Gemini: the model's turn goes back as it came, its thought signature unchanged.
                JsonNode part = FakeProvider.json(gemini.requests().getLast()).path("contents").path(1).path("parts").path(0);
                assertThat(part.path("thoughtSignature").asText()).isEqualTo(FakeGemini.SIGNATURE);
                assertThat(part.path("functionCall").path("name").asText()).isEqualTo("get_weather");
            }
        }
    }

    @Test
    void countTokensIsTheProvidersOwnWhereItHasOneAndAnEstimateElsewhere() {
        assertThat(sdk.models.countTokens("gemini-2.5-flash", "How many tokens is this?", null).totalTokens())
                .contains(FakeGemini.COUNTED_TOKENS);
        assertThat(gemini.requests().getLast().path()).isEqualTo("/v1beta/models/gemini-2.5-flash:countTokens");
        assertThat(sdk.models.countTokens("claude-sonnet-4-5", "How many tokens is this?", null).totalTokens())
                .contains(FakeAnthropic.COUNTED_TOKENS);
        assertThat(anthropic.requests().getLast().path()).isEqualTo("/v1/messages/count_tokens");
        // The limits' estimate (OpenAI's tokenizer for an OpenAI model), no provider called.
        assertThat(sdk.models.countTokens("gpt-4o", "How many tokens is this?", null).totalTokens())
                .contains((int) TokenEstimate.input("How many tokens is this?", true));
        assertThat(openai.requests()).isEmpty();

        String body = "{\"contents\":[{\"parts\":[{\"text\":\"How many tokens is this?\"}]}]}";
        HttpResult estimate = GatewayWorld.post(server, "/v1beta/models/gpt-4o:countTokens", key.secret(), body);
        assertThat(estimate.headers().firstValue(CountTokens.HEADER)).contains("estimate");
        HttpResult counted = GatewayWorld.post(server, "/v1beta/models/gemini-2.5-flash:countTokens", key.secret(), body);
        assertThat(counted.headers().firstValue(CountTokens.HEADER)).contains("provider");
    }

    @Test
    void embedContentReachesGeminiAndOpenAi() {
        var viaGemini = sdk.models.embedContent("text-embedding-004", List.of("one", "two"), null);
        assertThat(viaGemini.embeddings().orElseThrow()).hasSize(2);
        assertThat(gemini.requests().getLast().path()).isEqualTo("/v1beta/models/text-embedding-004:batchEmbedContents");
        assertThat(FakeProvider.json(gemini.requests().getLast()).path("requests").path(0).path("model").asText())
                .isEqualTo("models/text-embedding-004");

        var viaOpenAi = sdk.models.embedContent("text-embedding-3-small", List.of("one", "two"), null);
        assertThat(viaOpenAi.embeddings().orElseThrow()).hasSize(2)
                .allSatisfy(e -> assertThat(e.values().orElseThrow()).containsExactly(0.125f, -0.5f, 0.75f));
        assertThat(FakeProvider.json(openai.requests().getLast()).path("input").toString()).isEqualTo("[\"one\",\"two\"]");

        HttpResult single = GatewayWorld.post(server, "/v1beta/models/text-embedding-3-small:embedContent", key.secret(),
                "{\"content\":{\"parts\":[{\"text\":\"one\"}]}}");
        assertThat(single.json().path("embedding").path("values").size()).isEqualTo(3);
    }

    @Test
    void modelsListsTheRepositorysModelsInGeminisShape() {
        List<String> names = new ArrayList<>();
        for (Model m : sdk.models.list(null)) {
            names.add(m.name().orElseThrow());
        }
        assertThat(names).contains("models/gpt-4o", "models/claude-sonnet-4-5", "models/gemini-2.5-flash",
                "models/text-embedding-004");
        assertThat(sdk.models.get("claude-sonnet-4-5", null).displayName()).contains("Claude Sonnet 4.5");
        assertThatThrownBy(() -> sdk.models.get("no-such-model", null)).isInstanceOf(ApiException.class)
                .satisfies(e -> assertThat(((ApiException) e).code()).isEqualTo(404));
    }

    @Test
    void theV1PathsServeTheSameAsV1Beta() {
        try (Client v1 = GatewayWorld.gemini(server, key.secret(), "v1")) {
            assertThat(v1.models.generateContent("gemini-2.5-flash", "Hi", null).text()).isEqualTo("Hello from fake Gemini.");
            assertThat(v1.models.list(null).page()).isNotEmpty();
        }
        // The OpenAI SDKs' /v1/models keeps OpenAI's shape.
        assertThat(GatewayWorld.send(server, "GET", "/v1/models", key.secret(), null).json().path("object").asText())
                .isEqualTo("list");
    }

    @Test
    void errorsComeInGooglesShape() {
        assertThatThrownBy(() -> sdk.models.generateContent("no-such-model", "Hi", null)).isInstanceOf(ApiException.class)
                .satisfies(e -> {
                    assertThat(((ApiException) e).code()).isEqualTo(404);
                    assertThat(((ApiException) e).status()).isEqualTo("NOT_FOUND");
                });
        try (Client wrongKey = GatewayWorld.gemini(server, "ghk_not-a-key", "v1beta")) {
            assertThatThrownBy(() -> wrongKey.models.generateContent("gpt-4o", "Hi", null)).isInstanceOf(ApiException.class)
                    .satisfies(e -> assertThat(((ApiException) e).status()).isEqualTo("UNAUTHENTICATED"));
        }
        HttpResult missing = GatewayWorld.post(server, "/v1beta/models/gpt-4o:generateContent", null, "{\"contents\":[]}");
        assertThat(missing.status()).isEqualTo(401);
        assertThat(missing.json().path("error").path("code").asInt()).isEqualTo(401);
        assertThat(missing.json().path("error").path("message").asText()).contains("x-goog-api-key");
        HttpResult bad = GatewayWorld.post(server, "/v1beta/models/gpt-4o:generateContent", key.secret(), "{\"contents\":[]}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().path("error").path("status").asText()).isEqualTo("INVALID_ARGUMENT");
        HttpResult unknown = GatewayWorld.post(server, "/v1beta/models/gpt-4o:predict", key.secret(), "{}");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().path("error").path("status").asText()).isEqualTo("NOT_FOUND");
        HttpResult google = GatewayWorld.post(server, "/v1beta/models/gpt-4o:generateContent", key.secret(),
                "{\"contents\":[{\"parts\":[{\"text\":\"hi\"}]}],\"tools\":[{\"googleSearch\":{}}]}");
        assertThat(google.status()).isEqualTo(400);
        assertThat(google.json().path("error").path("message").asText()).contains("googleSearch");
    }

    @Test
    void theKeyMayComeAsTheKeyParameterAndStreamsWithoutAltSseAreOneJsonArray() {
        String body = "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"Hi\"}]}]}";
        for (String model : List.of("gemini-2.5-flash", "gpt-4o")) {
            HttpResult array = GatewayWorld.post(server, "/v1beta/models/" + model + ":streamGenerateContent?key="
                    + key.secret(), null, body);
            assertThat(array.status()).isEqualTo(200);
            assertThat(array.headers().firstValue("content-type").orElse("")).startsWith("application/json");
            assertThat(array.body()).as(model).endsWith("]");
            JsonNode chunks = ProviderJson.read(array.body().getBytes(StandardCharsets.UTF_8));
            assertThat(chunks.isArray()).isTrue();
            StringBuilder text = new StringBuilder();
            chunks.forEach(c -> text.append(c.path("candidates").path(0).path("content").path("parts").path(0).path("text").asText("")));
            assertThat(text.toString()).startsWith("Hello from fake");
            assertThat(chunks.get(chunks.size() - 1).path("usageMetadata").path("totalTokenCount").asInt()).isPositive();
        }
        HttpResult sse = GatewayWorld.post(server, "/v1beta/models/gpt-4o:streamGenerateContent?alt=sse", key.secret(), body);
        assertThat(sse.headers().firstValue("content-type").orElse("")).startsWith("text/event-stream");
        assertThat(sse.body()).startsWith("data: {\"candidates\"");
    }
}
