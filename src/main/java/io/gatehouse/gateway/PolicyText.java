package io.gatehouse.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.provider.ProviderJson;

import java.util.ArrayList;
import java.util.List;

/**
 * The text of a request or a non-streaming answer that policies judge, as slots in the JSON tree that can be read
 * and rewritten one by one (redaction touches these strings and nothing else): message text content and tool-call
 * arguments in OpenAI's shapes, text blocks and tool results in Anthropic's, the input strings of an embeddings
 * request. Images, tool definitions and every other field are left alone.
 */
final class PolicyText {
    /** Where each text lives: an object and a field name, or an array and an index. */
    private record Slot(JsonNode container, String field, int index) {
        String text() {
            return (field == null ? container.get(index) : container.get(field)).asText();
        }

        void write(String text) {
            if (field == null) {
                ((ArrayNode) container).set(index, ProviderJson.NODES.textNode(text));
            } else {
                ((ObjectNode) container).put(field, text);
            }
        }
    }

    private final List<Slot> slots = new ArrayList<>();

    private PolicyText() {
    }

    /** The texts, in document order. */
    List<String> texts() {
        return slots.stream().map(Slot::text).toList();
    }

    void replace(int slot, String text) {
        slots.get(slot).write(text);
    }

    /** The slots of a client request on {@code api}. */
    static PolicyText request(Api api, JsonNode body) {
        PolicyText slots = new PolicyText();
        switch (api) {
            case CHAT -> {
                for (JsonNode message : body.path("messages")) {
                    slots.openAiContent(message);
                    slots.toolArguments(message.path("tool_calls"));
                }
            }
            case ANTHROPIC_MESSAGES -> {
                slots.anthropicContent(body, "system");
                for (JsonNode message : body.path("messages")) {
                    slots.anthropicContent(message, "content");
                }
            }
            case EMBEDDINGS -> {
                if (body.path("input").isTextual()) {
                    slots.add(body, "input");
                } else if (body.path("input") instanceof ArrayNode inputs) {
                    for (int i = 0; i < inputs.size(); i++) {
                        if (inputs.get(i).isTextual()) {
                            slots.slots.add(new Slot(inputs, null, i));
                        }
                    }
                }
            }
            case MODELS -> throw new IllegalStateException("GET /v1/models has no text");
        }
        return slots;
    }

    /** The slots of a non-streaming answer in the client's format. */
    static PolicyText answer(Api api, JsonNode body) {
        PolicyText slots = new PolicyText();
        if (api == Api.ANTHROPIC_MESSAGES) {
            slots.anthropicContent(body, "content");
        } else {
            for (JsonNode choice : body.path("choices")) {
                JsonNode message = choice.path("message");
                slots.openAiContent(message);
                slots.toolArguments(message.path("tool_calls"));
            }
        }
        return slots;
    }

    private void openAiContent(JsonNode message) {
        JsonNode content = message.path("content");
        if (content.isTextual()) {
            add(message, "content");
        } else if (content.isArray()) {
            for (JsonNode part : content) {
                if ("text".equals(part.path("type").asText()) && part.path("text").isTextual()) {
                    add(part, "text");
                }
            }
        }
    }

    private void toolArguments(JsonNode toolCalls) {
        for (JsonNode call : toolCalls) {
            if (call.path("function").path("arguments").isTextual()) {
                add(call.path("function"), "arguments");
            }
        }
    }

    /** A string, or blocks whose text blocks (and tool results, with their own blocks) hold text. */
    private void anthropicContent(JsonNode holder, String field) {
        JsonNode content = holder.path(field);
        if (content.isTextual()) {
            add(holder, field);
            return;
        }
        for (JsonNode block : content) {
            switch (block.path("type").asText()) {
                case "text" -> {
                    if (block.path("text").isTextual()) {
                        add(block, "text");
                    }
                }
                case "tool_result" -> anthropicContent(block, "content");
                default -> { }
            }
        }
    }

    private void add(JsonNode holder, String field) {
        slots.add(new Slot(holder, field, -1));
    }
}
