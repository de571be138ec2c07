package io.gatehouse.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.provider.Fixtures;
import io.gatehouse.provider.ProviderJson;
import io.gatehouse.provider.StreamEnd;
import io.gatehouse.provider.TranslationException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The Gemini-native ingress's translations, both directions, against the wire fixtures: a Gemini request (system
 * instruction, a model turn with two function calls, one signed, and their responses, an upper-case schema) to OpenAI
 * chat; OpenAI answers and streams (text, then two tool calls) back to Gemini; the Gemini-to-Gemini stream relay.
 */
class GeminiIngressTranslationTest {

    @Test
    void aGeminiRequestBecomesTheOpenAiChatRequestOfTheFixture() {
        JsonNode request = Fixtures.json("gemini/03-function-response-followup.request.json");
        JsonNode openAi = new GeminiToOpenAiRequest(false).toOpenAi(request, "gpt-5-mini", false);
        assertThat(openAi).isEqualTo(Fixtures.json("cross/gemini-03-to-openai.request.json"));
    }

    @Test
    void aStreamAsksForUsageAndCompatibleServersGetMaxTokens() {
        JsonNode request = Fixtures.json("gemini/03-function-response-followup.request.json");
        JsonNode openAi = new GeminiToOpenAiRequest(true).toOpenAi(request, "local", true);
        assertThat(openAi.path("stream").asBoolean()).isTrue();
        assertThat(openAi.path("stream_options").path("include_usage").asBoolean()).isTrue();
        assertThat(openAi.path("max_tokens").asInt()).isEqualTo(2048);
        assertThat(openAi.has("max_completion_tokens")).isFalse();
    }

    @Test
    void functionResponsesAnswerTheCallOfTheirIdBeforeTheOldestOfTheirName() {
        JsonNode request = ProviderJson.read(Fixtures.utf8("""
                {"contents":[{"role":"user","parts":[{"text":"go"}]},
                 {"role":"model","parts":[{"functionCall":{"id":"a","name":"f","args":{}}},
                                          {"functionCall":{"id":"b","name":"f","args":{}}}]},
                 {"role":"user","parts":[{"functionResponse":{"id":"b","name":"f","response":{"n":2}}},
                                         {"functionResponse":{"name":"f","response":{"n":1}}},
                                         {"text":"and now?"}]}]}"""));
        JsonNode messages = new GeminiToOpenAiRequest(false).toOpenAi(request, "m", false).path("messages");
        assertThat(messages.path(2).path("tool_call_id").asText()).isEqualTo("b");
        assertThat(messages.path(3).path("tool_call_id").asText()).isEqualTo("a");
        assertThat(messages.path(4).path("role").asText()).isEqualTo("user");
        assertThat(messages.path(4).path("content").path(0).path("text").asText()).isEqualTo("and now?");
    }

    @Test
    void whatOtherProvidersCannotDoIsRefusedNamingTheField() {
        GeminiToOpenAiRequest translation = new GeminiToOpenAiRequest(false);
        String text = "{\"role\":\"user\",\"parts\":[{\"text\":\"hi\"}]}";
        assertThatThrownBy(() -> translation.toOpenAi(ProviderJson.read(Fixtures.utf8("{\"contents\":[" + text
                + "],\"tools\":[{\"googleSearch\":{}}]}")), "m", false)).isInstanceOf(TranslationException.class)
                .satisfies(e -> assertThat(((TranslationException) e).param()).isEqualTo("tools[0].googleSearch"));
        assertThatThrownBy(() -> translation.toOpenAi(ProviderJson.read(Fixtures.utf8("{\"contents\":[{\"role\":\"user\","
                + "\"parts\":[{\"fileData\":{\"fileUri\":\"gs://x\"}}]}]}")), "m", false))
                .isInstanceOf(TranslationException.class).hasMessageContaining("inlineData");
        assertThatThrownBy(() -> translation.toOpenAi(ProviderJson.read(Fixtures.utf8("{\"cachedContent\":\"c/1\","
                + "\"contents\":[" + text + "]}")), "m", false)).isInstanceOf(TranslationException.class);
        assertThatThrownBy(() -> translation.toOpenAi(ProviderJson.read(Fixtures.utf8("{\"contents\":[" + text
                + "],\"generationConfig\":{\"candidateCount\":2}}")), "m", true)).isInstanceOf(TranslationException.class);
        assertThatThrownBy(() -> translation.toOpenAi(ProviderJson.read(Fixtures.utf8("{\"contents\":[]}")), "m", false))
                .isInstanceOf(TranslationException.class);
    }

    @Test
    void anOpenAiAnswerBecomesTheGeminiResponseOfTheFixture() {
        byte[] gemini = OpenAiToGeminiResponse.translate(Fixtures.bytes("openai/03-tool-result-followup.response.json"),
                "gpt-5-mini");
        assertThat(Fixtures.json(gemini)).isEqualTo(Fixtures.json("cross/openai-03-to-gemini.response.json"));
    }

    @Test
    void toolCallsComeBackAsFunctionCallsCarryingTheirIds() {
        byte[] gemini = OpenAiToGeminiResponse.translate(Fixtures.utf8("""
                {"id":"chatcmpl-1","choices":[{"index":0,"message":{"role":"assistant","content":null,"tool_calls":[
                {"id":"call_9","type":"function","function":{"name":"f","arguments":"{\\"x\\":1}"}}]},
                "finish_reason":"tool_calls"}]}"""), "m");
        JsonNode part = Fixtures.json(gemini).path("candidates").path(0).path("content").path("parts").path(0);
        assertThat(part.path("functionCall").path("id").asText()).isEqualTo("call_9");
        assertThat(part.path("functionCall").path("args").path("x").asInt()).isEqualTo(1);
        assertThat(Fixtures.json(gemini).path("candidates").path(0).path("finishReason").asText()).isEqualTo("STOP");
    }

