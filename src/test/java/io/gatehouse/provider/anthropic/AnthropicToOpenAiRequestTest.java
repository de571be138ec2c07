package io.gatehouse.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.provider.AnthropicEventAccumulator;
import io.gatehouse.provider.AnthropicStreamChecks;
import io.gatehouse.provider.Fixtures;
import io.gatehouse.provider.SseFrames;
import io.gatehouse.provider.StreamEnd;
import io.gatehouse.provider.TranslationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code /anthropic/v1/messages}: pass-through to Anthropic, translation through the OpenAI shape otherwise. */
class AnthropicToOpenAiRequestTest {

    private static String toAnthropic(String openAiSse) {
        return Fixtures.runWhole(new OpenAiToAnthropicStream(), Fixtures.utf8(openAiSse));
    }

    private static String chunk(String delta, String finishReason) {
        return "data: {\"id\":\"chatcmpl-X\",\"object\":\"chat.completion.chunk\",\"created\":1,\"model\":\"m\",\"choices\":"
                + "[{\"index\":0,\"delta\":" + delta + ",\"finish_reason\":" + finishReason + "}]}\n\n";
    }

    private static final String USAGE = "data: {\"id\":\"chatcmpl-X\",\"choices\":[],\"usage\":{\"prompt_tokens\":10,"
            + "\"completion_tokens\":5,\"total_tokens\":15}}\n\ndata: [DONE]\n\n";

    /** PITFALLS 26: Anthropic → Anthropic keeps the body byte for byte, thinking blocks and signatures included. */
    @Test
    void passThroughKeepsTheBodyUnchanged() {
        byte[] body = Fixtures.bytes("anthropic/03-tool-result-followup.request.json");
        AnthropicBody peek = AnthropicBody.peek(body);
        assertThat(peek.model()).isEqualTo("claude-sonnet-4-5");
        assertThat(peek.forUpstream("claude-sonnet-4-5")).isSameAs(body);
        byte[] renamed = peek.forUpstream("claude-sonnet-4-5-20250929");
        assertThat(new String(renamed, StandardCharsets.UTF_8)).isEqualTo(new String(body, StandardCharsets.UTF_8)
                .replace("\"claude-sonnet-4-5\"", "\"claude-sonnet-4-5-20250929\""));
        assertThat(Fixtures.json(renamed).get("messages")).isEqualTo(Fixtures.json(body).get("messages"));
        var request = peek.messages("claude-sonnet-4-5", "2023-06-01", "interleaved-thinking-2025-05-14");
        assertThat(request.headers()).extracting(Object::toString)
                .contains("anthropic-version: 2023-06-01", "anthropic-beta: interleaved-thinking-2025-05-14");
    }

    /** PITFALLS 27 (Anthropic client): the error event arrives unchanged; usage is kept. */
    @Test
    void passThroughStreamRelaysTheErrorEventUnchanged() {
        AnthropicStreamRelay relay = new AnthropicStreamRelay();
        String out = Fixtures.runBytewise(relay, Fixtures.bytes("anthropic/05-midstream-error.sse"));
        assertThat(out).isEqualTo(Fixtures.text("anthropic/05-midstream-error.sse"));
        assertThat(relay.end()).isEqualTo(StreamEnd.UPSTREAM_ERROR);
        assertThat(relay.error().status()).isEqualTo(503);
        assertThat(relay.usage().promptTokens()).isEqualTo(27);

        AnthropicStreamRelay complete = new AnthropicStreamRelay();
        assertThat(Fixtures.runWhole(complete, Fixtures.bytes("anthropic/02-tools-stream.sse")))
                .isEqualTo(Fixtures.text("anthropic/02-tools-stream.sse"));
        assertThat(complete.end()).isEqualTo(StreamEnd.COMPLETED);
        assertThat(complete.usage().completionTokens()).isEqualTo(168);
    }

    @Test
    void passThroughStreamCutShortGetsAnApiErrorEvent() {
        String sse = Fixtures.text("anthropic/02-tools-stream.sse");
        AnthropicStreamRelay relay = new AnthropicStreamRelay();
        String out = Fixtures.runWhole(relay, Fixtures.utf8(sse.substring(0, sse.indexOf("event: message_delta"))));
        assertThat(relay.end()).isEqualTo(StreamEnd.TRUNCATED);
        assertThat(out).endsWith("event: error\ndata: {\"type\":\"error\",\"error\":{\"type\":\"api_error\","
                + "\"message\":\"The upstream connection ended before the response was complete.\"}}\n\n");
    }

