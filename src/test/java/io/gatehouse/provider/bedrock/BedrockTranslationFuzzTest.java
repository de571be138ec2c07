package io.gatehouse.provider.bedrock;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.fuzz.Fetches;
import io.gatehouse.fuzz.FuzzTarget;
import io.gatehouse.fuzz.Gen;
import io.gatehouse.fuzz.Json;
import io.gatehouse.fuzz.KnownIssues;
import io.gatehouse.fuzz.Outputs;
import io.gatehouse.fuzz.RequestShapes;
import io.gatehouse.fuzz.UpstreamShapes;
import io.gatehouse.provider.ChainedStream;
import io.gatehouse.provider.Fixtures;
import io.gatehouse.provider.MediaFetch;
import io.gatehouse.provider.ProviderJson;
import io.gatehouse.provider.TranslationException;
import io.gatehouse.provider.anthropic.AnthropicToOpenAiRequest;
import io.gatehouse.provider.anthropic.OpenAiToAnthropicStream;
import io.gatehouse.provider.gemini.OpenAiToGeminiRequest;
import io.gatehouse.testing.fake.FakeBedrock;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Map;

import static io.gatehouse.fuzz.Json.NODES;
import static io.gatehouse.fuzz.Json.arrayOf;
import static io.gatehouse.fuzz.Json.integer;
import static io.gatehouse.fuzz.Json.object;
import static io.gatehouse.fuzz.Json.oneOfText;
import static io.gatehouse.fuzz.Json.textNode;

/**
 * Fuzzes the Bedrock translations: OpenAI requests (and Anthropic ones through OpenAI) to Converse with remote
 * images fetched or failed, Converse answers to OpenAI, and ConverseStream event streams (binary messages, damaged or
 * cut anywhere) to OpenAI and Anthropic streams.
 */
class BedrockTranslationFuzzTest {
    private static final Gen<byte[]> OPEN_AI_REQUESTS = Json.inputs(RequestShapes.openAiChat());
    private static final Gen<byte[]> ANTHROPIC_REQUESTS = Json.inputs(RequestShapes.anthropicMessages());
    private static final Gen<byte[]> CONVERSE_ANSWERS = Json.inputs(converseAnswer());
    private static final Gen<byte[]> EVENT_STREAMS = eventStreams();
    private static final Gen<List<Integer>> READS = UpstreamShapes.reads();

    @FuzzTarget
    void openAiRequestsAreTranslatedOrRefused(FuzzedDataProvider data) {
        byte[] body = OPEN_AI_REQUESTS.draw(data);
        int fetchOutcomes = data.consumeInt();
        JsonNode request = treeOrNull(body);
        if (request != null) {
            translate(request, fetchOutcomes);
        }
    }

    @FuzzTarget
    void anthropicRequestsAreTranslatedThroughOpenAiOrRefused(FuzzedDataProvider data) {
        byte[] body = ANTHROPIC_REQUESTS.draw(data);
        int fetchOutcomes = data.consumeInt();
        JsonNode request = treeOrNull(body);
        if (request == null) {
            return;
        }
        JsonNode openAi;
        try {
            openAi = new AnthropicToOpenAiRequest(false).toOpenAi(request, "anthropic.claude-x-v1:0");
        } catch (RuntimeException e) {
            KnownIssues.refused(e);
            return;
        }
        translate(openAi, fetchOutcomes);
    }

    @FuzzTarget
    void converseAnswersBecomeOpenAiJsonOrAreUnreadable(FuzzedDataProvider data) {
        byte[] answer = CONVERSE_ANSWERS.draw(data);
        try {
            Outputs.jsonObject(new BedrockToOpenAiResponse(Fixtures.CLOCK, Outputs.counterIds()).translate(answer, "m"));
            BedrockToOpenAiResponse.usage(answer);
        } catch (RuntimeException e) {
            Outputs.unreadable(e);
        }
    }

    @FuzzTarget
    void eventStreamsBecomeWellFormedOpenAiStreams(FuzzedDataProvider data) {
        byte[] stream = EVENT_STREAMS.draw(data);
        List<Integer> reads = READS.draw(data);
        boolean usage = data.consumeBoolean();
        Outputs.openAiEnding(Outputs.stream(
                () -> new BedrockToOpenAiStream(usage, Fixtures.CLOCK, Outputs.counterIds(), "m"), stream, reads));
    }

    @FuzzTarget
    void eventStreamsBecomeWellFormedAnthropicStreams(FuzzedDataProvider data) {
        byte[] stream = EVENT_STREAMS.draw(data);
        List<Integer> reads = READS.draw(data);
        Outputs.anthropicEnding(Outputs.stream(() -> new ChainedStream(
                new BedrockToOpenAiStream(true, Fixtures.CLOCK, Outputs.counterIds(), "m"), new OpenAiToAnthropicStream()),
                stream, reads));
    }

