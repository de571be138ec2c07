package io.gatehouse.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.NotFoundException;
import com.openai.helpers.ResponseAccumulator;
import com.openai.models.Reasoning;
import com.openai.models.ReasoningEffort;
import com.openai.models.responses.FunctionTool;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseFormatTextJsonSchemaConfig;
import com.openai.models.responses.ResponseFunctionToolCall;
import com.openai.models.responses.ResponseInputItem;
import com.openai.models.responses.ResponseOutputItem;
import com.openai.models.responses.ResponseOutputText;
import com.openai.models.responses.ResponseStreamEvent;
import com.openai.models.responses.ResponseTextConfig;
import com.openai.models.responses.ResponseFormatTextConfig;
import com.openai.models.responses.WebSearchTool;
import io.gatehouse.testing.GatewayWorld;
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

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The OpenAI Java SDK's Responses API ({@code client.responses()}) through {@code /v1/responses} to an OpenAI, an
 * Anthropic and a Gemini configuration: text, streams (the typed event sequence), tools with a
 * {@code function_call_output} turn continuing a kept response, kept responses read and deleted, errors.
 */
@Tag("db")
class GatewayResponsesTest {
    static final Map<String, String> TEXTS = Map.of("gpt-4o", FakeOpenAi.TEXT,
            "claude-sonnet-4-5", "Hello from fake Anthropic.", "gemini-2.5-flash", "Hello from fake Gemini.");
    static TestServer server;
    static FakeOpenAi openai;
    static FakeAnthropic anthropic;
    static FakeGemini gemini;
    static GatewayWorld.Key key;
    static OpenAIClient sdk;
    static String ws;

