package io.gatehouse.testing.fake;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The fake Anthropic's {@code POST /v1/messages}: a text answer (21 tokens in, 9 out), or — when tools are offered —
 * a short text and a {@code tool_use} of the first tool with {@code {"city":"Paris"}}; streams follow Anthropic's real
 * event sequence ({@code message_start}, {@code ping}, content blocks with {@code text_delta} /
 * {@code input_json_delta}, {@code message_delta}, {@code message_stop}).
 */
final class AnthropicAnswers {
    static final String TEXT = "Hello from fake Anthropic.";

    private AnthropicAnswers() {
    }

    /** {@code cache}: the cache usage members answers add (e.g. {@code ,"cache_read_input_tokens":2000}), or "". */
    static FakeProvider.Answer messages(FakeProvider.Recorded r, Duration gap, String text, String cache) {
        JsonNode body = FakeProvider.json(r);
        String model = body.path("model").asText();
        String tool = body.path("tools").path(0).path("name").asText(null);
        if (!body.path("stream").asBoolean()) {
            String content = tool == null ? "[{\"type\":\"text\",\"text\":" + FakeProvider.quote(text) + "}]"
                    : "[{\"type\":\"text\",\"text\":\"Checking.\"},{\"type\":\"tool_use\",\"id\":\"toolu_fake1\",\"name\":\""
                    + tool + "\",\"input\":{\"city\":\"Paris\"}}]";
            return FakeProvider.Answer.json(200, "{\"id\":\"msg_fake\",\"type\":\"message\",\"role\":\"assistant\",\"model\":\""
                    + model + "\",\"content\":" + content + ",\"stop_reason\":\"" + (tool == null ? "end_turn" : "tool_use")
                    + "\",\"stop_sequence\":null,\"usage\":{\"input_tokens\":21" + cache + ",\"output_tokens\":9}}");
        }
        List<String> frames = new ArrayList<>();
        frames.add(event("message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_fake\",\"type\":\"message\","
                + "\"role\":\"assistant\",\"model\":\"" + model + "\",\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,"
                + "\"usage\":{\"input_tokens\":21" + cache + ",\"output_tokens\":1}}}"));
        frames.add(event("content_block_start", "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}"));
        frames.add(event("ping", "{\"type\":\"ping\"}"));
        List<String> pieces = tool == null ? List.of("Hello from ", "fake Anthropic.") : List.of("Checking.");
        for (String piece : pieces) {
            frames.add(event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"" + piece + "\"}}"));
        }
        frames.add(event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}"));
        if (tool != null) {
            frames.add(event("content_block_start", "{\"type\":\"content_block_start\",\"index\":1,\"content_block\":{\"type\":\"tool_use\","
                    + "\"id\":\"toolu_fake1\",\"name\":\"" + tool + "\",\"input\":{}}}"));
            for (String piece : List.of("", "{\\\"city\\\":", "\\\"Paris\\\"}")) {
                frames.add(event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":1,\"delta\":{\"type\":\"input_json_delta\","
                        + "\"partial_json\":\"" + piece + "\"}}"));
            }
            frames.add(event("content_block_stop", "{\"type\":\"content_block_stop\",\"index\":1}"));
        }
        frames.add(event("message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"" + (tool == null ? "end_turn" : "tool_use")
                + "\",\"stop_sequence\":null},\"usage\":{\"output_tokens\":9}}"));
        frames.add(event("message_stop", "{\"type\":\"message_stop\"}"));
        return FakeProvider.Answer.chunked(200, "text/event-stream", frames, gap);
    }

    private static String event(String name, String data) {
        return "event: " + name + "\ndata: " + data + "\n\n";
    }
}
