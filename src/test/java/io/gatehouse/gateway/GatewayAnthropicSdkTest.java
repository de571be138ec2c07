package io.gatehouse.gateway;

import com.anthropic.client.AnthropicClient;
import com.anthropic.core.JsonValue;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.UnauthorizedException;
import com.anthropic.errors.NotFoundException;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.ContentBlock;
import com.anthropic.models.messages.ContentBlockParam;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.Tool;
import com.anthropic.models.messages.ToolResultBlockParam;
import com.anthropic.models.messages.ToolUseBlock;
import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.testing.GatewayWorld;
import io.gatehouse.testing.ThreeProviders;
import io.gatehouse.testing.fake.FakeProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Anthropic Messages ingress driven by the official Anthropic Java SDK against an OpenAI, an Anthropic and a
 * Gemini configuration: text, streaming, a tool call with its tool-result turn, and errors in Anthropic's shape (the
 * SDK's own exception types).
 */
class GatewayAnthropicSdkTest {
    static ThreeProviders world;
    static AnthropicClient sdk;

    @BeforeAll
    static void start() {
        world = ThreeProviders.start("anthropic messages", "anthropic messages key");
        sdk = GatewayWorld.anthropic(world.server(), world.key().secret());
    }

    @AfterAll
    static void stop() {
        world.close();
    }

    @BeforeEach
    void reset() {
        world.reset();
    }

    private static MessageCreateParams.Builder ask(String model) {
        return MessageCreateParams.builder().model(model).maxTokens(100).system("Be brief.");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"gpt-4o, Hello from fake OpenAI., OPENAI, 11, 7",
            "claude-sonnet-4-5, Hello from fake Anthropic., ANTHROPIC, 21, 9",
            "gemini-2.5-flash, Hello from fake Gemini., GOOGLE, 31, 6"})
    void aMessageReachesEveryProviderAndIsMetered(String model, String text, String type, long in, long out) {
        int before = GatewayWorld.usage(world.server(), world.key().id(), 0).size();
        Message answer = sdk.messages().create(ask(model).addUserMessage("Hi").build());
        assertThat(text(answer)).isEqualTo(text);
        assertThat(answer.usage().inputTokens()).isEqualTo(in);
        assertThat(answer.usage().outputTokens()).isEqualTo(out);
        assertThat(GatewayWorld.usage(world.server(), world.key().id(), before + 1).get(before))
                .containsEntry("llm_type", type).containsEntry("tokens_in", in).containsEntry("tokens_out", out);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"gpt-4o, Hello from fake OpenAI.", "claude-sonnet-4-5, Hello from fake Anthropic.",
            "gemini-2.5-flash, Hello from fake Gemini."})
    void aStreamReachesEveryProvider(String model, String text) {
        MessageAccumulator accumulated = MessageAccumulator.create();
        try (StreamResponse<RawMessageStreamEvent> stream = sdk.messages().createStreaming(
                ask(model).addUserMessage("Hi").build())) {
            stream.stream().forEach(accumulated::accumulate);
        }
        Message message = accumulated.message();
        assertThat(text(message)).isEqualTo(text);
        assertThat(message.stopReason()).hasValueSatisfying(r -> assertThat(r.asString()).isEqualTo("end_turn"));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"gpt-4o", "claude-sonnet-4-5", "gemini-2.5-flash"})
    void aToolCallAndItsResultRoundTripThroughEveryProvider(String model) {
        Message first = sdk.messages().create(ask(model).addTool(weather()).addUserMessage("Weather in Paris?").build());
        ToolUseBlock use = first.content().stream().flatMap(b -> b.toolUse().stream()).findFirst().orElseThrow();
        assertThat(use.name()).isEqualTo("get_weather");
        assertThat(use._input().convert(Map.class)).containsEntry("city", "Paris");
        assertThat(first.stopReason()).hasValueSatisfying(r -> assertThat(r.asString()).isEqualTo("tool_use"));

        // The fakes call the tool whenever tools are offered; the result turn offers none, so they answer in text.
        Message second = sdk.messages().create(ask(model).addUserMessage("Weather in Paris?")
                .addMessage(first)
                .addUserMessageOfContentBlockParams(List.of(ContentBlockParam.ofToolResult(
                        ToolResultBlockParam.builder().toolUseId(use.id()).content("sunny").build())))
                .build());
        assertThat(text(second)).startsWith("Hello from fake");

        switch (model) {
            case "gpt-4o" -> {
                JsonNode sent = FakeProvider.json(world.openai().requests().getLast()).path("messages");
                JsonNode call = sent.path(2).path("tool_calls").path(0);
                assertThat(call.path("function").path("name").asText()).isEqualTo("get_weather");
                assertThat(sent.path(3).path("role").asText()).isEqualTo("tool");
                assertThat(sent.path(3).path("tool_call_id").asText()).isEqualTo(call.path("id").asText());
                assertThat(sent.path(3).path("content").asText()).contains("sunny");
            }
            case "claude-sonnet-4-5" -> {
                JsonNode result = FakeProvider.json(world.anthropic().requests().getLast()).path("messages").path(2)
                        .path("content").path(0);
                assertThat(result.path("type").asText()).isEqualTo("tool_result");
                assertThat(result.path("tool_use_id").asText()).isEqualTo(use.id());
            }
            default -> {
                JsonNode contents = FakeProvider.json(world.gemini().requests().getLast()).path("contents");
                assertThat(contents.toString()).contains("\"functionCall\"").contains("\"functionResponse\"")
                        .contains("sunny");
            }
        }
    }

    @Test
    void errorsComeInAnthropicsShape() {
        assertThatThrownBy(() -> sdk.messages().create(ask("no-such-model").addUserMessage("Hi").build()))
                .isInstanceOf(NotFoundException.class);
        AnthropicClient wrongKey = GatewayWorld.anthropic(world.server(), "ghk_not-a-key");
        try {
            assertThatThrownBy(() -> wrongKey.messages().create(ask("gpt-4o").addUserMessage("Hi").build()))
                    .isInstanceOf(UnauthorizedException.class);
        } finally {
            wrongKey.close();
        }
    }

    private static Tool weather() {
        return Tool.builder().name("get_weather").description("The weather in a city")
                .inputSchema(Tool.InputSchema.builder()
                        .properties(Tool.InputSchema.Properties.builder()
                                .putAdditionalProperty("city", JsonValue.from(Map.of("type", "string"))).build())
                        .required(List.of("city")).build())
                .build();
    }

    private static String text(Message message) {
        StringBuilder text = new StringBuilder();
        for (ContentBlock block : message.content()) {
            block.text().ifPresent(t -> text.append(t.text()));
        }
        return text.toString();
    }
}
