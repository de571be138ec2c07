package io.gatehouse.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.provider.AnthropicEventAccumulator;
import io.gatehouse.provider.AnthropicStreamChecks;
import io.gatehouse.provider.Fixtures;
import io.gatehouse.provider.OpenAiStreamAccumulator;
import io.gatehouse.provider.SseFrames;
import io.gatehouse.provider.StreamEnd;
import io.gatehouse.provider.Usage;
import io.gatehouse.provider.anthropic.OpenAiToAnthropicStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class GeminiToOpenAiStreamTest {
    private static final byte[] TOOLS_STREAM = Fixtures.bytes("gemini/02-tools-stream.sse");
    private static final String[] FIXTURE_IDS = {"call_7f3a1c9e0b2d4e6f", "call_2c8e5a7b1d9f3e0a"};

    private static GeminiToOpenAiStream stream(boolean usage) {
        return new GeminiToOpenAiStream(usage, Fixtures.CLOCK, Fixtures.ids(FIXTURE_IDS), "gemini-2.5-flash");
    }

    private static String run(String sse, boolean usage) {
        return Fixtures.runWhole(new GeminiToOpenAiStream(usage, Fixtures.CLOCK, io.gatehouse.provider.IdGenerator.random(),
                "gemini-2.5-flash"), Fixtures.utf8(sse));
    }

    private static String chunk(String candidate) {
        return "data: {\"candidates\":[" + candidate + "],\"usageMetadata\":{\"promptTokenCount\":10,\"candidatesTokenCount\":5,"
                + "\"totalTokenCount\":15},\"modelVersion\":\"gemini-2.5-flash\",\"responseId\":\"r1\"}\n\n";
    }

    private static String call(String city) {
        return "{\"functionCall\":{\"name\":\"get_weather\",\"args\":{\"city\":\"" + city + "\"}}}";
    }

    /** PITFALLS 25 (first bullet), 1, 8, 12: byte-equal to the golden file with injected ids and clock. */
    @Test
    void toolsStreamIsByteEqualToTheCrossFixture() {
        GeminiToOpenAiStream stream = stream(true);
        assertThat(Fixtures.runWhole(stream, TOOLS_STREAM)).isEqualTo(Fixtures.text("cross/gemini-02-to-openai.sse"));
        assertThat(stream.end()).isEqualTo(StreamEnd.COMPLETED);
        assertThat(stream.usage()).isEqualTo(new Usage(98, 221, 319, 0, null, 185L));
    }

    /** PITFALLS 30: one byte per read and CRLF line ends give the same output. */
    @Test
    void framesAreParsedByFrameNotByRead() {
        String expected = Fixtures.text("cross/gemini-02-to-openai.sse");
        assertThat(Fixtures.runBytewise(stream(true), TOOLS_STREAM)).isEqualTo(expected);
        assertThat(Fixtures.runBytewise(stream(true), Fixtures.crlf(TOOLS_STREAM))).isEqualTo(expected);
    }

    /** PITFALLS 1 (second and third bullets): parallel calls in one chunk or two get indexes 0 and 1 and distinct ids. */
    @Test
    void parallelCallsGetDenseIndexesWhetherInOneChunkOrTwo() {
        String together = chunk("{\"content\":{\"role\":\"model\",\"parts\":[" + call("Paris") + "," + call("Tokyo")
                + "]},\"finishReason\":\"STOP\",\"index\":0}");
        String apart = chunk("{\"content\":{\"role\":\"model\",\"parts\":[" + call("Paris") + "]},\"index\":0}")
                + chunk("{\"content\":{\"role\":\"model\",\"parts\":[" + call("Tokyo") + "]},\"finishReason\":\"STOP\",\"index\":0}");
        for (String sse : List.of(together, apart)) {
            String out = run(sse, false);
            OpenAiStreamAccumulator.Result result = OpenAiStreamAccumulator.accumulate(out);
            JsonNode calls = result.message().get("tool_calls");
            assertThat(calls).hasSize(2);
            assertThat(calls.get(0).get("id").asText()).isNotEqualTo(calls.get(1).get("id").asText()).startsWith("call_")
                    .hasSizeLessThanOrEqualTo(64);
            assertThat(Fixtures.json(Fixtures.utf8(calls.get(1).at("/function/arguments").asText())).get("city").asText())
                    .isEqualTo("Tokyo");
            assertThat(result.finishReason()).isEqualTo("tool_calls");
            io.gatehouse.provider.StreamChecks.assertOnceOnly(out);
        }
    }

    /** PITFALLS 19 (second bullet): minted ids are short and never carry the thought signature. */
    @Test
    void toolCallIdsCarryNoSignatureMaterial() {
        JsonNode calls = OpenAiStreamAccumulator.accumulate(run(Fixtures.text("gemini/02-tools-stream.sse"), false))
                .message().get("tool_calls");
        for (JsonNode call : calls) {
            assertThat(call.get("id").asText()).matches("call_[0-9a-f]{16}").doesNotContain("CiQB");
        }
        assertThat(calls.get(0).at("/extra_content/google/thought_signature").asText()).startsWith("CiQB");
    }

    /** PITFALLS 9. */
    @ParameterizedTest
    @CsvSource({"MAX_TOKENS,length", "SAFETY,content_filter", "STOP,tool_calls", "MALFORMED_FUNCTION_CALL,stop"})
    void onlyStopIsPromotedToToolCalls(String finishReason, String expected) {
        String out = run(chunk("{\"content\":{\"role\":\"model\",\"parts\":[" + call("Paris") + "]},\"finishReason\":\""
                + finishReason + "\",\"index\":0}"), false);
        assertThat(OpenAiStreamAccumulator.accumulate(out).finishReason()).isEqualTo(expected);
    }

    /** PITFALLS 10: every documented finishReason lands in OpenAI's enum. */
    @ParameterizedTest
    @CsvSource({"STOP,stop", "MAX_TOKENS,length", "SAFETY,content_filter", "RECITATION,content_filter",
            "BLOCKLIST,content_filter", "PROHIBITED_CONTENT,content_filter", "SPII,content_filter",
            "IMAGE_SAFETY,content_filter", "LANGUAGE,content_filter", "MALFORMED_FUNCTION_CALL,stop", "OTHER,stop",
            "NO_IMAGE,stop", "FINISH_REASON_UNSPECIFIED,stop", "UNEXPECTED_TOOL_CALL,stop"})
    void everyFinishReasonIsAnOpenAiValue(String finishReason, String expected) {
        String out = run(chunk("{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"hi\"}]},\"finishReason\":\""
                + finishReason + "\",\"index\":0}"), false);
        assertThat(OpenAiStreamAccumulator.accumulate(out).finishReason()).isEqualTo(expected);
    }

    /** PITFALLS 11 (first bullet). */
    @Test
    void aFinishWithoutContentStillProducesTheFinishChunk() {
        String out = run("data: {\"candidates\":[{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"Once\"}]},\"index\":0}],"
                + "\"modelVersion\":\"gemini-2.5-flash\",\"responseId\":\"r\"}\n\n"
                + "data: {\"candidates\":[{\"finishReason\":\"MAX_TOKENS\",\"index\":0}],\"usageMetadata\":{\"promptTokenCount\":4,"
                + "\"candidatesTokenCount\":5,\"totalTokenCount\":2051,\"thoughtsTokenCount\":2042},\"modelVersion\":\"gemini-2.5-flash\","
                + "\"responseId\":\"r\"}\n\n", true);
        List<SseFrames.Frame> frames = SseFrames.split(out);
        assertThat(frames.get(frames.size() - 3).data()).contains("\"delta\":{},\"finish_reason\":\"length\"");
        assertThat(frames.get(frames.size() - 2).data()).contains("\"choices\":[]").contains("\"completion_tokens\":2047");
        assertThat(frames.getLast().data()).isEqualTo("[DONE]");
    }

    /** PITFALLS 14: nothing about usage when not asked, but it is metered. */
    @Test
    void usageIsHiddenWhenNotAsked() {
        GeminiToOpenAiStream stream = stream(false);
        String out = Fixtures.runWhole(stream, TOOLS_STREAM);
        assertThat(out).doesNotContain("\"usage\"").doesNotContain("\"choices\":[]");
        assertThat(stream.usage().totalTokens()).isEqualTo(319);
    }

    /** PITFALLS 29 (last bullet). */
    @Test
    void anErrorChunkEndsTheStreamWithAnErrorFrameAndNoDone() {
        String sse = chunk("{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"Par\"}]},\"index\":0}")
                + chunk("{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"is\"}]},\"index\":0}")
                + "data: {\"error\":{\"code\":500,\"message\":\"An internal error has occurred.\",\"status\":\"INTERNAL\"}}\n\n";
        GeminiToOpenAiStream stream = stream(true);
        String out = Fixtures.runWhole(stream, Fixtures.utf8(sse));
        assertThat(out).doesNotContain("[DONE]").endsWith("data: {\"error\":{\"message\":\"An internal error has occurred.\","
                + "\"type\":\"server_error\",\"param\":null,\"code\":\"upstream_error\"}}\n\n");
        assertThat(stream.end()).isEqualTo(StreamEnd.UPSTREAM_ERROR);
        assertThat(stream.usage().promptTokens()).isEqualTo(10);
        assertThatThrownBy(() -> OpenAiStreamAccumulator.accumulate(out)).isInstanceOf(OpenAiStreamAccumulator.ApiError.class);
    }

    /** MAPPING §4.5 last row: no finishReason before the body ends is a cut stream, not a clean one. */
    @Test
    void aStreamThatEndsWithoutFinishReasonIsTruncated() {
        GeminiToOpenAiStream stream = stream(true);
        String out = Fixtures.runWhole(stream, Fixtures.utf8(chunk("{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"Par\"}]},\"index\":0}")));
        assertThat(stream.end()).isEqualTo(StreamEnd.TRUNCATED);
        assertThat(out).contains("\"content\":\"Par\"").contains("upstream_disconnected").doesNotContain("[DONE]");
    }

    @Test
    void thoughtSummariesStayOutOfTheContentAndBlockedPromptsAreContentFilter() {
        String out = run(chunk("{\"content\":{\"role\":\"model\",\"parts\":[{\"text\":\"thinking…\",\"thought\":true},"
                + "{\"text\":\"Answer\"}]},\"finishReason\":\"STOP\",\"index\":0}"), false);
        assertThat(OpenAiStreamAccumulator.accumulate(out).message().get("content").asText()).isEqualTo("Answer");
        String blocked = run("data: {\"promptFeedback\":{\"blockReason\":\"SAFETY\"},\"usageMetadata\":{\"promptTokenCount\":3,"
                + "\"totalTokenCount\":3},\"modelVersion\":\"gemini-2.5-flash\",\"responseId\":\"b\"}\n\n", false);
        assertThat(OpenAiStreamAccumulator.accumulate(blocked).finishReason()).isEqualTo("content_filter");
    }

    /** PITFALLS 5 (first bullet): a Gemini stream served on /anthropic/v1/messages streams its tool inputs. */
    @Test
    void geminiStreamServedToAnAnthropicClientCarriesToolInputs() {
        String openAi = Fixtures.runWhole(stream(true), TOOLS_STREAM);
        String anthropic = Fixtures.runWhole(new OpenAiToAnthropicStream(), Fixtures.utf8(openAi));
        AnthropicStreamChecks.assertWellFormed(anthropic);
        ObjectNode message = AnthropicEventAccumulator.accumulate(anthropic);
        assertThat(AnthropicEventAccumulator.toolUses(message)).extracting(t -> t.get("input")).containsExactly(
                Fixtures.json(Fixtures.utf8("{\"city\":\"Paris\",\"unit\":\"celsius\"}")),
                Fixtures.json(Fixtures.utf8("{\"city\":\"Tokyo\",\"unit\":\"celsius\"}")));
        assertThat(anthropic).contains("\"type\":\"input_json_delta\"");
        assertThat(message.at("/usage/input_tokens").asInt()).isEqualTo(98);
        assertThat(message.at("/usage/output_tokens").asInt()).isEqualTo(221);
    }

    /** Found by fuzzing: the per-candidate state was sized by the index, so a huge one ran the node out of memory. */
    @Test
    void aCandidateIndexFarOutOfRangeEndsTheStreamInsteadOfAllocating() {
        GeminiToOpenAiStream translator = stream(false);
        String out = Fixtures.runWhole(translator,
                Fixtures.utf8("data: {\"candidates\":[{\"index\":2000000000,\"content\":{\"parts\":[{\"text\":\"x\"}]}}]}\n\n"));
        assertThat(translator.end()).isEqualTo(StreamEnd.TRUNCATED);
        assertThat(SseFrames.split(out)).singleElement().satisfies(frame -> assertThat(frame.data()).contains("\"error\""));
    }
}
