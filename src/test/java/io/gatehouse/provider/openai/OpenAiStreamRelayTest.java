package io.gatehouse.provider.openai;

import java.util.List;
import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.provider.Fixtures;
import io.gatehouse.provider.OpenAiStreamAccumulator;
import io.gatehouse.provider.SseFrames;
import io.gatehouse.provider.StreamEnd;
import io.gatehouse.provider.Usage;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OpenAiStreamRelayTest {
    private static final byte[] STREAM = Fixtures.bytes("openai/02-tools-stream.sse");

    @Test
    void whenTheClientAskedForUsageTheStreamIsRelayedUnchanged() {
        OpenAiStreamRelay relay = new OpenAiStreamRelay(true);
        assertThat(Fixtures.runWhole(relay, STREAM)).isEqualTo(Fixtures.text("openai/02-tools-stream.sse"));
        assertThat(relay.end()).isEqualTo(StreamEnd.COMPLETED);
        assertThat(relay.usage()).isEqualTo(new Usage(142, 96, 238, 0, null, 40L));
    }

    /** PITFALLS 14: no usage key and no empty choices when not asked — yet usage is metered. */
    @Test
    void whenTheClientDidNotAskUsageIsHiddenButMetered() {
        OpenAiStreamRelay relay = new OpenAiStreamRelay(false);
        String out = Fixtures.runBytewise(relay, Fixtures.crlf(STREAM));
        for (SseFrames.Frame frame : SseFrames.split(out)) {
            assertThat(frame.data()).doesNotContain("\"usage\"").doesNotContain("\"choices\":[]");
        }
        assertThat(out).endsWith("data: [DONE]\n\n");
        assertThat(relay.usage().promptTokens()).isEqualTo(142);
        assertThat(relay.usage().totalTokens()).isEqualTo(238);
        var result = OpenAiStreamAccumulator.accumulate(out);
        assertThat(result.message().path("tool_calls")).hasSize(2);
        assertThat(result.finishReason()).isEqualTo("tool_calls");
    }

    @Test
    void usageKeysAreCutWhereverTheyStand() {
        OpenAiStreamRelay relay = new OpenAiStreamRelay(false);
        String out = Fixtures.runWhole(relay, Fixtures.utf8(
                "data: {\"usage\":null, \"id\":\"a\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"x\"},\"finish_reason\":\"stop\"}]}\n\n"
                        + "data: {\"id\":\"a\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":null}],"
                        + "\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":4,\"total_tokens\":7}}\n\n"
                        + "data: [DONE]\n\n"));
        assertThat(out).isEqualTo(
                "data: {\"id\":\"a\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"x\"},\"finish_reason\":\"stop\"}]}\n\n"
                        + "data: {\"id\":\"a\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":null}]}\n\n"
                        + "data: [DONE]\n\n");
        assertThat(relay.usage().completionTokens()).isEqualTo(4);
    }

    @Test
    void aMidStreamErrorPassesThroughWithoutDone() {
        OpenAiStreamRelay relay = new OpenAiStreamRelay(false);
        String out = Fixtures.runWhole(relay, Fixtures.bytes("openai/05-midstream-error.sse"));
        assertThat(out).contains("Paris is currently").endsWith(
                "data: {\"error\":{\"message\":\"The server had an error while processing your request. Sorry about that!\","
                        + "\"type\":\"server_error\",\"param\":null,\"code\":null}}\n\n")
                .doesNotContain("[DONE]");
        assertThat(relay.end()).isEqualTo(StreamEnd.UPSTREAM_ERROR);
        assertThat(relay.error().retryable()).isTrue();
        assertThatThrownBy(() -> OpenAiStreamAccumulator.accumulate(out))
                .isInstanceOf(OpenAiStreamAccumulator.ApiError.class);
    }

    @Test
    void anUpstreamThatStopsEarlyEndsWithAnErrorFrameAndNoDone() {
        String cut = Fixtures.text("openai/02-tools-stream.sse");
        cut = cut.substring(0, cut.indexOf("data: ", cut.indexOf("Tokyo")));
        OpenAiStreamRelay relay = new OpenAiStreamRelay(true);
        String out = Fixtures.runWhole(relay, Fixtures.utf8(cut));
        assertThat(relay.end()).isEqualTo(StreamEnd.TRUNCATED);
        assertThat(out).doesNotContain("[DONE]").endsWith(
                "data: {\"error\":{\"message\":\"The upstream connection ended before the response was complete.\","
                        + "\"type\":\"server_error\",\"param\":null,\"code\":\"upstream_disconnected\"}}\n\n");
    }

    @Test
    void aServerThatFinishesButForgetsDoneStillCompletes() {
        OpenAiStreamRelay relay = new OpenAiStreamRelay(true);
        String out = Fixtures.runWhole(relay, Fixtures.utf8(
                "data: {\"id\":\"a\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"x\"},\"finish_reason\":\"stop\"}]}\n\n"));
        assertThat(out).endsWith("data: [DONE]\n\n");
        assertThat(relay.end()).isEqualTo(StreamEnd.COMPLETED);
    }

    @Test
    void keepAlivesAreIgnored() {
        OpenAiStreamRelay relay = new OpenAiStreamRelay(true);
        String out = Fixtures.runWhole(relay, Fixtures.utf8(": ping\n\ndata:\n\n"
                + "data: {\"id\":\"a\",\"choices\":[{\"index\":0,\"delta\":{},\"finish_reason\":\"stop\"}]}\n\ndata: [DONE]\n\n"));
        assertThat(out).startsWith("data: {\"id\":\"a\"").endsWith("data: [DONE]\n\n");
        assertThat(relay.end()).isEqualTo(StreamEnd.COMPLETED);
    }

    @Test
    void anUnreadableFrameEndsTheStreamAsTruncated() {
        OpenAiStreamRelay relay = new OpenAiStreamRelay(true);
        String out = Fixtures.runWhole(relay, Fixtures.utf8("data: {\"id\":\"a\",\"choi\n\ndata: [DONE]\n\n"));
        assertThat(relay.end()).isEqualTo(StreamEnd.TRUNCATED);
        assertThat(out).contains("upstream_disconnected").doesNotContain("[DONE]");
    }

    /** Found by fuzzing: data spread over several {@code data:} lines was relayed as one line holding line breaks. */
    @Test
    void dataOverSeveralLinesIsRelayedOverSeveralLines() {
        String upstream = "data: {\"id\":\"c\",\"choices\":[{\"index\":0,\"delta\":{},\n"
                + "data:  \"finish_reason\":\"stop\"}],\n"
                + "data:  \"usage\":{\"prompt_tokens\":1,\"completion_tokens\":2}}\n\n"
                + "data: [DONE]\n\n";
        for (boolean usage : new boolean[] {true, false}) {
            List<SseFrames.Frame> frames = SseFrames.split(Fixtures.runWhole(new OpenAiStreamRelay(usage),
                    Fixtures.utf8(upstream)));
            JsonNode chunk = Fixtures.json(Fixtures.utf8(frames.getFirst().data()));
            assertThat(chunk.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
            assertThat(chunk.has("usage")).isEqualTo(usage);
            assertThat(frames.getLast().data()).isEqualTo("[DONE]");
        }
    }
}