    /** PITFALLS 34. */
    @Test
    void anthropicToolsBecomeTheOpenAiTools() {
        ObjectNode openAi = new AnthropicToOpenAiRequest(false).toOpenAi(Fixtures.json("anthropic/02-tools-stream.request.json"),
                "gpt-5-mini");
        JsonNode expected = Fixtures.json("openai/02-tools-stream.request.json");
        assertThat(openAi.get("tools")).isEqualTo(expected.get("tools"));
        assertThat(openAi.get("tool_choice").asText()).isEqualTo("auto");
        assertThat(openAi.get("parallel_tool_calls").asBoolean()).isTrue();
        assertThat(openAi.get("messages")).isEqualTo(expected.get("messages"));
        assertThat(openAi.get("max_completion_tokens").asInt()).isEqualTo(2048);
        assertThat(openAi.at("/stream_options/include_usage").asBoolean()).isTrue();
        assertThat(openAi.get("user").asText()).isEqualTo("user-4f1c");
        assertThat(openAi.has("thinking")).isFalse();
    }

    @Test
    void toolLoopHistoryBecomesToolMessagesAndThinkingIsDropped() {
        ObjectNode openAi = new AnthropicToOpenAiRequest(true).toOpenAi(
                Fixtures.json("anthropic/03-tool-result-followup.request.json"), "gpt-5-mini");
        // the same conversation; only the ids differ (Anthropic minted them)
        JsonNode expected = Fixtures.json(Fixtures.utf8(Fixtures.text("openai/03-tool-result-followup.request.json")
                .replace("call_Pa1xR7kQ2", "toolu_01Q4bY8mD2kLx7VfN3pR9sTz")
                .replace("call_To2yM4nW8", "toolu_01Hc5Wq2Zt9Lm4Nx8Vb6Ky3Jp")));
        assertThat(openAi.get("messages")).isEqualTo(expected.get("messages"));
        assertThat(openAi.get("max_tokens").asInt()).isEqualTo(2048);
        var request = new AnthropicToOpenAiRequest(false).chatCompletions(Fixtures.json("anthropic/01-basic.request.json"), "gpt-5-mini");
        assertThat(request.path()).isEqualTo("/chat/completions");
        JsonNode body = Fixtures.json(request.body());
        assertThat(body.at("/messages/1/content/1/image_url/url").asText()).startsWith("data:image/png;base64,iVBOR");
        assertThat(body.get("stop")).isEqualTo(Fixtures.json("anthropic/01-basic.request.json").get("stop_sequences"));
    }

    @Test
    void anthropicOnlyFeaturesAreRefusedWithTheirPath() {
        AnthropicToOpenAiRequest ingress = new AnthropicToOpenAiRequest(false);
        assertThatThrownBy(() -> ingress.toOpenAi(Fixtures.json(Fixtures.utf8("{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}],"
                + "\"tools\":[{\"type\":\"web_search_20250305\",\"name\":\"web_search\"}]}")), "m"))
                .isInstanceOf(TranslationException.class).extracting("param").isEqualTo("tools.0.type");
        assertThatThrownBy(() -> ingress.toOpenAi(Fixtures.json(Fixtures.utf8("{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":"
                + "\"tool_result\",\"tool_use_id\":\"t\",\"content\":[{\"type\":\"image\",\"source\":{}}]}]}]}")), "m"))
                .isInstanceOf(TranslationException.class).extracting("param").isEqualTo("messages.0.content.0.content");
    }

