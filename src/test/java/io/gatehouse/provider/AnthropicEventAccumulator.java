package io.gatehouse.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A Java port of what anthropic-sdk-python does with a Messages stream: its SSE loop ({@code _streaming.py}: skip
 * {@code ping}, raise on {@code event: error}, ignore unknown events) and {@code accumulate_event}
 * ({@code lib/streaming/_messages.py}): the snapshot starts at {@code message_start}, blocks are appended on
 * {@code content_block_start} and addressed by {@code index} in deltas, tool input JSON is concatenated and parsed,
 * {@code message_delta} overwrites stop reason and usage.
 */
public final class AnthropicEventAccumulator {
    private static final Set<String> MESSAGE_EVENTS = Set.of("message_start", "message_delta", "message_stop",
            "content_block_start", "content_block_delta", "content_block_stop");

    /** What the SDK raises on {@code event: error}. */
    public static final class StreamError extends RuntimeException {
        public final JsonNode body;

        StreamError(JsonNode body) {
            super(body.path("error").path("message").asText());
            this.body = body;
        }
    }

    private AnthropicEventAccumulator() {
    }

    /** Returns the final message snapshot. */
    public static ObjectNode accumulate(String sse) {
        return accumulate(SseFrames.split(sse));
    }

    public static ObjectNode accumulate(List<SseFrames.Frame> frames) {
        ObjectNode snapshot = null;
        Map<Integer, StringBuilder> jsonBuffers = new HashMap<>();
        for (SseFrames.Frame frame : frames) {
            String event = frame.event();
            if ("ping".equals(event)) {
                continue;
            }
            JsonNode data = ProviderJson.read(Fixtures.utf8(frame.data()));
            if ("error".equals(event)) {
                throw new StreamError(data);
            }
            if (!MESSAGE_EVENTS.contains(event)) {
                continue;
            }
            snapshot = accumulateEvent(data, snapshot, jsonBuffers);
        }
        if (snapshot != null) {
            ArrayNode content = (ArrayNode) snapshot.get("content");
            jsonBuffers.forEach((index, buffer) -> ((ObjectNode) content.get(index))
                    .set("input", ProviderJson.read(Fixtures.utf8(buffer.toString()))));
        }
        return snapshot;
    }

    private static ObjectNode accumulateEvent(JsonNode event, ObjectNode snapshot, Map<Integer, StringBuilder> buffers) {
        String type = event.path("type").asText();
        if (snapshot == null) {
            if (type.equals("message_start")) {
                return ((ObjectNode) event.get("message")).deepCopy();
            }
            throw new IllegalStateException("Unexpected event order, got " + type + " before \"message_start\"");
        }
        switch (type) {
            case "content_block_start" -> ((ArrayNode) snapshot.get("content")).add(event.get("content_block").deepCopy());
            case "content_block_delta" -> {
                int index = event.path("index").asInt();
                ObjectNode content = (ObjectNode) snapshot.get("content").get(index);
                if (content == null) {
                    throw new IndexOutOfBoundsException("list index out of range: " + index);
                }
                JsonNode delta = event.get("delta");
                String blockType = content.path("type").asText();
                switch (delta.path("type").asText()) {
                    case "text_delta" -> {
                        if (blockType.equals("text")) {
                            content.put("text", content.path("text").asText() + delta.path("text").asText());
                        }
                    }
                    case "input_json_delta" -> {
                        if (blockType.equals("tool_use") || blockType.equals("server_tool_use")) {
                            StringBuilder buffer = buffers.computeIfAbsent(index, i -> new StringBuilder());
                            buffer.append(delta.path("partial_json").asText());
                            if (!buffer.isEmpty()) {
                                // the SDK parses in partial mode on every delta; the final value is what matters here
                                content.put("__json_buf", buffer.toString());
                            }
                        }
                    }
                    case "thinking_delta" -> {
                        if (blockType.equals("thinking")) {
                            content.put("thinking", content.path("thinking").asText() + delta.path("thinking").asText());
                        }
                    }
                    case "signature_delta" -> {
                        if (blockType.equals("thinking")) {
                            content.put("signature", delta.path("signature").asText());
                        }
                    }
                    default -> {
                    }
                }
            }
            case "message_delta" -> {
                JsonNode delta = event.path("delta");
                snapshot.set("stop_reason", delta.get("stop_reason"));
                snapshot.set("stop_sequence", delta.get("stop_sequence"));
                ObjectNode usage = (ObjectNode) snapshot.get("usage");
                JsonNode eventUsage = event.path("usage");
                usage.set("output_tokens", eventUsage.get("output_tokens"));
                for (String field : List.of("input_tokens", "cache_creation_input_tokens", "cache_read_input_tokens",
                        "server_tool_use")) {
                    if (eventUsage.hasNonNull(field)) {
                        usage.set(field, eventUsage.get(field));
                    }
                }
            }
            default -> {
            }
        }
        return snapshot;
    }

    /** The tool-use blocks of a snapshot, without the SDK's private JSON buffer. */
    public static List<JsonNode> toolUses(ObjectNode snapshot) {
        List<JsonNode> tools = new java.util.ArrayList<>();
        for (JsonNode block : snapshot.path("content")) {
            if (block.path("type").asText().equals("tool_use")) {
                ObjectNode copy = ((ObjectNode) block).deepCopy();
                copy.remove("__json_buf");
                tools.add(copy);
            }
        }
        return tools;
    }
}
