package io.gatehouse.provider.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.crypto.Secret;
import io.gatehouse.provider.ChainedStream;
import io.gatehouse.provider.ErrorKind;
import io.gatehouse.provider.Fixtures;
import io.gatehouse.provider.GatewayError;
import io.gatehouse.provider.MediaFetch;
import io.gatehouse.provider.ProviderJson;
import io.gatehouse.provider.StreamEnd;
import io.gatehouse.provider.TranslationException;
import io.gatehouse.provider.Usage;
import io.gatehouse.provider.anthropic.AnthropicToOpenAiRequest;
import io.gatehouse.provider.anthropic.OpenAiToAnthropicResponse;
import io.gatehouse.provider.anthropic.OpenAiToAnthropicStream;
import io.gatehouse.testing.fake.FakeBedrock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Every translation direction of the Bedrock adapter against the wire fixtures ({@code wire/bedrock/}) and their
 * golden outputs ({@code wire/cross/bedrock-*}, {@code anthropic-04-to-bedrock}): OpenAI and Anthropic requests to
 * Converse, Converse answers and ConverseStream event streams to OpenAI and (through the OpenAI shape) to Anthropic,
 * and Bedrock's error answers.
 */
class BedrockTranslationTest {
    static final String MODEL = "anthropic.claude-3-5-haiku-20241022-v1:0";
    static final byte[] TOOLS_STREAM = BedrockFixtures.eventStream("bedrock/03-tools-stream.events.json");

    static BedrockToOpenAiStream stream(boolean usage) {
        return new BedrockToOpenAiStream(usage, Fixtures.CLOCK, Fixtures.ids("chatcmpl-bedrock-fixture"), MODEL);
    }

    @Test
    void anOpenAiRequestWithToolsImagesAndToolResultsBecomesConverse() {
        JsonNode converse = OpenAiToBedrockRequest.body(Fixtures.json("bedrock/01-tools-image.request.json"), Map.of());
        assertThat(converse).isEqualTo(Fixtures.json("cross/bedrock-01-to-converse.request.json"));
    }

    @Test
    void anAnthropicRequestBecomesConverseThroughTheOpenAiShape() {
        JsonNode openAi = new AnthropicToOpenAiRequest(false).toOpenAi(Fixtures.json("bedrock/04-anthropic.request.json"),
                "claude-3-5-haiku-20241022");
        assertThat(OpenAiToBedrockRequest.body(openAi, Map.of())).isEqualTo(Fixtures.json("cross/anthropic-04-to-bedrock.request.json"));
    }

    @Test
    void aConverseAnswerBecomesAChatCompletionAndAnAnthropicMessage() {
        byte[] openAi = new BedrockToOpenAiResponse(Fixtures.CLOCK, Fixtures.ids("chatcmpl-bedrock-fixture"))
                .translate(Fixtures.bytes("bedrock/02-converse.response.json"), MODEL);
        assertThat(Fixtures.json(openAi)).isEqualTo(Fixtures.json("cross/bedrock-02-to-openai.response.json"));
        assertThat(Fixtures.json(OpenAiToAnthropicResponse.translate(openAi)))
                .isEqualTo(Fixtures.json("cross/bedrock-02-to-anthropic.response.json"));
        assertThat(BedrockToOpenAiResponse.usage(Fixtures.bytes("bedrock/02-converse.response.json")))
                .isEqualTo(new Usage(1636, 57, 1693, 1024, 200L, null));
    }

    @Test
    void anEventStreamBecomesChunksAndAnthropicEvents() {
        BedrockToOpenAiStream toOpenAi = stream(true);
        assertThat(Fixtures.runWhole(toOpenAi, TOOLS_STREAM)).isEqualTo(Fixtures.text("cross/bedrock-03-to-openai.sse"));
        assertThat(toOpenAi.end()).isEqualTo(StreamEnd.COMPLETED);
        assertThat(toOpenAi.usage()).isEqualTo(new Usage(1636, 57, 1693, 1024, 200L, null));
        assertThat(Fixtures.runWhole(new ChainedStream(stream(true), new OpenAiToAnthropicStream()), TOOLS_STREAM))
                .isEqualTo(Fixtures.text("cross/bedrock-03-to-anthropic.sse"));
    }