    /** PITFALLS 5 (second bullet) and 6. */
    @Test
    void openAiStreamBecomesTheGoldenAnthropicStream() {
        OpenAiToAnthropicStream stream = new OpenAiToAnthropicStream();
        String out = Fixtures.runWhole(stream, Fixtures.bytes("openai/02-tools-stream.sse"));
        assertThat(out).isEqualTo(Fixtures.text("cross/openai-02-to-anthropic.sse"));
        assertThat(stream.end()).isEqualTo(StreamEnd.COMPLETED);
        assertThat(Fixtures.runBytewise(new OpenAiToAnthropicStream(), Fixtures.crlf(Fixtures.bytes("openai/02-tools-stream.sse"))))
                .isEqualTo(out);
        AnthropicStreamChecks.assertWellFormed(out);
        ObjectNode message = AnthropicEventAccumulator.accumulate(out);
        List<JsonNode> tools = AnthropicEventAccumulator.toolUses(message);
        assertThat(tools).extracting(t -> t.get("input")).containsExactly(
                Fixtures.json(Fixtures.utf8("{\"city\":\"Paris\",\"unit\":\"celsius\"}")),
                Fixtures.json(Fixtures.utf8("{\"city\":\"Tokyo\",\"unit\":\"celsius\"}")));
        assertThat(message.at("/usage/input_tokens").asInt()).isEqualTo(142);
        assertThat(message.get("stop_reason").asText()).isEqualTo("tool_use");
    }

    /** PITFALLS 4: text and the first tool fragment in one delta are both kept, text first. */
    @Test
    void textAndToolCallInOneChunkAreBothKept() {
        String out = toAnthropic(chunk("{\"role\":\"assistant\",\"content\":\"Checking.\",\"tool_calls\":[{\"index\":0,"
                + "\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"get_weather\",\"arguments\":\"{\\\"city\\\":\"}}]}", "null")
                + chunk("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"\\\"Paris\\\"}\"}}]}", "null")
                + chunk("{}", "\"tool_calls\"") + USAGE);
        AnthropicStreamChecks.assertWellFormed(out);
        List<SseFrames.Frame> frames = SseFrames.split(out);
        assertThat(frames.get(2).data()).contains("\"text_delta\",\"text\":\"Checking.\"");
        assertThat(frames.get(4).data()).contains("\"type\":\"tool_use\"").contains("\"name\":\"get_weather\"");
        ObjectNode message = AnthropicEventAccumulator.accumulate(out);
        assertThat(AnthropicEventAccumulator.toolUses(message).getFirst().get("input").get("city").asText()).isEqualTo("Paris");
    }

    /** PITFALLS 6 (second bullet). */
    @Test
    void aToolOnlyAnswerStartsWithTheToolUseBlock() {
        String out = toAnthropic(chunk("{\"role\":\"assistant\",\"content\":\"\"}", "null")
                + chunk("{\"tool_calls\":[{\"index\":0,\"id\":\"call_1\",\"type\":\"function\",\"function\":{\"name\":\"now\","
                + "\"arguments\":\"\"}}]}", "null")
                + chunk("{}", "\"tool_calls\"") + USAGE);
        AnthropicStreamChecks.assertWellFormed(out);
        assertThat(SseFrames.split(out).get(1).data())
                .startsWith("{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"tool_use\"");
        assertThat(AnthropicEventAccumulator.toolUses(AnthropicEventAccumulator.accumulate(out)).getFirst().get("input"))
                .isEmpty();
    }

    /** A later call announced while an earlier one still streams is held back, then emitted in order. */
    @Test
    void interleavedToolCallsAreEmittedAsSeparateOrderedBlocks() {
        String out = toAnthropic(chunk("{\"role\":\"assistant\",\"tool_calls\":["
                + "{\"index\":0,\"id\":\"call_a\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"\"}},"
                + "{\"index\":1,\"id\":\"call_b\",\"type\":\"function\",\"function\":{\"name\":\"g\",\"arguments\":\"\"}}]}", "null")
                + chunk("{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"x\\\":1}\"}}]}", "null")
                + chunk("{\"tool_calls\":[{\"index\":1,\"function\":{\"arguments\":\"{\\\"y\\\":\"}}]}", "null")
                + chunk("{\"tool_calls\":[{\"index\":1,\"function\":{\"arguments\":\"2}\"}}]}", "null")
                + chunk("{}", "\"tool_calls\"") + USAGE);
        AnthropicStreamChecks.assertWellFormed(out);
        List<JsonNode> tools = AnthropicEventAccumulator.toolUses(AnthropicEventAccumulator.accumulate(out));
        assertThat(tools).extracting(t -> t.get("name").asText()).containsExactly("f", "g");
        assertThat(tools.get(0).get("input").get("x").asInt()).isEqualTo(1);
        assertThat(tools.get(1).get("input").get("y").asInt()).isEqualTo(2);
    }

