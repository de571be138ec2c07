package io.gatehouse.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.fuzz.Fuzzing;
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
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.List;

/**
 * Fuzzes the Anthropic translations: OpenAI requests to Anthropic, Anthropic requests (the {@code /anthropic}
 * ingress) to OpenAI, Anthropic answers and streams to OpenAI, OpenAI answers and streams (and Gemini streams through
 * OpenAI) to Anthropic, the relay of an Anthropic stream, and the event reader. Requests are translated or refused
 * with a 400; answers are valid JSON or refused as unreadable; streams always end well-formed.
 */
@Fuzzing
class AnthropicTranslationFuzzTest {

    @Provide
    Arbitrary<byte[]> openAiRequests() {
        return Json.inputs(RequestShapes.openAiChat());
    }

    @Provide
    Arbitrary<byte[]> anthropicRequests() {
        return Json.inputs(RequestShapes.anthropicMessages());
    }

    @Provide
    Arbitrary<byte[]> anthropicAnswers() {
        return Json.inputs(UpstreamShapes.anthropicMessage());
    }

    @Provide
    Arbitrary<byte[]> openAiAnswers() {
        return Json.inputs(UpstreamShapes.openAiCompletion());
    }

    @Provide
    Arbitrary<byte[]> anthropicStreams() {
        return UpstreamShapes.stream(UpstreamShapes.anthropicEvents());
    }

    @Provide
    Arbitrary<byte[]> openAiStreams() {
        return UpstreamShapes.stream(UpstreamShapes.openAiChunks());
    }

    @Provide
    Arbitrary<byte[]> geminiStreams() {
        return UpstreamShapes.stream(UpstreamShapes.geminiChunks());
    }

    @Provide
    Arbitrary<List<Integer>> reads() {
        return UpstreamShapes.reads();
    }

    @Property
    void openAiRequestsAreTranslatedOrRefused(@ForAll("openAiRequests") byte[] body) {
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

    @Property
    void anthropicRequestsAreTranslatedOrRefused(@ForAll("anthropicRequests") byte[] body, @ForAll boolean legacy) {
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

    @Property
    void anthropicAnswersBecomeOpenAiJsonOrAreUnreadable(@ForAll("anthropicAnswers") byte[] answer) {
        try {
            Outputs.jsonObject(new AnthropicToOpenAiResponse(Fixtures.CLOCK).translate(answer));
            AnthropicToOpenAiResponse.usage(answer);
        } catch (RuntimeException e) {
            Outputs.unreadable(e);
        }
    }

    @Property
    void openAiAnswersBecomeAnthropicJsonOrAreUnreadable(@ForAll("openAiAnswers") byte[] answer) {
        try {
            Outputs.jsonObject(OpenAiToAnthropicResponse.translate(answer));
            OpenAiUsage.ofResponse(answer);
        } catch (RuntimeException e) {
            Outputs.unreadable(e);
        }
    }

    @Property
    void anthropicStreamsBecomeWellFormedOpenAiStreams(@ForAll("anthropicStreams") byte[] stream,
                                                      @ForAll("reads") List<Integer> reads, @ForAll boolean usage) {
        Outputs.openAiEnding(Outputs.stream(() -> new AnthropicToOpenAiStream(usage, Fixtures.CLOCK), stream, reads));
    }

    @Property
    void anthropicStreamsAreRelayedWellFormed(@ForAll("anthropicStreams") byte[] stream,
                                              @ForAll("reads") List<Integer> reads) {
        Outputs.anthropicEnding(Outputs.stream(AnthropicStreamRelay::new, stream, reads));
    }

    @Property
    void openAiStreamsBecomeWellFormedAnthropicStreams(@ForAll("openAiStreams") byte[] stream,
                                                      @ForAll("reads") List<Integer> reads) {
        Outputs.anthropicEnding(Outputs.stream(OpenAiToAnthropicStream::new, stream, reads));
    }

    @Property
    void geminiStreamsBecomeWellFormedAnthropicStreamsThroughOpenAi(@ForAll("geminiStreams") byte[] stream,
                                                                   @ForAll("reads") List<Integer> reads) {
        Outputs.anthropicEnding(Outputs.stream(AnthropicTranslationFuzzTest::geminiToAnthropic, stream, reads));
    }

    @Property
    void theEventReaderReadsOrRefuses(@ForAll("anthropicStreams") byte[] data) {
        try {
            new AnthropicEvent().read(data, new AnthropicUsage());
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
