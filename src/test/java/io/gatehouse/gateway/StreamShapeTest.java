package io.gatehouse.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.provider.ProviderJson;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The OpenAI frames as the stream guard reads them without a JSON tree: the same kinds, channels and texts a tree
 * gives, and a text rewritten in place keeps every other member as it came.
 */
class StreamShapeTest {
    private static final StreamShape OPENAI = StreamShape.OPENAI;
    private static final String HEAD = "{\"id\":\"c1\",\"object\":\"chat.completion.chunk\",\"model\":\"gpt-4o\",\"choices\":[";

    private static StreamShape.Frame read(String json) {
        return OPENAI.read(json.getBytes(StandardCharsets.UTF_8));
    }

    /** The data of an SSE frame written by the shape, as a tree. */
    private static JsonNode written(byte[] sse) {
        String frame = new String(sse, StandardCharsets.UTF_8);
        assertThat(frame).startsWith("data: ").endsWith("\n\n");
        return ProviderJson.read(frame.substring(6, frame.length() - 2).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aContentFrameIsTextOfItsChoiceAndIsRewrittenInPlace() {
        String json = HEAD + "{\"index\":2,\"delta\":{\"role\":\"assistant\",\"content\":\"caf\\u00e9 \\\"x\\\"\"},"
                + "\"logprobs\":{\"content\":[{\"token\":\"a\"}]},\"finish_reason\":null}],\"usage\":null}";
        StreamShape.Frame frame = read(json);
        assertThat(frame.kind()).isEqualTo(StreamShape.Kind.TEXT);
        assertThat(frame.channel()).isEqualTo(2);
        assertThat(frame.text()).isEqualTo("café \"x\"");

        JsonNode rewritten = written(OPENAI.replaceText(frame, "line\n\"[EMAIL_1]\" é"));
        ObjectNode expected = ProviderJson.parseObject(json);
        ((ObjectNode) expected.path("choices").get(0).path("delta")).put("content", "line\n\"[EMAIL_1]\" é");
        assertThat(rewritten).isEqualTo(expected);
    }

    @Test
    void sideTextsToolArgumentsEndsAndTheRestReadAsATreeWould() {
        StreamShape.Frame refusal = read(HEAD + "{\"index\":0,\"delta\":{\"content\":null,\"refusal\":\"no\"},\"finish_reason\":null}]}");
        assertThat(refusal.kind()).isEqualTo(StreamShape.Kind.TEXT);
        assertThat(refusal.text()).isEqualTo("no");
        assertThat(StreamShape.choiceOf(refusal.channel())).isZero();
        assertThat(written(OPENAI.replaceText(refusal, "[masked]")).path("choices").get(0).path("delta").path("refusal").asText())
                .isEqualTo("[masked]");

        StreamShape.Frame tool = read(HEAD + "{\"index\":0,\"delta\":{\"tool_calls\":[{\"index\":3,\"function\":"
                + "{\"arguments\":\"{\\\"to\\\":\"}}]},\"finish_reason\":null}]}");
        assertThat(tool.kind()).isEqualTo(StreamShape.Kind.TEXT);
        assertThat(tool.text()).isEqualTo("{\"to\":");
        assertThat(tool.channel()).isEqualTo(StreamShape.TOOLS + 3);
        assertThat(written(OPENAI.replaceText(tool, "{}")).path("choices").get(0).path("delta").path("tool_calls").get(0)
                .path("function").path("arguments").asText()).isEqualTo("{}");

        StreamShape.Frame end = read(HEAD + "{\"index\":1,\"delta\":{\"content\":\"!\"},\"finish_reason\":\"stop\"}]}");
        assertThat(end.kind()).isEqualTo(StreamShape.Kind.END);
        assertThat(end.text()).isEqualTo("!");
        assertThat(end.choice()).isEqualTo(1);
        assertThat(end.json().path("choices").get(0).path("finish_reason").asText()).isEqualTo("stop");

        assertThat(read(HEAD + "{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\"},\"finish_reason\":null}]}").kind())
                .isEqualTo(StreamShape.Kind.OTHER);
        assertThat(read(HEAD + "],\"usage\":{\"prompt_tokens\":1}}").kind()).isEqualTo(StreamShape.Kind.OTHER);
        assertThat(read(HEAD + "{\"index\":0,\"delta\":{\"content\":\"a\"}},{\"index\":1,\"delta\":{\"content\":\"b\"}}]}").kind())
                .as("two choices in one chunk pass as they are").isEqualTo(StreamShape.Kind.OTHER);
        assertThat(read("[DONE]").kind()).isEqualTo(StreamShape.Kind.TERMINAL);
        assertThat(read("{not json").kind()).isEqualTo(StreamShape.Kind.OTHER);
    }
}