    @BeforeAll
    static void start() {
        server = TestServer.start(GatewayWorld.settings());
        openai = new FakeOpenAi("sk-openai-0123456789abcdef");
        anthropic = new FakeAnthropic("sk-ant-0123456789abcdef");
        gemini = new FakeGemini("AIza-0123456789abcdef");
        var api = server.owner().api();
        ws = server.defaultWorkspace(server.owner());
        String oa = PlatformCalls.aiLlm(api, ws, "oa", "OPENAI", openai.endpoint(), "sk-openai-0123456789abcdef");
        String an = PlatformCalls.aiLlm(api, ws, "claude", "ANTHROPIC", anthropic.endpoint(), "sk-ant-0123456789abcdef");
        String ge = PlatformCalls.aiLlm(api, ws, "gem", "GOOGLE", gemini.endpoint(), "AIza-0123456789abcdef");
        for (String id : List.of(oa, an, ge)) {
            PlatformCalls.validate(api, id);
        }
        key = GatewayWorld.key(server, PlatformCalls.repo(api, ws, "responses", oa, an, ge), "responses key");
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

    static String text(Response response) {
        return response.output().stream().flatMap(item -> item.message().stream())
                .flatMap(message -> message.content().stream()).flatMap(content -> content.outputText().stream())
                .map(ResponseOutputText::text).collect(Collectors.joining());
    }

    static FunctionTool weather() {
        return FunctionTool.builder().name("get_weather").description("The weather in a city")
                .parameters(FunctionTool.Parameters.builder().putAdditionalProperty("type", JsonValue.from("object"))
                        .putAdditionalProperty("properties", JsonValue.from(Map.of("city", Map.of("type", "string"))))
                        .build())
                .strict(false).build();
    }

    static FakeProvider.Recorded lastCall(String model) {
        return switch (model) {
            case "gpt-4o" -> openai.requests().getLast();
            case "claude-sonnet-4-5" -> anthropic.requests().getLast();
            default -> gemini.requests().getLast();
        };
    }

    @Test
    void textReachesEveryProviderAndIsKept() {
        for (String model : TEXTS.keySet()) {
            Response response = sdk.responses().create(ResponseCreateParams.builder().model(model)
                    .instructions("Be brief.").input("Hi").maxOutputTokens(256L).temperature(0.2).build());
            assertThat(text(response)).as(model).isEqualTo(TEXTS.get(model));
            assertThat(response.id()).startsWith("resp_");
            assertThat(response.status().orElseThrow().asString()).isEqualTo("completed");
            assertThat(response.usage().orElseThrow().inputTokens()).as(model).isPositive();
            assertThat(response.instructions()).isPresent();
            Response kept = sdk.responses().retrieve(response.id());
            assertThat(text(kept)).isEqualTo(TEXTS.get(model));
            assertThat(kept.id()).isEqualTo(response.id());
        }
        JsonNode toOpenAi = FakeProvider.json(openai.requests().getLast());
        assertThat(toOpenAi.path("messages").path(0).path("role").asText()).isEqualTo("system");
        assertThat(toOpenAi.path("max_completion_tokens").asInt()).isEqualTo(256);
        assertThat(FakeProvider.json(anthropic.requests().getLast()).path("system").asText()).isEqualTo("Be brief.");
        assertThat(FakeProvider.json(gemini.requests().getLast()).path("generationConfig").path("maxOutputTokens").asInt())
                .isEqualTo(256);
    }

    @Test
    void streamsTheTypedEventSequenceFromEveryProvider() {
        for (String model : TEXTS.keySet()) {
            List<String> types = new ArrayList<>();
            List<Long> sequence = new ArrayList<>();
            ResponseAccumulator accumulator = ResponseAccumulator.create();
            try (StreamResponse<ResponseStreamEvent> stream = sdk.responses().createStreaming(
                    ResponseCreateParams.builder().model(model).input("Hi").build())) {
                stream.stream().forEach(event -> {
                    accumulator.accumulate(event);
                    JsonNode json = io.gatehouse.provider.ProviderJson.MAPPER.valueToTree(event);
                    types.add(json.path("type").asText());
                    sequence.add(json.path("sequence_number").asLong());
                });
            }
            Response response = accumulator.response();
            assertThat(text(response)).as(model).isEqualTo(TEXTS.get(model));
            assertThat(types.getFirst()).isEqualTo("response.created");
            assertThat(types).contains("response.in_progress", "response.output_item.added",
                    "response.content_part.added", "response.output_text.delta", "response.output_text.done",
                    "response.content_part.done", "response.output_item.done");
            assertThat(types.getLast()).isEqualTo("response.completed");
            for (int i = 0; i < sequence.size(); i++) {
                assertThat(sequence.get(i)).isEqualTo(i);
            }
            assertThat(response.usage().orElseThrow().inputTokens()).as(model).isPositive();
            assertThat(text(sdk.responses().retrieve(response.id()))).isEqualTo(TEXTS.get(model));
        }
    }

    @Test
    void toolCallAndItsOutputContinueAKeptResponse() {
        for (String model : TEXTS.keySet()) {
            Response first = sdk.responses().create(ResponseCreateParams.builder().model(model)
                    .input("Weather in Paris?").addTool(weather()).build());
            ResponseFunctionToolCall call = first.output().stream().flatMap(i -> i.functionCall().stream())
                    .findFirst().orElseThrow();
            assertThat(call.name()).isEqualTo("get_weather");
            assertThat(call.arguments()).isEqualTo("{\"city\":\"Paris\"}");
            sdk.responses().create(ResponseCreateParams.builder().model(model).previousResponseId(first.id())
                    .inputOfResponse(List.of(ResponseInputItem.ofFunctionCallOutput(ResponseInputItem.FunctionCallOutput
                            .builder().callId(call.callId()).output("22 degrees, sunny").build())))
                    .addTool(weather()).build());
            String sent = FakeProvider.json(lastCall(model)).toString();
            // The kept conversation went first: the question, the call, then its output, in each provider's shape.
            assertThat(sent).as(model).contains("Weather in Paris?", "get_weather", "22 degrees, sunny");
        }
        JsonNode toOpenAi = FakeProvider.json(openai.requests().getLast());
        assertThat(toOpenAi.path("messages").path(1).path("tool_calls").path(0).path("id").asText()).isEqualTo("call_fake1");
        assertThat(toOpenAi.path("messages").path(2).path("role").asText()).isEqualTo("tool");
        assertThat(toOpenAi.path("messages").path(2).path("tool_call_id").asText()).isEqualTo("call_fake1");
    }

    @Test
    void streamedToolCallsFromEveryProvider() {
        for (String model : TEXTS.keySet()) {
            ResponseAccumulator accumulator = ResponseAccumulator.create();
            List<String> types = new ArrayList<>();
            try (StreamResponse<ResponseStreamEvent> stream = sdk.responses().createStreaming(
                    ResponseCreateParams.builder().model(model).input("Weather in Paris?").addTool(weather()).build())) {
                stream.stream().forEach(event -> {
                    accumulator.accumulate(event);
                    types.add(io.gatehouse.provider.ProviderJson.MAPPER.valueToTree(event).path("type").asText());
                });
            }
            ResponseFunctionToolCall call = accumulator.response().output().stream()
                    .flatMap(i -> i.functionCall().stream()).findFirst().orElseThrow();
            assertThat(call.arguments()).as(model).isEqualTo("{\"city\":\"Paris\"}");
            assertThat(types).as(model).contains("response.function_call_arguments.done");
        }
    }

    @Test
    void formatReasoningAndToolChoiceReachTheProvider() {
        Response answer = sdk.responses().create(ResponseCreateParams.builder().model("gpt-4o").input("Hi")
                .reasoning(Reasoning.builder().effort(ReasoningEffort.LOW)
                        .summary(Reasoning.Summary.AUTO).build())
                .text(ResponseTextConfig.builder().format(ResponseFormatTextConfig.ofJsonSchema(
                        ResponseFormatTextJsonSchemaConfig.builder().name("answer")
                                .schema(ResponseFormatTextJsonSchemaConfig.Schema.builder()
                                        .putAdditionalProperty("type", JsonValue.from("object")).build())
                                .strict(true).build())).build())
                .addTool(weather()).toolChoice(com.openai.models.responses.ToolChoiceOptions.REQUIRED).build());
        JsonNode sent = FakeProvider.json(openai.requests().getLast());
        assertThat(sent.path("reasoning_effort").asText()).isEqualTo("low");
        // No summary is made, so none is claimed.
        assertThat(answer.reasoning().orElseThrow().summary()).isEmpty();
        assertThat(sent.path("response_format").path("json_schema").path("name").asText()).isEqualTo("answer");
        assertThat(sent.path("tool_choice").asText()).isEqualTo("required");
        assertThat(sent.path("tools").path(0).path("function").path("name").asText()).isEqualTo("get_weather");
    }

    @Test
    void keptResponsesAreDeletedUnkeptOnesAndOtherRepositoriesAreNotFound() {
        Response kept = sdk.responses().create(ResponseCreateParams.builder().model("gpt-4o").input("Hi").build());
        Response unkept = sdk.responses().create(ResponseCreateParams.builder().model("gpt-4o").input("Hi")
                .store(false).build());
        assertThatThrownBy(() -> sdk.responses().retrieve(unkept.id())).isInstanceOf(NotFoundException.class);
        var api = server.owner().api();
        String other = PlatformCalls.aiLlm(api, ws, "oa2", "OPENAI", openai.endpoint(), "sk-openai-0123456789abcdef");
        PlatformCalls.validate(api, other);
        OpenAIClient stranger = GatewayWorld.openAi(server,
                GatewayWorld.key(server, PlatformCalls.repo(api, ws, "other", other), "other key").secret());
        assertThatThrownBy(() -> stranger.responses().retrieve(kept.id())).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> stranger.responses().create(ResponseCreateParams.builder().model("gpt-4o")
                .input("Hi").previousResponseId(kept.id()).build())).isInstanceOf(NotFoundException.class);
        sdk.responses().delete(kept.id());
        assertThatThrownBy(() -> sdk.responses().retrieve(kept.id())).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> sdk.responses().delete(kept.id())).isInstanceOf(NotFoundException.class);
    }

    @Test
    void theRepositorysLimitsApplyAsOnChat() {
        var api = server.owner().api();
        String cfg = PlatformCalls.aiLlm(api, ws, "oa-limited", "OPENAI", openai.endpoint(), "sk-openai-0123456789abcdef");
        PlatformCalls.validate(api, cfg);
        String repo = PlatformCalls.repo(api, ws, "limited", cfg);
        GatewayWorld.Key limited = GatewayWorld.key(server, repo, "limited key");
        assertThat(api.put("/repo/" + repo, Map.of("limits", Map.of("rpm", 1))).status()).isEqualTo(200);
        String body = "{\"model\":\"gpt-4o\",\"input\":\"Hi\"}";
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(5)).until(() ->
                GatewayWorld.post(server, "/v1/responses", limited.secret(), body).header("x-ratelimit-limit-requests") != null);
        var refused = GatewayWorld.post(server, "/v1/responses", limited.secret(), body);
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.json().path("error").path("message").asText()).contains("allows 1");
    }

    @Test
    void refusesWhatItCannotCarryInOpenAisErrorShape() {
        assertThatThrownBy(() -> sdk.responses().create(ResponseCreateParams.builder().model("gpt-4o").input("Hi")
                .addTool(WebSearchTool.builder().type(WebSearchTool.Type.WEB_SEARCH).build()).build()))
                .isInstanceOf(BadRequestException.class).hasMessageContaining("Only function tools");
        assertThatThrownBy(() -> sdk.responses().create(ResponseCreateParams.builder().model("no-such-model")
                .input("Hi").build())).isInstanceOf(NotFoundException.class);
        var raw = GatewayWorld.post(server, "/v1/responses", key.secret(), "{\"model\":\"gpt-4o\",\"input\":42}");
        assertThat(raw.status()).isEqualTo(400);
        assertThat(raw.json().path("error").path("param").asText()).isEqualTo("input");
    }
}
