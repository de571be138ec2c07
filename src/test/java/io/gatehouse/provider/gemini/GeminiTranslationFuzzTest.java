package io.gatehouse.provider.gemini;

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
import io.gatehouse.provider.Fixtures;
import io.gatehouse.provider.MediaFetch;
import io.gatehouse.provider.ProviderJson;
import io.gatehouse.provider.StreamEnd;
import io.gatehouse.provider.TranslationException;
import io.gatehouse.provider.anthropic.AnthropicToOpenAiRequest;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes the Gemini translations: OpenAI requests (and Anthropic ones through OpenAI) to Gemini with remote images
 * fetched or failed, embeddings both ways, Gemini answers and streams to OpenAI, and the response reader; for the
 * Gemini-native ingress, its requests to OpenAI chat, OpenAI answers and streams back to Gemini, and the relay of
 * Gemini streams.
 */
class GeminiTranslationFuzzTest {

    private static final Gen<byte[]> OPEN_AI_REQUESTS = Json.inputs(RequestShapes.openAiChat());

    private static final Gen<byte[]> ANTHROPIC_REQUESTS = Json.inputs(RequestShapes.anthropicMessages());

    private static final Gen<byte[]> EMBEDDING_REQUESTS = Json.inputs(RequestShapes.openAiEmbeddings());

    private static final Gen<byte[]> GEMINI_ANSWERS = Json.inputs(UpstreamShapes.geminiResponse());

    private static final Gen<byte[]> GEMINI_STREAMS = UpstreamShapes.stream(UpstreamShapes.geminiChunks());

    private static final Gen<List<Integer>> READS = UpstreamShapes.reads();

    private static final Gen<byte[]> GEMINI_REQUESTS = Json.inputs(RequestShapes.geminiGenerate());

    private static final Gen<byte[]> OPEN_AI_ANSWERS = Json.inputs(UpstreamShapes.openAiCompletion());

    private static final Gen<byte[]> OPEN_AI_STREAMS = UpstreamShapes.stream(UpstreamShapes.openAiChunks());

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
            openAi = new AnthropicToOpenAiRequest(false).toOpenAi(request, "gemini-x");
        } catch (RuntimeException e) {
            KnownIssues.refused(e);
            return;
        }
        translate(openAi, fetchOutcomes);
    }

    @FuzzTarget
    void embeddingsAreTranslatedOrRefused(FuzzedDataProvider data) {
        byte[] body = EMBEDDING_REQUESTS.draw(data);
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

    @FuzzTarget
    void geminiAnswersBecomeOpenAiJsonOrAreUnreadable(FuzzedDataProvider data) {
        byte[] answer = GEMINI_ANSWERS.draw(data);
        boolean base64 = data.consumeBoolean();
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

    @FuzzTarget
    void geminiStreamsBecomeWellFormedOpenAiStreams(FuzzedDataProvider data) {
        byte[] stream = GEMINI_STREAMS.draw(data);
        List<Integer> reads = READS.draw(data);
        boolean usage = data.consumeBoolean();
        Outputs.openAiEnding(Outputs.stream(
                () -> new GeminiToOpenAiStream(usage, Fixtures.CLOCK, Outputs.counterIds(), "gemini-x"), stream, reads));
    }

    @FuzzTarget
    void theResponseReaderReadsOrRefuses(FuzzedDataProvider data) {
        byte[] bytes = GEMINI_ANSWERS.draw(data);
        try {
            GeminiResponse.read(bytes).usage();
        } catch (RuntimeException e) {
            Outputs.unreadable(e);
        }
    }

    @FuzzTarget
    void geminiRequestsAreTranslatedToOpenAiOrRefused(FuzzedDataProvider data) {
        byte[] body = GEMINI_REQUESTS.draw(data);
        boolean stream = data.consumeBoolean();
        JsonNode request = treeOrNull(body);
        if (request == null) {
            return;
        }
        try {
            Outputs.jsonObject(ProviderJson.write(new GeminiToOpenAiRequest(stream).toOpenAi(request, "gpt-x", stream)));
        } catch (RuntimeException e) {
            KnownIssues.refused(e);
        }
    }

    @FuzzTarget
    void openAiAnswersBecomeGeminiJsonOrAreUnreadable(FuzzedDataProvider data) {
        byte[] answer = OPEN_AI_ANSWERS.draw(data);
        try {
            Outputs.jsonObject(OpenAiToGeminiResponse.translate(answer, "gpt-x"));
        } catch (RuntimeException e) {
            Outputs.unreadable(e);
        }
    }

    @FuzzTarget
    void openAiStreamsBecomeWellFormedGeminiStreams(FuzzedDataProvider data) {
        byte[] stream = OPEN_AI_STREAMS.draw(data);
        List<Integer> reads = READS.draw(data);
        geminiEnding(Outputs.stream(() -> new OpenAiToGeminiStream("gpt-x"), stream, reads));
    }

    @FuzzTarget
    void geminiStreamsAreRelayedWellFormed(FuzzedDataProvider data) {
        byte[] stream = GEMINI_STREAMS.draw(data);
        List<Integer> reads = READS.draw(data);
        geminiEnding(Outputs.stream(GeminiStreamRelay::new, stream, reads));
    }

    /** A Gemini client stream (its events already checked to be JSON objects): an error chunk last exactly when it did not complete. */
    private static void geminiEnding(Outputs.ClientStream stream) {
        boolean errorLast = !stream.events().isEmpty() && ProviderJson.read(Outputs.utf8(stream.events().getLast().data()))
                .has("error");
        assertThat(errorLast).as("an error chunk last exactly when not completed (%s)", stream.end())
                .isEqualTo(stream.end() != StreamEnd.COMPLETED);
    }

    /** Translates with each remote image fetched, failed or answered with a non-image, as {@code outcomes} picks. */
    private static void translate(JsonNode request, int outcomes) {
        try {
            Map<String, MediaFetch> fetched = Fetches.outcomes(OpenAiToGeminiRequest.remoteMedia(request), outcomes);
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