    @Test
    void binaryFramesSplitAnywhereReadTheSame() {
        assertThat(Fixtures.runBytewise(stream(true), TOOLS_STREAM)).isEqualTo(Fixtures.text("cross/bedrock-03-to-openai.sse"));
    }

    @Test
    void withoutTheUsageOptionNoUsageChunkIsSent() {
        assertThat(Fixtures.runWhole(stream(false), TOOLS_STREAM)).doesNotContain("\"usage\"").endsWith("data: [DONE]\n\n");
    }

    @Test
    void anExceptionMessageEndsTheStreamWithAnErrorFrameScrubbedOfTheCredential() {
        BedrockToOpenAiStream translator = stream(true);
        translator.scrubbing(new Secret("AKIAFAKE0123"));
        String out = Fixtures.runWhole(translator, BedrockFixtures.eventStream("bedrock/09-stream-exception.events.json"));
        assertThat(out).contains("\"content\":\"Partial\"", "The model stopped unexpectedly").doesNotContain("AKIAFAKE0123", "[DONE]");
        assertThat(translator.end()).isEqualTo(StreamEnd.UPSTREAM_ERROR);
        assertThat(translator.error().kind()).isEqualTo(ErrorKind.SERVER);
    }

    @Test
    void aStreamCutBeforeMessageStopIsTruncatedAndOneCutAfterItEndsCleanly() {
        byte[] cut = Arrays.copyOf(TOOLS_STREAM, TOOLS_STREAM.length / 2);
        BedrockToOpenAiStream early = stream(true);
        assertThat(Fixtures.runWhole(early, cut)).contains("\"upstream_disconnected\"");
        assertThat(early.end()).isEqualTo(StreamEnd.TRUNCATED);

        byte[] withoutMetadata = BedrockFixtures.eventStream("bedrock/03-tools-stream.events.json");
        int metadataLength = FakeBedrock.event("metadata", Fixtures.json("bedrock/03-tools-stream.events.json").get(9)
                .get("payload").toString()).length;
        BedrockToOpenAiStream late = stream(true);
        assertThat(Fixtures.runWhole(late, Arrays.copyOf(withoutMetadata, withoutMetadata.length - metadataLength)))
                .contains("\"finish_reason\":\"tool_calls\"").endsWith("data: [DONE]\n\n");
        assertThat(late.end()).isEqualTo(StreamEnd.COMPLETED);
        assertThat(late.usage()).isNull();
    }

    @Test
    void aDamagedFrameEndsTheStreamAsUnreadable() {
        byte[] damaged = TOOLS_STREAM.clone();
        damaged[20] ^= 0x55; // inside the first message: its checksum no longer matches
        BedrockToOpenAiStream translator = stream(true);
        assertThat(Fixtures.runWhole(translator, damaged)).contains("could not be read");
        assertThat(translator.end()).isEqualTo(StreamEnd.TRUNCATED);
    }

    /** Found by {@code BedrockTranslationFuzzTest}: damaged bytes after an exception message added a second error frame. */
    @Test
    void damagedBytesAfterTheEndAreIgnoredHoweverTheyAreRead() {
        byte[] exception = FakeBedrock.exception("throttlingException", "slow down");
        byte[] damaged = Arrays.copyOf(exception, exception.length * 2);
        System.arraycopy(exception, 0, damaged, exception.length, exception.length);
        damaged[exception.length + 5] ^= 0x55;
        String whole = Fixtures.runWhole(stream(false), damaged);
        assertThat(whole).isEqualTo(Fixtures.runBytewise(stream(false), damaged));
        assertThat(whole).contains("slow down").doesNotContain("could not be read");
    }

    @ParameterizedTest
    @CsvSource({
            "bedrock/05-error-throttling.json, 429, RATE_LIMITED",
            "bedrock/06-error-access-denied.json, 502, UPSTREAM_AUTH",
            "bedrock/07-error-model-not-ready.json, 503, UNAVAILABLE",
            "bedrock/08-error-validation.json, 400, INVALID_REQUEST"})
    void errorAnswersAreMapped(String fixture, int status, ErrorKind kind) {
        JsonNode f = Fixtures.json(fixture);
        Map<String, String> headers = f.path("headers").properties().stream()
                .collect(Collectors.toMap(e -> e.getKey().toLowerCase(Locale.ROOT), e -> e.getValue().asText()));
        GatewayError error = BedrockErrors.map(f.path("status").asInt(), headers, ProviderJson.write(f.path("body")));
        assertThat(error.status()).isEqualTo(status);
        assertThat(error.kind()).isEqualTo(kind);
        assertThat(error.upstreamCredentialFailure()).isEqualTo(kind == ErrorKind.UPSTREAM_AUTH);
        if (kind != ErrorKind.UPSTREAM_AUTH) {
            assertThat(error.message()).isEqualTo(f.path("body").path("message").asText());
        }
    }