    /** PITFALLS 33: stream and non-stream use only Anthropic's enum. */
    @ParameterizedTest
    @CsvSource({"length,max_tokens", "tool_calls,tool_use", "stop,end_turn", "content_filter,refusal"})
    void finishReasonsMapIntoAnthropicsEnum(String finishReason, String stopReason) {
        String out = toAnthropic(chunk("{\"role\":\"assistant\",\"content\":\"hi\"}", "null")
                + chunk("{}", "\"" + finishReason + "\"") + USAGE);
        assertThat(AnthropicEventAccumulator.accumulate(out).get("stop_reason").asText()).isEqualTo(stopReason);
        byte[] response = OpenAiToAnthropicResponse.translate(Fixtures.utf8("{\"id\":\"chatcmpl-1\",\"model\":\"m\",\"choices\":"
                + "[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"hi\"},\"finish_reason\":\"" + finishReason + "\"}],"
                + "\"usage\":{\"prompt_tokens\":10,\"completion_tokens\":2,\"total_tokens\":12}}"));
        assertThat(Fixtures.json(response).get("stop_reason").asText()).isEqualTo(stopReason);
    }

    @Test
    void nonStreamingOpenAiAnswerBecomesAnAnthropicMessage() {
        JsonNode message = Fixtures.json(OpenAiToAnthropicResponse.translate(Fixtures.utf8("{\"id\":\"chatcmpl-C9\",\"model\":\"gpt-5-mini\","
                + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":null,\"tool_calls\":["
                + "{\"id\":\"functions.f:0\",\"type\":\"function\",\"function\":{\"name\":\"f\",\"arguments\":\"{\\\"a\\\":1}\"}},"
                + "{\"id\":\"call_2\",\"type\":\"function\",\"function\":{\"name\":\"g\",\"arguments\":\"not json\"}}]},"
                + "\"finish_reason\":\"tool_calls\"}],\"usage\":{\"prompt_tokens\":100,\"completion_tokens\":20,\"total_tokens\":120,"
                + "\"prompt_tokens_details\":{\"cached_tokens\":60}}}")));
        assertThat(message.get("id").asText()).isEqualTo("msg_gh_C9");
        assertThat(message.get("content")).hasSize(2);
        assertThat(message.at("/content/0/id").asText()).matches("^[a-zA-Z0-9_-]+$");
        assertThat(message.at("/content/0/input/a").asInt()).isEqualTo(1);
        assertThat(message.at("/content/1/input/_raw").asText()).isEqualTo("not json");
        assertThat(message.get("usage")).isEqualTo(Fixtures.json(Fixtures.utf8(
                "{\"input_tokens\":40,\"cache_read_input_tokens\":60,\"output_tokens\":20}")));
    }

    @Test
    void upstreamErrorsAndCutsBecomeAnthropicErrorEvents() {
        OpenAiToAnthropicStream failing = new OpenAiToAnthropicStream();
        String out = Fixtures.runWhole(failing, Fixtures.bytes("openai/05-midstream-error.sse"));
        assertThat(failing.end()).isEqualTo(StreamEnd.UPSTREAM_ERROR);
        assertThat(out).contains("\"text\":\"Paris is currently\"").endsWith("event: error\ndata: {\"type\":\"error\","
                + "\"error\":{\"type\":\"api_error\",\"message\":\"The server had an error while processing your request. Sorry about that!\"}}\n\n");
        assertThatThrownBy(() -> AnthropicEventAccumulator.accumulate(out))
                .isInstanceOf(AnthropicEventAccumulator.StreamError.class);

        OpenAiToAnthropicStream cut = new OpenAiToAnthropicStream();
        String partial = Fixtures.runWhole(cut, Fixtures.utf8(chunk("{\"role\":\"assistant\",\"content\":\"hi\"}", "null")));
        assertThat(cut.end()).isEqualTo(StreamEnd.TRUNCATED);
        assertThat(partial).endsWith("\"type\":\"api_error\",\"message\":\"The upstream connection ended before the response was complete.\"}}\n\n");
    }
}
