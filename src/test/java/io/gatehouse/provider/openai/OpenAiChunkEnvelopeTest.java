package io.gatehouse.provider.openai;

import io.gatehouse.provider.Fixtures;
import io.gatehouse.provider.SseFrames;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The relay's allocation-free chunk scan must see exactly what the full Jackson reader sees, and refuse what it refuses. */
class OpenAiChunkEnvelopeTest {

    private static List<String> chunks() {
        List<String> chunks = new ArrayList<>();
        for (String fixture : List.of("openai/02-tools-stream.sse", "openai/05-midstream-error.sse",
                "cross/anthropic-02-to-openai.sse", "cross/gemini-02-to-openai.sse")) {
            for (SseFrames.Frame frame : SseFrames.split(Fixtures.text(fixture))) {
                if (!frame.data().equals("[DONE]")) {
                    chunks.add(frame.data());
                }
            }
        }
        chunks.addAll(List.of(
                "{}",
                " { \"choices\" : [ ] , \"usage\" : { \"prompt_tokens\" : 7 , \"completion_tokens\" : 2 } } ",
                "{\"choices\":[{\"index\":1,\"finish_reason\":\"stop\"},{\"index\":0,\"finish_reason\":null}],\"usage\":null}",
                "{\"usage\":null,\"choices\":[{\"delta\":{\"content\":\"a \\\"quoted\\\" \\\\ \\u00e9 {[\"},\"finish_reason\":null}]}",
                "{\"choices\":[{\"finish_reason\":\"length\",\"logprobs\":{\"content\":[{\"token\":\"x\",\"logprob\":-1.5e-3}]}}]}",
                "{\"choices\":null,\"error\":null}",
                "{\"error\":{\"message\":\"boom\",\"code\":500}}",
                // found by fuzzing: a container where text belongs ended the full reader's read of the chunk early
                "{\"id\":[],\"object\":\"chat.completion.chunk\",\"choices\":[]}",
                "{\"choices\":[0.0],\"usage\":{}}",
                "{\"model\":{\"a\":1},\"choices\":[{\"delta\":{\"tool_calls\":[1,{\"index\":0}]},\"finish_reason\":{}}],"
                        + "\"usage\":{\"prompt_tokens\":2}}",
                "{\"id\":\"é—ü\",\"choices\":[{\"delta\":{\"tool_calls\":[{\"index\":0,\"function\":{\"arguments\":\"{\\\"a\\\":[1,2]}\"}}]},\"finish_reason\":null}],\"x\":[true,false,null,0,-1]}"));
        return chunks;
    }

    @Test
    void seesWhatTheFullReaderSees() {
        OpenAiChunkEnvelope envelope = new OpenAiChunkEnvelope();
        OpenAiChunk full = new OpenAiChunk();
        List<String> chunks = chunks();
        assertThat(chunks).hasSizeGreaterThan(20);
        for (String chunk : chunks) {
            byte[] data = chunk.getBytes(StandardCharsets.UTF_8);
            // The frame sits at the start of the SSE parser's reused buffer, followed by older bytes.
            byte[] buffer = Arrays.copyOf(data, data.length + 7);
            Arrays.fill(buffer, data.length, buffer.length, (byte) '}');
            envelope.read(buffer, data.length);
            full.read(data);
            assertThat(envelope.error).as(chunk).isEqualTo(full.error);
            assertThat(envelope.anyChoiceFinished).as(chunk).isEqualTo(full.anyChoiceFinished);
            assertThat(envelope.emptyChoices).as(chunk).isEqualTo(full.emptyChoices);
            assertThat(envelope.usage).as(chunk).isEqualTo(full.usage);
            assertThat(envelope.usageNameStart).as(chunk).isEqualTo(full.usageNameStart);
            assertThat(envelope.usageValueEnd).as(chunk).isEqualTo(full.usageValueEnd);
        }
    }

    @Test
    void findsTheUsageMemberToCutOut() {
        OpenAiChunkEnvelope envelope = new OpenAiChunkEnvelope();
        String chunk = "{\"choices\":[{\"finish_reason\":\"stop\"}], \"usage\": {\"prompt_tokens\":3,\"completion_tokens\":4}}";
        byte[] bytes = chunk.getBytes(StandardCharsets.US_ASCII);
        envelope.read(bytes, bytes.length);
        assertThat(chunk.substring(envelope.usageNameStart, envelope.usageValueEnd))
                .isEqualTo("\"usage\": {\"prompt_tokens\":3,\"completion_tokens\":4}");
        assertThat(envelope.usage.totalTokens()).isEqualTo(7);
        assertThat(envelope.anyChoiceFinished).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "", "   ", "[]", "{", "{\"choices\":[", "{\"choices\":[{\"finish_reason\":\"stop\"}]",
            "{\"a\":1}{\"b\":2}", "{\"a\":1} x", "{\"a\":tru}", "{\"a\":nul}", "{\"a\":\"open}", "{\"a\" 1}",
            "{\"a\":1,}", "{a:1}", "{\"a\":-}", "{\"a\":01}", "{\"a\":1.}", "{\"a\":1e}", "{\"a\":[1 2]}", "{\"a\":\"tab\there\"}", "{\"usage\":{\"prompt_tokens\":}}",
            // found by fuzzing: escapes were not checked
            "{\"a\":\"\\q\"}", "{\"a\":\"\\u12\"}", "{\"a\":\"\\u12g4\"}"})
    void refusesWhatIsNotOneWellFormedObject(String chunk) {
        OpenAiChunkEnvelope envelope = new OpenAiChunkEnvelope();
        byte[] bytes = chunk.getBytes(StandardCharsets.UTF_8);
        assertThatThrownBy(() -> envelope.read(bytes, bytes.length)).isInstanceOf(RuntimeException.class);
    }

    @Test
    void refusesNestingBeyondTheParsersLimit() {
        String deep = "{\"a\":" + "[".repeat(200) + "]".repeat(200) + "}";
        byte[] bytes = deep.getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> new OpenAiChunkEnvelope().read(bytes, bytes.length))
                .isInstanceOf(IllegalStateException.class);
    }
}
