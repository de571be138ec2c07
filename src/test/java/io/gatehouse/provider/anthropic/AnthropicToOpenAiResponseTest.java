package io.gatehouse.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.provider.Fixtures;
import io.gatehouse.provider.Usage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

class AnthropicToOpenAiResponseTest {
    private final AnthropicToOpenAiResponse translator = new AnthropicToOpenAiResponse(Fixtures.CLOCK);

    /** PITFALLS 32 and 13: tool-only answer with cache tokens. */
    @Test
    void toolOnlyAnswerMatchesTheCrossFixture() {
        byte[] out = translator.translate(Fixtures.bytes("anthropic/06-tool-use.response.json"));
        assertThat(Fixtures.json(out)).isEqualTo(Fixtures.json("cross/anthropic-06-to-openai.response.json"));
    }

    @Test
    void textAnswer() {
        JsonNode out = Fixtures.json(translator.translate(Fixtures.bytes("anthropic/01-basic.response.json")));
        assertThat(out.at("/choices/0/message/content").asText()).isEqualTo("The image is a single red pixel.");
        assertThat(out.at("/choices/0/message/tool_calls").isMissingNode()).isTrue();
        assertThat(out.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
        assertThat(out.at("/usage/total_tokens").asInt()).isEqualTo(42);
        assertThat(AnthropicToOpenAiResponse.usage(Fixtures.bytes("anthropic/06-tool-use.response.json")))
                .isEqualTo(new Usage(2312, 50, 2362, 2000, 300L, null));
    }

    /** PITFALLS 22 (response side): structured output arrives as content, finish "stop", no tool calls. */
    @Test
    void structuredOutputComesBackAsContent() {
        JsonNode out = Fixtures.json(translator.translate(Fixtures.utf8("{\"id\":\"msg_1\",\"model\":\"claude-sonnet-4-5\","
                + "\"content\":[{\"type\":\"thinking\",\"thinking\":\"hm\",\"signature\":\"s\"},"
                + "{\"type\":\"text\",\"text\":\"{\\\"a\\\":\"},{\"type\":\"text\",\"text\":\"\\\"b\\\"}\"}],"
                + "\"stop_reason\":\"end_turn\",\"usage\":{\"input_tokens\":5,\"output_tokens\":7}}")));
        assertThat(out.at("/choices/0/message/content").asText()).isEqualTo("{\"a\":\"b\"}");
        assertThat(out.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
        assertThat(out.at("/choices/0/message").has("tool_calls")).isFalse();
    }

    /** PITFALLS 10: finish reasons are always OpenAI enum values. */
    @ParameterizedTest
    @CsvSource({"end_turn,stop", "stop_sequence,stop", "max_tokens,length", "tool_use,tool_calls",
            "refusal,content_filter", "pause_turn,stop", "model_context_window_exceeded,length", "something_new,stop"})
    void everyStopReasonMapsIntoTheOpenAiEnum(String stopReason, String finishReason) {
        JsonNode out = Fixtures.json(translator.translate(Fixtures.utf8("{\"id\":\"m\",\"model\":\"c\",\"content\":[],"
                + "\"stop_reason\":\"" + stopReason + "\",\"usage\":{\"input_tokens\":1,\"output_tokens\":1}}")));
        assertThat(out.at("/choices/0/finish_reason").asText()).isEqualTo(finishReason);
        assertThat(out.at("/choices/0/message/content").isNull()).isTrue();
    }
}
