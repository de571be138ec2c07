package io.gatehouse.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.provider.Fixtures;
import io.gatehouse.provider.OpenAiStreamAccumulator;
import io.gatehouse.provider.SseFrames;
import io.gatehouse.provider.StreamChecks;
import io.gatehouse.provider.StreamEnd;
import io.gatehouse.provider.Usage;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AnthropicToOpenAiStreamTest {
    private static final byte[] TOOLS_STREAM = Fixtures.bytes("anthropic/02-tools-stream.sse");

    private static String run(String sse, boolean usage) {
        return Fixtures.runWhole(new AnthropicToOpenAiStream(usage, Fixtures.CLOCK), Fixtures.utf8(sse));
    }

    /** PITFALLS 1 and 3: dense tool indexes 0 and 1, both calls kept, byte-equal to the golden file. */
    @Test
    void toolsStreamIsByteEqualToTheCrossFixture() {
        AnthropicToOpenAiStream stream = new AnthropicToOpenAiStream(true, Fixtures.CLOCK);
        assertThat(Fixtures.runWhole(stream, TOOLS_STREAM)).isEqualTo(Fixtures.text("cross/anthropic-02-to-openai.sse"));
        assertThat(stream.end()).isEqualTo(StreamEnd.COMPLETED);
        assertThat(stream.usage()).isEqualTo(new Usage(512, 168, 680, 0, 0L, 61L));
    }

    /** PITFALLS 30 for this direction: one byte per read and CRLF give the same output. */
    @Test
    void bytewiseAndCrlfInputGiveTheSameOutput() {
        String expected = Fixtures.text("cross/anthropic-02-to-openai.sse");
        assertThat(Fixtures.runBytewise(new AnthropicToOpenAiStream(true, Fixtures.CLOCK), TOOLS_STREAM)).isEqualTo(expected);
        assertThat(Fixtures.runBytewise(new AnthropicToOpenAiStream(true, Fixtures.CLOCK), Fixtures.crlf(TOOLS_STREAM)))
                .isEqualTo(expected);
    }

    /** PITFALLS 1, 2, 3 through the openai-python accumulation. */
    @Test
    void theSdkAccumulatesTwoCleanToolCalls() {
        String out = run(Fixtures.text("anthropic/02-tools-stream.sse"), false);
        OpenAiStreamAccumulator.Result result = OpenAiStreamAccumulator.accumulate(out);
        assertThat(result.done()).isTrue();
        JsonNode calls = result.message().get("tool_calls");
        assertThat(calls).hasSize(2);
        assertThat(calls.get(0).get("id").asText()).isEqualTo("toolu_01Q4bY8mD2kLx7VfN3pR9sTz");
        assertThat(calls.get(0).at("/function/name").asText()).isEqualTo("get_weather");
        assertThat(Fixtures.json(Fixtures.utf8(calls.get(0).at("/function/arguments").asText())))
                .isEqualTo(Fixtures.json(Fixtures.utf8("{\"city\":\"Paris\",\"unit\":\"celsius\"}")));
        assertThat(Fixtures.json(Fixtures.utf8(calls.get(1).at("/function/arguments").asText())).get("city").asText())
                .isEqualTo("Tokyo");
        assertThat(result.message().get("role").asText()).isEqualTo("assistant");
        assertThat(result.message().get("content").asText()).isEqualTo("I'll check both cities.");
        assertThat(result.finishReason()).isEqualTo("tool_calls");
        StreamChecks.assertOnceOnly(out);
    }

    /** PITFALLS 7. */
    @Test
    void truncationInsideAToolCallIsLength() {
        String sse = Fixtures.text("anthropic/02-tools-stream.sse")
                .replace("\"stop_reason\":\"tool_use\"", "\"stop_reason\":\"max_tokens\"");
        assertThat(OpenAiStreamAccumulator.accumulate(run(sse, false)).finishReason()).isEqualTo("length");
    }

    /** PITFALLS 14: hidden when not asked, yet recorded; message_delta values win and overwrite. */
    @Test
    void usageIsHiddenWhenNotAskedAndTakesTheLastValues() {
        String sse = Fixtures.text("anthropic/02-tools-stream.sse").replace(
                "\"usage\":{\"output_tokens\":168,",
                "\"usage\":{\"input_tokens\":520,\"cache_read_input_tokens\":100,\"output_tokens\":168,");
        AnthropicToOpenAiStream stream = new AnthropicToOpenAiStream(false, Fixtures.CLOCK);
        String out = Fixtures.runWhole(stream, Fixtures.utf8(sse));
        for (SseFrames.Frame frame : SseFrames.split(out)) {
            assertThat(frame.data()).doesNotContain("\"usage\"").doesNotContain("\"choices\":[]");
        }
        assertThat(stream.usage()).isEqualTo(new Usage(620, 168, 788, 100, 0L, 61L));
    }

    /** PITFALLS 13 (streaming path): the same numbers as the non-streaming fixture 06. */
    @Test
    void streamedCacheCountsMatchTheNonStreamingMapping() {
        String sse = "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"m\",\"model\":\"c\","
                + "\"usage\":{\"input_tokens\":12,\"cache_creation_input_tokens\":300,\"cache_read_input_tokens\":2000,\"output_tokens\":1}}}\n\n"
                + "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\"},\"usage\":{\"output_tokens\":50}}\n\n"
                + "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";
        String out = run(sse, true);
        JsonNode usage = OpenAiStreamAccumulator.accumulate(out).usage();
        JsonNode expected = Fixtures.json("cross/anthropic-06-to-openai.response.json").get("usage");
        assertThat(usage).isEqualTo(expected);
    }

    /** PITFALLS 27: text so far, then the OpenAI error frame of errors-to-openai.json, no [DONE]. */
    @Test
    void midStreamErrorReachesTheClientAsAnError() {
        JsonNode expectation = Fixtures.json("cross/errors-to-openai.json").get(4).get("expect");
        AnthropicToOpenAiStream stream = new AnthropicToOpenAiStream(true, Fixtures.CLOCK);
        String out = Fixtures.runWhole(stream, Fixtures.bytes("anthropic/05-midstream-error.sse"));
        assertThat(out).contains("\"content\":\"Paris is currently\"").endsWith(expectation.get("stream_tail").asText());
        assertThat(expectation.get("done_sentinel").asBoolean()).isFalse();
        assertThat(out).doesNotContain("[DONE]");
        assertThat(stream.end()).isEqualTo(StreamEnd.UPSTREAM_ERROR);
        assertThat(stream.error().retryable()).isTrue();
        assertThat(stream.usage()).isEqualTo(new Usage(27, 1, 28, 0, 0L, null));
        assertThatThrownBy(() -> OpenAiStreamAccumulator.accumulate(out))
                .isInstanceOf(OpenAiStreamAccumulator.ApiError.class).hasMessage("Overloaded");
    }

    @Test
    void aStreamCutBeforeMessageStopEndsWithAnErrorFrame() {
        String sse = Fixtures.text("anthropic/02-tools-stream.sse");
        sse = sse.substring(0, sse.indexOf("event: message_delta"));
        AnthropicToOpenAiStream stream = new AnthropicToOpenAiStream(true, Fixtures.CLOCK);
        String out = Fixtures.runWhole(stream, Fixtures.utf8(sse));
        assertThat(stream.end()).isEqualTo(StreamEnd.TRUNCATED);
        assertThat(out).doesNotContain("[DONE]").endsWith(
                "data: {\"error\":{\"message\":\"The upstream connection ended before the response was complete.\","
                        + "\"type\":\"server_error\",\"param\":null,\"code\":\"upstream_disconnected\"}}\n\n");
        assertThat(stream.usage().promptTokens()).isEqualTo(512);
    }

    @Test
    void aToolCallWithoutArgumentsGetsAnEmptyObject() {
        String sse = "event: message_start\ndata: {\"type\":\"message_start\",\"message\":{\"id\":\"m\",\"model\":\"c\",\"usage\":{\"input_tokens\":1,\"output_tokens\":1}}}\n\n"
                + "event: content_block_start\ndata: {\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"tool_use\",\"id\":\"toolu_1\",\"name\":\"now\",\"input\":{}}}\n\n"
                + "event: content_block_stop\ndata: {\"type\":\"content_block_stop\",\"index\":0}\n\n"
                + "event: message_delta\ndata: {\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"tool_use\"},\"usage\":{\"output_tokens\":5}}\n\n"
                + "event: message_stop\ndata: {\"type\":\"message_stop\"}\n\n";
        JsonNode call = OpenAiStreamAccumulator.accumulate(run(sse, false)).message().get("tool_calls").get(0);
        assertThat(call.at("/function/arguments").asText()).isEqualTo("{}");
    }

    /** Found by fuzzing: the block table was sized by the index, so a huge one ran the node out of memory. */
    @Test
    void aBlockIndexFarOutOfRangeEndsTheStreamInsteadOfAllocating() {
        AnthropicToOpenAiStream translator = new AnthropicToOpenAiStream(false, Fixtures.CLOCK);
        String out = Fixtures.runWhole(translator, Fixtures.utf8("""
                event: message_start
                data: {"type":"message_start","message":{"id":"msg_1","model":"claude"}}

                event: content_block_start
                data: {"type":"content_block_start","index":2000000000,"content_block":{"type":"text","text":""}}

                """));
        assertThat(translator.end()).isEqualTo(StreamEnd.TRUNCATED);
        assertThat(SseFrames.split(out).getLast().data()).contains("\"error\"");
    }
}
