package io.gatehouse.provider;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.model.price.TokenCounts;
import io.gatehouse.provider.anthropic.AnthropicStreamRelay;
import io.gatehouse.provider.anthropic.AnthropicToOpenAiResponse;
import io.gatehouse.provider.anthropic.AnthropicToOpenAiStream;
import io.gatehouse.provider.anthropic.OpenAiToAnthropicResponse;
import io.gatehouse.provider.anthropic.OpenAiToAnthropicStream;
import io.gatehouse.provider.gemini.GeminiToOpenAiResponse;
import io.gatehouse.provider.gemini.GeminiToOpenAiStream;
import io.gatehouse.provider.openai.OpenAiStreamRelay;
import io.gatehouse.provider.openai.OpenAiUsage;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 16: every provider's cached-token classes are read from its answers, whole or streamed, and land in the
 * price classes once each — OpenAI and Gemini prompt counts include their cached tokens, Anthropic's
 * {@code input_tokens} excludes cache reads and writes — and each translated answer reports them in its client's
 * dialect.
 */
class CachedTokenClassesTest {
    private static final String OPENAI_USAGE = "{\"prompt_tokens\":1200,\"completion_tokens\":80,\"total_tokens\":1280,"
            + "\"prompt_tokens_details\":{\"cached_tokens\":1024,\"audio_tokens\":0},"
            + "\"completion_tokens_details\":{\"reasoning_tokens\":64,\"audio_tokens\":0}}";
    private static final TokenCounts OPENAI_CLASSES = new TokenCounts(176, 1024, 0, 80);

    private static final String ANTHROPIC_USAGE = "{\"input_tokens\":12,\"cache_creation_input_tokens\":300,"
            + "\"cache_read_input_tokens\":2000,\"output_tokens\":50}";
    private static final TokenCounts ANTHROPIC_CLASSES = new TokenCounts(12, 2000, 300, 50);

    private static final String GEMINI_USAGE = "{\"promptTokenCount\":4096,\"candidatesTokenCount\":30,\"totalTokenCount\":4146,"
            + "\"cachedContentTokenCount\":4000,\"thoughtsTokenCount\":20}";
    private static final TokenCounts GEMINI_CLASSES = new TokenCounts(96, 4000, 0, 50);

    @Test
    void openAiCachedTokensArePartOfThePromptAndCountedOnce() {
        Usage whole = OpenAiUsage.ofResponse(Fixtures.utf8("{\"id\":\"x\",\"choices\":[],\"usage\":" + OPENAI_USAGE + "}"));
        assertThat(whole.tokenCounts()).isEqualTo(OPENAI_CLASSES);
        assertThat(whole.reasoningTokens()).isEqualTo(64);

        String stream = "data: {\"id\":\"x\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"hi\"},\"finish_reason\":\"stop\"}],\"usage\":null}\n\n"
                + "data: {\"id\":\"x\",\"choices\":[],\"usage\":" + OPENAI_USAGE + "}\n\ndata: [DONE]\n\n";
        OpenAiStreamRelay relay = new OpenAiStreamRelay(false);
        Fixtures.runWhole(relay, Fixtures.utf8(stream));
        assertThat(relay.usage().tokenCounts()).isEqualTo(OPENAI_CLASSES);

        // An OpenAI answer for an Anthropic client: input_tokens without the cached ones, which are cache reads.
        JsonNode anthropic = Fixtures.json(OpenAiToAnthropicResponse.translate(Fixtures.utf8("{\"id\":\"chatcmpl-1\",\"model\":\"gpt-4o\","
                + "\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"hi\"},\"finish_reason\":\"stop\"}],\"usage\":"
                + OPENAI_USAGE + "}")));
        assertThat(anthropic.at("/usage/input_tokens").asLong()).isEqualTo(176);
        assertThat(anthropic.at("/usage/cache_read_input_tokens").asLong()).isEqualTo(1024);
        assertThat(anthropic.at("/usage/output_tokens").asLong()).isEqualTo(80);
    }