    @Test
    void whatConverseCannotExpressIsRefused() {
        assertThatThrownBy(() -> OpenAiToBedrockRequest.body(ProviderJson.read(Fixtures.utf8("""
                {"model":"m","messages":[{"role":"user","content":"hi"}],"response_format":{"type":"json_schema",
                "json_schema":{"name":"x","schema":{"type":"object"}}}}""")), Map.of()))
                .isInstanceOf(TranslationException.class).hasMessageContaining("JSON schema");
        assertThatThrownBy(() -> OpenAiToBedrockRequest.body(ProviderJson.read(Fixtures.utf8("""
                {"model":"m","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"data:image/tiff;base64,AAAA"}}]}]}""")),
                Map.of())).isInstanceOf(TranslationException.class).hasMessageContaining("PNG, JPEG, GIF and WebP");
        assertThatThrownBy(() -> OpenAiToBedrockRequest.body(ProviderJson.read(Fixtures.utf8("""
                {"model":"m","tool_choice":"none","tools":[{"type":"function","function":{"name":"f"}}],"messages":[
                {"role":"user","content":"hi"},{"role":"assistant","tool_calls":[{"id":"c1","type":"function","function":{"name":"f","arguments":"{}"}}]},
                {"role":"tool","tool_call_id":"c1","content":"ok"}]}""")), Map.of()))
                .isInstanceOf(TranslationException.class).hasMessageContaining("cannot turn tools off");
    }

    /** Found by {@code BedrockTranslationFuzzTest}: tool calls that are not an array were read as a list of nulls. */
    @Test
    void toolCallsThatAreNotAnArrayAreRefused() {
        assertThatThrownBy(() -> OpenAiToBedrockRequest.body(ProviderJson.read(Fixtures.utf8("""
                {"model":"m","messages":[{"role":"user","content":"hi"},{"role":"assistant","tool_calls":{"id":"c1"}},
                {"role":"user","content":"go on"}]}""")), Map.of()))
                .isInstanceOf(TranslationException.class).hasMessageContaining("'tool_calls' must be an array");
    }

    @Test
    void toolChoiceNoneWithoutToolHistoryOffersNoTools() {
        JsonNode converse = OpenAiToBedrockRequest.body(ProviderJson.read(Fixtures.utf8("""
                {"model":"m","tool_choice":"none","tools":[{"type":"function","function":{"name":"f"}}],
                "messages":[{"role":"user","content":"hi"}]}""")), Map.of());
        assertThat(converse.has("toolConfig")).isFalse();
    }

    @Test
    void aFetchedRemoteImageTravelsAsBytes() {
        JsonNode converse = OpenAiToBedrockRequest.body(ProviderJson.read(Fixtures.utf8("""
                {"model":"m","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"https://img.test/a.webp"}}]}]}""")),
                Map.of("https://img.test/a.webp", new MediaFetch.Fetched("image/webp", new byte[] {1, 2, 3})));
        assertThat(converse.path("messages").path(0).path("content").path(0).toString())
                .isEqualTo("{\"image\":{\"format\":\"webp\",\"source\":{\"bytes\":\"AQID\"}}}");
    }

    @Test
    void modelIdsArePathSegments() {
        assertThat(OpenAiToBedrockRequest.path("us.anthropic.claude-sonnet-4-20250514-v1:0", true))
                .isEqualTo("/model/us.anthropic.claude-sonnet-4-20250514-v1%3A0/converse-stream");
        assertThat(OpenAiToBedrockRequest.path("arn:aws:bedrock:us-east-1:123456789012:inference-profile/p1", false))
                .isEqualTo("/model/arn%3Aaws%3Abedrock%3Aus-east-1%3A123456789012%3Ainference-profile%2Fp1/converse");
    }
}