    private static Gen<JsonNode> usage() {
        Gen<JsonNode> count = Gen.<JsonNode>weighted().or(8, Gen.ints(0, 5000).map(NODES::numberNode)).or(1, integer());
        return object().maybe("inputTokens", count, 0.9).maybe("outputTokens", count, 0.9).maybe("totalTokens", count, 0.7)
                .maybe("cacheReadInputTokens", count, 0.3).maybe("cacheWriteInputTokens", count, 0.3).build();
    }

    private static Gen<JsonNode> stopReason() {
        return oneOfText("end_turn", "tool_use", "max_tokens", "stop_sequence", "guardrail_intervened", "content_filtered");
    }

    private static Gen<JsonNode> converseAnswer() {
        Gen<JsonNode> toolUse = object().maybe("toolUseId", textNode(), 0.9).maybe("name", textNode(), 0.9)
                .maybe("input", object().maybe("city", textNode(), 0.8).build(), 0.9).build();
        Gen<JsonNode> block = Gen.<JsonNode>weighted().or(4, object().with("text", textNode()).build())
                .or(2, object().with("toolUse", toolUse).build())
                .or(1, object().with("reasoningContent", object().with("reasoningText",
                        object().with("text", textNode()).build()).build()).build());
        Gen<JsonNode> ok = object().with("output", object().with("message", object().with("role", NODES.textNode("assistant"))
                        .maybe("content", arrayOf(block, 0, 4), 0.95).build()).build())
                .maybe("stopReason", stopReason(), 0.9).maybe("usage", usage(), 0.8).build();
        Gen<JsonNode> error = object().with("message", textNode()).build();
        return Json.mutated(Gen.<JsonNode>weighted().or(9, ok).or(1, error), 2);
    }

    /** Event streams in the order ConverseStream sends them, mutated, encoded, and sometimes damaged or raw bytes. */
    private static Gen<byte[]> eventStreams() {
        Gen<JsonNode> index = Gen.ints(0, 3).map(NODES::numberNode);
        Gen<JsonNode> delta = Gen.<JsonNode>weighted()
                .or(4, object().with("contentBlockIndex", index).with("delta", object().with("text", textNode()).build()).build())
                .or(2, object().with("contentBlockIndex", index).with("delta", object().with("toolUse",
                        object().with("input", oneOfText("{\"city\":", "\"Paris\"}", "{}", "")).build()).build()).build());
        Gen<JsonNode> start = object().with("contentBlockIndex", index).with("start", object().with("toolUse",
                object().with("toolUseId", textNode()).with("name", textNode()).build()).build()).build();
        Gen<Event> middle = Gen.<Event>weighted()
                .or(5, delta.map(p -> new Event("contentBlockDelta", p)))
                .or(2, start.map(p -> new Event("contentBlockStart", p)))
                .or(2, object().with("contentBlockIndex", index).build().map(p -> new Event("contentBlockStop", p)))
                .or(1, object().with("message", textNode()).build().map(p -> new Event("exception:throttlingException", p)))
                .or(1, Json.any(1).map(p -> new Event(null, p)));
        Gen<byte[]> encoded = data -> {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            if (Gen.chance(data, 0.9)) {
                out.writeBytes(encode(new Event("messageStart", NODES.objectNode().put("role", "assistant"))));
            }
            for (Event event : middle.list(0, 6).draw(data)) {
                out.writeBytes(encode(event.name() == null ? new Event("x" + data.consumeString(20), event.payload()) : event));
            }
            if (Gen.chance(data, 0.8)) {
                out.writeBytes(encode(new Event("messageStop", object().maybe("stopReason", stopReason(), 0.9).build().draw(data))));
            }
            if (Gen.chance(data, 0.8)) {
                out.writeBytes(encode(new Event("metadata", object().maybe("usage", usage(), 0.9).build().draw(data))));
            }
            return out.toByteArray();
        };
        return Gen.<byte[]>weighted().or(6, encoded).or(2, Json.garbled(encoded)).or(1, Json.rawBytes());
    }

    private record Event(String name, JsonNode payload) {
    }

    private static byte[] encode(Event event) {
        return event.name().startsWith("exception:")
                ? FakeBedrock.exception(event.name().substring("exception:".length()), event.payload().path("message").asText())
                : FakeBedrock.event(event.name(), event.payload().toString());
    }

    /** Translates with each remote image fetched, failed or answered with a non-image, as {@code outcomes} picks. */
    private static void translate(JsonNode request, int outcomes) {
        try {
            Map<String, MediaFetch> fetched = Fetches.outcomes(OpenAiToGeminiRequest.remoteMedia(request), outcomes);
            Outputs.jsonObject(OpenAiToBedrockRequest.translate(request, "anthropic.claude-x-v1:0", fetched).body());
        } catch (RuntimeException e) {
            KnownIssues.refused(e);
        }
    }

    private static JsonNode treeOrNull(byte[] body) {
        try {
            return ProviderJson.read(body);
        } catch (TranslationException notJson) {
            return null;
        }
    }
}
