package io.gatehouse.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;

/**
 * Reading an OpenAI Chat Completions request the way every translator needs it: the system prompt, text of
 * messages, tool-call arguments as objects, the output-token limit. Client mistakes become
 * {@link TranslationException}s naming the field.
 */
public final class ChatRequests {
    private ChatRequests() {
    }

    public static JsonNode messages(JsonNode request) {
        JsonNode messages = request.path("messages");
        if (!messages.isArray() || messages.isEmpty()) {
            throw new TranslationException("'messages' must be a non-empty array.", "messages");
        }
        return messages;
    }

    public static boolean isSystem(JsonNode message) {
        String role = message.path("role").asText();
        return role.equals("system") || role.equals("developer");
    }

    /** The texts of all {@code system}/{@code developer} messages, in order (PITFALLS 23). */
    public static List<String> systemTexts(JsonNode messages) {
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            if (isSystem(messages.get(i))) {
                String text = text(messages.get(i).path("content"), "messages[" + i + "].content");
                if (!text.isEmpty()) {
                    texts.add(text);
                }
            }
        }
        return texts;
    }

    /**
     * A user message's content as parts: a non-empty string as one text part, nothing for an empty string or no content,
     * a parts array as it is; anything else is refused.
     */
    public static JsonNode parts(JsonNode content, String param) {
        if (content.isTextual()) {
            ArrayNode parts = ProviderJson.NODES.arrayNode();
            if (!content.asText().isEmpty()) {
                parts.addObject().put("type", "text").put("text", content.asText());
            }
            return parts;
        }
        if (content.isNull() || content.isMissingNode()) {
            return ProviderJson.NODES.arrayNode();
        }
        if (!content.isArray()) {
            throw new TranslationException("Message content must be a string or an array of parts.", param);
        }
        return content;
    }

    /** A string content, or the text parts of a parts array joined with newlines. */
    public static String text(JsonNode content, String param) {
        if (content.isTextual()) {
            return content.asText();
        }
        if (content.isNull() || content.isMissingNode()) {
            return "";
        }
        if (!content.isArray()) {
            throw new TranslationException("Message content must be a string or an array of parts.", param);
        }
        StringBuilder text = new StringBuilder();
        for (int j = 0; j < content.size(); j++) {
            JsonNode part = content.get(j);
            String type = part.path("type").asText();
            if (!type.equals("text") && !type.equals("refusal")) {
                throw new TranslationException("Only text parts are allowed here, not '" + type + "'.",
                        param + "[" + j + "]");
            }
            if (!text.isEmpty()) {
                text.append('\n');
            }
            text.append(part.path(type).asText());
        }
        return text.toString();
    }

    /** Parses a tool call's {@code function.arguments} string into the object providers want (MAPPING §2.6). */
    public static ObjectNode arguments(JsonNode toolCall, String param) {
        JsonNode raw = toolCall.path("function").path("arguments");
        if (raw.isObject()) {
            return (ObjectNode) raw;
        }
        String text = raw.asText("");
        if (text.isBlank()) {
            return ProviderJson.object();
        }
        ObjectNode parsed = ProviderJson.parseObject(text);
        if (parsed != null) {
            return parsed;
        }
        throw new TranslationException("Tool-call arguments must be a JSON object encoded as a string.",
                param + ".function.arguments");
    }

    /** {@code max_completion_tokens} wins over the deprecated {@code max_tokens}; {@code null} when neither is set. */
    public static Integer maxOutputTokens(JsonNode request) {
        for (String field : new String[] {"max_completion_tokens", "max_tokens"}) {
            Integer limit = tokenLimit(request, field);
            if (limit != null) {
                return limit;
            }
        }
        return null;
    }

    /**
     * A token limit the client set: a whole number from 1 to {@link Usage#MAX_TOKENS}, checked before it is narrowed
     * to the provider's 32-bit field (where 2^32 + 10 would wrap to 10); {@code null} when absent.
     */
    public static Integer tokenLimit(JsonNode request, String field) {
        return tokenLimitValue(request.path(field), field);
    }

    /** As {@link #tokenLimit}, given the field's value (a missing node when absent). */
    public static Integer tokenLimitValue(JsonNode value, String field) {
        if (value.isMissingNode() || value.isNull() || !value.isNumber()) {
            return null;
        }
        if (!value.isIntegralNumber() || value.bigIntegerValue().signum() < 1 || !value.canConvertToInt()) {
            throw new TranslationException("'" + field + "' must be a whole number from 1 to " + Usage.MAX_TOKENS + ".",
                    field);
        }
        return value.intValue();
    }

    /** {@code stop} as a list: a single string wrapped (whitespace such as {@code "\n\n"} is a valid stop). */
    public static List<String> stopSequences(JsonNode request) {
        JsonNode stop = request.path("stop");
        List<String> sequences = new ArrayList<>();
        if (stop.isTextual()) {
            sequences.add(stop.asText());
        } else if (stop.isArray()) {
            for (int i = 0; i < stop.size(); i++) {
                if (!stop.get(i).isTextual()) {
                    throw new TranslationException("Invalid type for 'stop[" + i + "]': expected a string.", "stop[" + i + "]",
                            "invalid_type");
                }
                sequences.add(stop.get(i).asText());
            }
        }
        return sequences;
    }

    /**
     * True when the conversation ends inside a tool loop: the last assistant message called tools and only tool
     * results follow it. Reasoning state for such a turn cannot be rebuilt from an OpenAI-shaped history.
     */
    public static boolean toolLoopInFlight(JsonNode messages) {
        for (int i = messages.size() - 1; i >= 0; i--) {
            JsonNode message = messages.get(i);
            String role = message.path("role").asText();
            if (role.equals("assistant")) {
                return message.path("tool_calls").isArray() && !message.path("tool_calls").isEmpty();
            }
            if (!role.equals("tool")) {
                return false;
            }
        }
        return false;
    }

    /** The function name of an earlier assistant tool call with this id (Gemini needs it on the result). */
    public static String toolName(JsonNode messages, int before, String toolCallId) {
        for (int i = before - 1; i >= 0; i--) {
            for (JsonNode call : messages.get(i).path("tool_calls")) {
                if (toolCallId.equals(call.path("id").asText())) {
                    return call.path("function").path("name").asText();
                }
            }
        }
        return null;
    }

    /** The tool definitions, each checked to be a function tool. */
    public static List<JsonNode> functions(JsonNode request) {
        List<JsonNode> functions = new ArrayList<>();
        JsonNode tools = request.path("tools");
        for (int i = 0; i < tools.size(); i++) {
            JsonNode tool = tools.get(i);
            if (!tool.path("type").asText("function").equals("function") || !tool.path("function").isObject()) {
                throw new TranslationException("Only function tools can be sent to this provider.",
                        "tools[" + i + "].type");
            }
            functions.add(tool.get("function"));
        }
        return functions;
    }
}
