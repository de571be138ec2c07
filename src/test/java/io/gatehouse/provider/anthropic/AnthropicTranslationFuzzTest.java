package io.gatehouse.provider.anthropic;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.fuzz.FuzzTarget;
import io.gatehouse.fuzz.Gen;
import io.gatehouse.fuzz.Json;
import io.gatehouse.fuzz.KnownIssues;
import io.gatehouse.fuzz.Outputs;
import io.gatehouse.fuzz.RequestShapes;
import io.gatehouse.fuzz.UpstreamShapes;
import io.gatehouse.provider.ChainedStream;
import io.gatehouse.provider.Fixtures;
import io.gatehouse.provider.ProviderJson;
import io.gatehouse.provider.TranslationException;
import io.gatehouse.provider.gemini.GeminiToOpenAiStream;
import io.gatehouse.provider.openai.OpenAiUsage;

import java.util.List;

/**
 * Fuzzes the Anthropic translations: OpenAI requests to Anthropic, Anthropic requests (the {@code /anthropic}
 * ingress) to OpenAI, Anthropic answers and streams to OpenAI, OpenAI answers and streams (and Gemini streams through
 * OpenAI) to Anthropic, the relay of an Anthropic stream, and the event reader. Requests are translated or refused
 * with a 400; answers are valid JSON or refused as unreadable; streams always end well-formed.
 */
class AnthropicTranslationFuzzTest {

    private static final Gen<byte[]> OPEN_AI_REQUESTS = Json.inputs(RequestShapes.openAiChat());

    private static final Gen<byte[]> ANTHROPIC_REQUESTS = Json.inputs(RequestShapes.anthropicMessages());

    private static final Gen<byte[]> ANTHROPIC_ANSWERS = Json.inputs(UpstreamShapes.anthropicMessage());

    private static final Gen<byte[]> OPEN_AI_ANSWERS = Json.inputs(UpstreamShapes.openAiCompletion());

    private static final Gen<byte[]> ANTHROPIC_STREAMS = UpstreamShapes.stream(UpstreamShapes.anthropicEvents());

    private static final Gen<byte[]> OPEN_AI_STREAMS = UpstreamShapes.stream(UpstreamShapes.openAiChunks());

    private static final Gen<byte[]> GEMINI_STREAMS = UpstreamShapes.stream(UpstreamShapes.geminiChunks());

    private static final Gen<List<Integer>> READS = UpstreamShapes.reads();

    @FuzzTarget
    void openAiRequestsAreTranslatedOrRefused(FuzzedDataProvider data) {
        byte[] body = OPEN_AI_REQUESTS.draw(data);
        JsonNode request = treeOrNull(body);
        if (request == null) {
            return;
        }
        try {
            Outputs.jsonObject(new OpenAiToAnthropicRequest(AnthropicOptions.defaults()).translate(request, "claude-x")
                    .body());
        } catch (RuntimeException e) {
            KnownIssues.refused(e);
        }
    }

    @FuzzTarget
    void anthropicRequestsAreTranslatedOrRefused(FuzzedDataProvider data) {
        byte[] body = ANTHROPIC_REQUESTS.draw(data);
        boolean legacy = data.consumeBoolean();
        JsonNode request = treeOrNull(body);
        if (request == null) {
            return;
        }
        try {
            Outputs.jsonObject(new AnthropicToOpenAiRequest(legacy).chatCompletions(request, "gpt-x").body());
        } catch (RuntimeException e) {
            KnownIssues.refused(e);
        }
    }

    @FuzzTarget
    void anthropicAnswersBecomeOpenAiJsonOrAreUnreadable(FuzzedDataProvider data) {
        byte[] answer = ANTHROPIC_ANSWERS.draw(data);
        try {
            Outputs.jsonObject(new AnthropicToOpenAiResponse(Fixtures.CLOCK).translate(answer));
            AnthropicToOpenAiResponse.usage(answer);
        } catch (RuntimeException e) {
            Outputs.unreadable(e);
        }
    }

    @FuzzTarget
    void openAiAnswersBecomeAnthropicJsonOrAreUnreadable(FuzzedDataProvider data) {
        byte[] answer = OPEN_AI_ANSWERS.draw(data);
        try {
            Outputs.jsonObject(OpenAiToAnthropicResponse.translate(answer));
            OpenAiUsage.ofResponse(answer);
        } catch (RuntimeException e) {
            Outputs.unreadable(e);
        }
    }

    @FuzzTarget
    void anthropicStreamsBecomeWellFormedOpenAiStreams(FuzzedDataProvider data) {
        byte[] stream = ANTHROPIC_STREAMS.draw(data);
        List<Integer> reads = READS.draw(data);
        boolean usage = data.consumeBoolean();
        Outputs.openAiEnding(Outputs.stream(() -> new AnthropicToOpenAiStream(usage, Fixtures.CLOCK), stream, reads));
    }

    @FuzzTarget
    void anthropicStreamsAreRelayedWellFormed(FuzzedDataProvider data) {
        byte[] stream = ANTHROPIC_STREAMS.draw(data);
        List<Integer> reads = READS.draw(data);
        Outputs.anthropicEnding(Outputs.stream(AnthropicStreamRelay::new, stream, reads));
    }

    @FuzzTarget
    void openAiStreamsBecomeWellFormedAnthropicStreams(FuzzedDataProvider data) {
        byte[] stream = OPEN_AI_STREAMS.draw(data);
        List<Integer> reads = READS.draw(data);
        Outputs.anthropicEnding(Outputs.stream(OpenAiToAnthropicStream::new, stream, reads));
    }

    @FuzzTarget
    void geminiStreamsBecomeWellFormedAnthropicStreamsThroughOpenAi(FuzzedDataProvider data) {
        byte[] stream = GEMINI_STREAMS.draw(data);
        List<Integer> reads = READS.draw(data);
        Outputs.anthropicEnding(Outputs.stream(AnthropicTranslationFuzzTest::geminiToAnthropic, stream, reads));
    }

    @FuzzTarget
    void theEventReaderReadsOrRefuses(FuzzedDataProvider data) {
        byte[] bytes = ANTHROPIC_STREAMS.draw(data);
        try {
            new AnthropicEvent().read(bytes, new AnthropicUsage());
        } catch (RuntimeException e) {
            Outputs.unreadable(e);
        }
    }

    private static ChainedStream geminiToAnthropic() {
        return new ChainedStream(new GeminiToOpenAiStream(true, Fixtures.CLOCK, Outputs.counterIds(), "gemini-x"),
                new OpenAiToAnthropicStream());
    }

    /** The client's body as a tree, or null when the gateway refuses it before translating (not JSON). */
    static JsonNode treeOrNull(byte[] body) {
        try {
            return ProviderJson.read(body);
        } catch (TranslationException notJson) {
            return null;
        }
    }
}