    @Test
    void anthropicInputExcludesCacheReadsAndWritesWhichArePricedApart() {
        String message = "{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5\","
                + "\"content\":[{\"type\":\"text\",\"text\":\"hi\"}],\"stop_reason\":\"end_turn\",\"usage\":" + ANTHROPIC_USAGE + "}";
        assertThat(AnthropicToOpenAiResponse.usage(Fixtures.utf8(message)).tokenCounts()).isEqualTo(ANTHROPIC_CLASSES);

        String events = "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\","
                + "\"role\":\"assistant\",\"model\":\"claude-sonnet-4-5\",\"content\":[],\"usage\":{\"input_tokens\":12,"
                + "\"cache_creation_input_tokens\":300,\"cache_read_input_tokens\":2000,\"output_tokens\":1}}}\n\n"
                + "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}\n\n"
                + "event: content_block_delta\ndata: {\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"hi\"}}\n\n"
                + "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n"
                + "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},\"usage\":{\"output_tokens\":50}}\n\n"
                + "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";
        AnthropicStreamRelay nativeStream = new AnthropicStreamRelay();
        Fixtures.runWhole(nativeStream, Fixtures.utf8(events));
        assertThat(nativeStream.usage().tokenCounts()).isEqualTo(ANTHROPIC_CLASSES);

        // Translated for an OpenAI client: the prompt includes reads and writes, the reads are its cached_tokens.
        AnthropicToOpenAiStream translated = new AnthropicToOpenAiStream(true, Fixtures.CLOCK);
        JsonNode usage = OpenAiStreamAccumulator.accumulate(Fixtures.runWhole(translated, Fixtures.utf8(events))).usage();
        assertThat(usage.path("prompt_tokens").asLong()).isEqualTo(2312);
        assertThat(usage.at("/prompt_tokens_details/cached_tokens").asLong()).isEqualTo(2000);
        assertThat(translated.usage().tokenCounts()).isEqualTo(ANTHROPIC_CLASSES);
    }

    @Test
    void geminiCachedContentIsPartOfThePromptAndThoughtsAreOutput() {
        String answer = "{\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"hi\"}]},\"finishReason\":\"STOP\","
                + "\"index\":0}],\"usageMetadata\":" + GEMINI_USAGE + ",\"modelVersion\":\"gemini-2.5-flash\"}";
        assertThat(GeminiToOpenAiResponse.usage(Fixtures.utf8(answer)).tokenCounts()).isEqualTo(GEMINI_CLASSES);
        JsonNode openAi = Fixtures.json(new GeminiToOpenAiResponse(Fixtures.CLOCK, Fixtures.ids("a")).translate(Fixtures.utf8(answer),
                "gemini-2.5-flash"));
        assertThat(openAi.at("/usage/prompt_tokens_details/cached_tokens").asLong()).isEqualTo(4000);

        String stream = "data: {\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"h\"}]},\"index\":0}],"
                + "\"usageMetadata\":{\"promptTokenCount\":4096,\"candidatesTokenCount\":1,\"cachedContentTokenCount\":4000}}\r\n\r\n"
                + "data: " + answer + "\r\n\r\n";
        GeminiToOpenAiStream toOpenAi = new GeminiToOpenAiStream(true, Fixtures.CLOCK, Fixtures.ids("a", "b"), "gemini-2.5-flash");
        Fixtures.runWhole(toOpenAi, Fixtures.utf8(stream));
        assertThat(toOpenAi.usage().tokenCounts()).as("the last, cumulative usage").isEqualTo(GEMINI_CLASSES);

        // Through to an Anthropic client: input_tokens without the cached ones, which are cache reads.
        ChainedStream toAnthropic = new ChainedStream(new GeminiToOpenAiStream(true, Fixtures.CLOCK, Fixtures.ids("a", "b"),
                "gemini-2.5-flash"), new OpenAiToAnthropicStream());
        String events = Fixtures.runWhole(toAnthropic, Fixtures.utf8(stream));
        assertThat(events).contains("\"input_tokens\":96").contains("\"cache_read_input_tokens\":4000");
        assertThat(toAnthropic.usage().tokenCounts()).isEqualTo(GEMINI_CLASSES);
    }
}