    @Test
    void anOpenAiStreamBecomesTheGeminiStreamOfTheFixtureHoweverItIsCut() {
        byte[] sse = Fixtures.bytes("openai/02-tools-stream.sse");
        String expected = Fixtures.text("cross/openai-02-to-gemini.sse");
        OpenAiToGeminiStream whole = new OpenAiToGeminiStream("gpt-5-mini");
        assertThat(Fixtures.runWhole(whole, sse)).isEqualTo(expected);
        assertThat(whole.end()).isEqualTo(StreamEnd.COMPLETED);
        assertThat(whole.usage().promptTokens()).isEqualTo(142);
        assertThat(Fixtures.runBytewise(new OpenAiToGeminiStream("gpt-5-mini"), Fixtures.crlf(sse))).isEqualTo(expected);
    }

    @Test
    void anOpenAiStreamCutBeforeItsFinishEndsWithGooglesErrorChunk() {
        OpenAiToGeminiStream stream = new OpenAiToGeminiStream("m");
        String out = Fixtures.runWhole(stream, Fixtures.utf8("data: {\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":"
                + "{\"content\":\"Hel\"},\"finish_reason\":null}]}\n\n"));
        assertThat(out).contains("\"text\":\"Hel\"").endsWith("\"status\":\"UNAVAILABLE\"}}\n\n");
        assertThat(stream.end()).isEqualTo(StreamEnd.TRUNCATED);
    }

    @Test
    void theGeminiRelayPassesEveryChunkAsItCameAndMetersIt() {
        byte[] sse = Fixtures.bytes("gemini/02-tools-stream.sse");
        GeminiStreamRelay relay = new GeminiStreamRelay();
        String out = Fixtures.runBytewise(relay, sse);
        assertThat(out).isEqualTo(new String(sse, StandardCharsets.UTF_8).replace("\r\n", "\n"));
        assertThat(relay.end()).isEqualTo(StreamEnd.COMPLETED);
        assertThat(relay.usage()).isNotNull();
        assertThat(out).contains("thoughtSignature");
    }

    @Test
    void theGeminiRelayEndsACutStreamAndPassesAnUpstreamErrorOn() {
        GeminiStreamRelay cut = new GeminiStreamRelay();
        String out = Fixtures.runWhole(cut, Fixtures.utf8("data: {\"candidates\":[{\"content\":{\"parts\":[{\"text\":"
                + "\"Hi\"}]},\"index\":0}]}\n\n"));
        assertThat(cut.end()).isEqualTo(StreamEnd.TRUNCATED);
        assertThat(out).endsWith("\"status\":\"UNAVAILABLE\"}}\n\n");

        GeminiStreamRelay failed = new GeminiStreamRelay();
        String error = "{\"error\":{\"code\":429,\"message\":\"Resource exhausted\",\"status\":\"RESOURCE_EXHAUSTED\"}}";
        assertThat(Fixtures.runWhole(failed, Fixtures.utf8("data: " + error + "\n\n"))).isEqualTo("data: " + error + "\n\n");
        assertThat(failed.end()).isEqualTo(StreamEnd.UPSTREAM_ERROR);
        assertThat(failed.error().status()).isEqualTo(429);
    }

    /** Found by {@code GeminiTranslationFuzzTest}: parts that are an object, not a list, are refused, not a crash. */
    @Test
    void aSystemInstructionWhosePartsAreNotAListIsRefused() {
        assertThatThrownBy(() -> new GeminiToOpenAiRequest(false).toOpenAi(ProviderJson.read(Fixtures.utf8(
                "{\"systemInstruction\":{\"parts\":{\"a\":{}}},\"contents\":[{\"parts\":[{\"text\":\"hi\"}]}],"
                        + "\"tools\":{\"x\":1}}")), "m", false))
                .isInstanceOf(TranslationException.class).hasMessageContaining("array");
    }

    /** Found by {@code GeminiTranslationFuzzTest}: a chunk wrapped in a one-element array reaches the client unwrapped. */
    @Test
    void aChunkWrappedInAnArrayIsRelayedAsTheChunkItself() {
        GeminiStreamRelay relay = new GeminiStreamRelay();
        String error = "{\"error\":{\"code\":0,\"message\":\"\",\"status\":\"INVALID_ARGUMENT\"}}";
        assertThat(Fixtures.runWhole(relay, Fixtures.utf8("data: [" + error + "]\n\n"))).isEqualTo("data: " + error + "\n\n");
        assertThat(relay.end()).isEqualTo(StreamEnd.UPSTREAM_ERROR);
    }

    /** Found by {@code GeminiTranslationFuzzTest}: a chunk with a repeated member is not passed on, the stream ends. */
    @Test
    void aChunkARelayWouldPassOnUnreadableEndsTheStream() {
        GeminiStreamRelay relay = new GeminiStreamRelay();
        String out = Fixtures.runWhole(relay, Fixtures.utf8("data: {\"candidates\":[],\"candidates\":[]}\n\n"));
        assertThat(out).doesNotContain("candidates").contains("\"error\"");
        assertThat(relay.end()).isEqualTo(StreamEnd.TRUNCATED);
    }
}
