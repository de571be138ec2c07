package io.gatehouse.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.fuzz.Fuzzing;
import io.gatehouse.fuzz.Json;
import io.gatehouse.fuzz.KnownIssues;
import io.gatehouse.fuzz.Outputs;
import io.gatehouse.fuzz.RequestShapes;
import io.gatehouse.fuzz.UpstreamShapes;
import io.gatehouse.provider.Fixtures;
import io.gatehouse.provider.MediaFetch;
import io.gatehouse.provider.ProviderJson;
import io.gatehouse.provider.RemoteMedia;
import io.gatehouse.provider.TranslationException;
import io.gatehouse.provider.anthropic.AnthropicToOpenAiRequest;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Fuzzes the Gemini translations: OpenAI requests (and Anthropic ones through OpenAI) to Gemini with remote images
 * fetched or failed, embeddings both ways, Gemini answers and streams to OpenAI, and the response reader.
 */
@Fuzzing
class GeminiTranslationFuzzTest {

    @Provide
    Arbitrary<byte[]> openAiRequests() {
        return Json.inputs(RequestShapes.openAiChat());
    }

    @Provide
    Arbitrary<byte[]> anthropicRequests() {
        return Json.inputs(RequestShapes.anthropicMessages());
    }

    @Provide
    Arbitrary<byte[]> embeddingRequests() {
        return Json.inputs(RequestShapes.openAiEmbeddings());
    }

    @Provide
    Arbitrary<byte[]> geminiAnswers() {
        return Json.inputs(UpstreamShapes.geminiResponse());
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
    void openAiRequestsAreTranslatedOrRefused(@ForAll("openAiRequests") byte[] body, @ForAll int fetchOutcomes) {
        JsonNode request = treeOrNull(body);
        if (request != null) {
            translate(request, fetchOutcomes);
        }
    }

    @Property
    void anthropicRequestsAreTranslatedThroughOpenAiOrRefused(@ForAll("anthropicRequests") byte[] body,
                                                             @ForAll int fetchOutcomes) {
        JsonNode request = treeOrNull(body);
        if (request == null) {
            return;
        }
        JsonNode openAi;
        try {
            openAi = new AnthropicToOpenAiRequest(false).toOpenAi(request, "gemini-x");
        } catch (RuntimeException e) {
            KnownIssues.refused(e);
            return;
        }
        translate(openAi, fetchOutcomes);
    }

    @Property
    void embeddingsAreTranslatedOrRefused(@ForAll("embeddingRequests") byte[] body) {
        JsonNode request = treeOrNull(body);
        if (request == null) {
            return;
        }
        try {
            Outputs.jsonObject(new GeminiEmbeddings(GeminiOptions.defaults()).request(request, "text-embedding-x").body());
        } catch (RuntimeException e) {
            KnownIssues.refused(e);
        }
    }

    @Property
    void geminiAnswersBecomeOpenAiJsonOrAreUnreadable(@ForAll("geminiAnswers") byte[] answer, @ForAll boolean base64) {
        try {
            Outputs.jsonObject(new GeminiToOpenAiResponse(Fixtures.CLOCK, Outputs.counterIds()).translate(answer, "gemini-x"));
            GeminiToOpenAiResponse.usage(answer);
        } catch (RuntimeException e) {
            Outputs.unreadable(e);
        }
        try {
            Outputs.jsonObject(GeminiEmbeddings.response(answer, "text-embedding-x", base64));
        } catch (RuntimeException e) {
            Outputs.unreadable(e);
        }
    }

    @Property
    void geminiStreamsBecomeWellFormedOpenAiStreams(@ForAll("geminiStreams") byte[] stream,
                                                   @ForAll("reads") List<Integer> reads, @ForAll boolean usage) {
        Outputs.openAiEnding(Outputs.stream(
                () -> new GeminiToOpenAiStream(usage, Fixtures.CLOCK, Outputs.counterIds(), "gemini-x"), stream, reads));
    }

    @Property
    void theResponseReaderReadsOrRefuses(@ForAll("geminiAnswers") byte[] data) {
        try {
            GeminiResponse.read(data).usage();
        } catch (RuntimeException e) {
            Outputs.unreadable(e);
        }
    }

    /** Translates with each remote image fetched, failed or answered with a non-image, as {@code outcomes} picks. */
    private static void translate(JsonNode request, int outcomes) {
        Map<String, MediaFetch> fetched = new HashMap<>();
        int pick = outcomes;
        try {
            for (RemoteMedia media : OpenAiToGeminiRequest.remoteMedia(request)) {
                fetched.put(media.url(), switch (Math.floorMod(pick, 3)) {
                    case 0 -> new MediaFetch.Fetched("image/png", new byte[] {1, 2, 3});
                    case 1 -> new MediaFetch.Fetched("text/html", new byte[0]);
                    default -> new MediaFetch.Failed("too large");
                });
                pick /= 3;
            }
            Outputs.jsonObject(new OpenAiToGeminiRequest(GeminiOptions.defaults()).translate(request, "gemini-x", fetched)
                    .body());
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
