package io.gatehouse.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.provider.ChatRequests;
import io.gatehouse.provider.FieldTypes;
import io.gatehouse.provider.Header;
import io.gatehouse.provider.ProviderJson;
import io.gatehouse.provider.TranslationException;
import io.gatehouse.provider.UpstreamRequest;
import io.gatehouse.provider.openai.OpenAiBody;

import java.util.List;

/**
 * Anthropic Messages request (from {@code /anthropic/v1/messages}) → OpenAI Chat Completions request, for
 * OpenAI-type upstreams directly and for Gemini through its OpenAI translator. Tools keep their schema and
 * {@code strict} (PITFALLS 34); {@code tool_result} blocks become {@code tool} messages placed before the rest of
 * their user turn; {@code tool_use} input becomes the arguments string. Dropped, because the OpenAI shape has no
 * place for them: {@code thinking} (and thinking blocks in history), {@code top_k}, {@code cache_control}.
 * Refused with 400: server tools, images inside tool results.
 */
public final class AnthropicToOpenAiRequest {
    private final boolean legacyMaxTokens;

    /**
     * @param legacyMaxTokens send {@code max_tokens} instead of {@code max_completion_tokens} (for OpenAI-compatible
     *                        servers that only know the older field)
     */
    public AnthropicToOpenAiRequest(boolean legacyMaxTokens) {
        this.legacyMaxTokens = legacyMaxTokens;
    }

    /** {@code POST /chat/completions} for an OpenAI-type upstream. */
    public UpstreamRequest chatCompletions(JsonNode anthropicRequest, String upstreamModel) {
        return OpenAiBody.chatCompletions(toOpenAi(anthropicRequest, upstreamModel));
    }

    public ObjectNode toOpenAi(JsonNode request, String upstreamModel) {
        FieldTypes.ANTHROPIC_TRANSLATED.check(request);
        ObjectNode body = ProviderJson.object();
        body.put("model", upstreamModel);
        ArrayNode messages = body.putArray("messages");
        String system = text(request.path("system"), "system");
        if (!system.isEmpty()) {
            messages.addObject().put("role", "system").put("content", system);
        }
        JsonNode input = request.path("messages");
        if (!input.isArray() || input.isEmpty()) {
            throw new TranslationException("'messages' must be a non-empty array.", "messages");
        }
        for (int i = 0; i < input.size(); i++) {
            JsonNode message = input.get(i);
            String param = "messages." + i + ".content";
            switch (message.path("role").asText()) {
                case "user" -> user(messages, message.path("content"), param);
                case "assistant" -> assistant(messages, message.path("content"), param);
                default -> throw new TranslationException("Messages must have role user or assistant.",
                        "messages." + i + ".role");
            }
        }
        tools(request, body);
        Integer maxTokens = ChatRequests.tokenLimit(request, "max_tokens");
        if (maxTokens != null) {
            body.put(legacyMaxTokens ? "max_tokens" : "max_completion_tokens", maxTokens);
        }
        if (request.path("stop_sequences").isArray() && !request.get("stop_sequences").isEmpty()) {
            body.set("stop", request.get("stop_sequences"));
        }
        for (String field : new String[] {"temperature", "top_p"}) {
            if (request.path(field).isNumber()) {
                body.set(field, request.get(field));
            }
        }
        String user = request.path("metadata").path("user_id").asText("");
        if (!user.isEmpty()) {
            body.put("user", user);
        }
        if (request.path("stream").asBoolean(false)) {
            body.put("stream", true);
            body.putObject("stream_options").put("include_usage", true);
        }
        return body;
    }

    private static void user(ArrayNode messages, JsonNode content, String param) {
        if (content.isTextual()) {
            messages.addObject().put("role", "user").put("content", content.asText());
            return;
        }
        requireBlocks(content, param);
        ArrayNode parts = ProviderJson.NODES.arrayNode();
        for (int j = 0; j < content.size(); j++) {
            JsonNode block = content.get(j);
            String blockParam = param + "." + j;
            switch (block.path("type").asText()) {
                case "text" -> parts.addObject().put("type", "text").put("text", block.path("text").asText());
                case "image" -> {
                    JsonNode source = block.path("source");
                    String url = source.path("type").asText().equals("url") ? source.path("url").asText()
                            : "data:" + source.path("media_type").asText() + ";base64," + source.path("data").asText();
                    parts.addObject().put("type", "image_url").putObject("image_url").put("url", url);
                }
                case "document" -> {
                    JsonNode source = block.path("source");
                    if (!source.path("type").asText().equals("base64")) {
                        throw new TranslationException("Only base64 documents can be forwarded.", blockParam);
                    }
                    parts.addObject().put("type", "file").putObject("file")
                            .put("filename", "document.pdf")
                            .put("file_data", "data:" + source.path("media_type").asText() + ";base64,"
                                    + source.path("data").asText());
                }
                case "tool_result" -> messages.addObject().put("role", "tool")
                        .put("tool_call_id", block.path("tool_use_id").asText())
                        .put("content", text(block.path("content"), blockParam + ".content"));
                default -> throw new TranslationException("Content blocks of type '" + block.path("type").asText()
                        + "' cannot be forwarded to this provider.", blockParam);
            }
        }
        if (!parts.isEmpty()) {
            messages.addObject().put("role", "user").set("content", parts);
        }
    }

    private static void assistant(ArrayNode messages, JsonNode content, String param) {
        ObjectNode message = ProviderJson.object().put("role", "assistant");
        if (content.isTextual()) {
            messages.add(message.put("content", content.asText()));
            return;
        }
        requireBlocks(content, param);
        StringBuilder text = new StringBuilder();
        ArrayNode calls = ProviderJson.NODES.arrayNode();
        for (int j = 0; j < content.size(); j++) {
            JsonNode block = content.get(j);
            switch (block.path("type").asText()) {
                case "text" -> text.append(block.path("text").asText());
                case "tool_use" -> {
                    ObjectNode call = calls.addObject().put("id", block.path("id").asText()).put("type", "function");
                    call.putObject("function").put("name", block.path("name").asText())
                            .put("arguments", ProviderJson.writeString(block.path("input").isObject()
                                    ? block.get("input") : ProviderJson.object()));
                }
                case "thinking", "redacted_thinking" -> {
                    // Anthropic-only reasoning state; an OpenAI-shaped upstream cannot take it back
                }
                default -> throw new TranslationException("Content blocks of type '" + block.path("type").asText()
                        + "' cannot be forwarded to this provider.", param + "." + j);
            }
        }
        if (text.isEmpty()) {
            message.putNull("content");
        } else {
            message.put("content", text.toString());
        }
        if (!calls.isEmpty()) {
            message.set("tool_calls", calls);
        }
        if (!text.isEmpty() || !calls.isEmpty()) {
            messages.add(message);
        }
    }

    private static void tools(JsonNode request, ObjectNode body) {
        JsonNode tools = request.path("tools");
        if (!tools.isArray() || tools.isEmpty()) {
            return;
        }
        ArrayNode out = body.putArray("tools");
        for (int i = 0; i < tools.size(); i++) {
            JsonNode tool = tools.get(i);
            if (tool.has("type") && !tool.path("type").asText().equals("custom")) {
                throw new TranslationException("Anthropic server tools cannot be forwarded to this provider.",
                        "tools." + i + ".type");
            }
            ObjectNode function = out.addObject().put("type", "function").putObject("function");
            function.put("name", tool.path("name").asText());
            if (tool.hasNonNull("description")) {
                function.put("description", tool.get("description").asText());
            }
            function.set("parameters", tool.path("input_schema"));
            if (tool.path("strict").isBoolean()) {
                function.put("strict", tool.get("strict").asBoolean());
            }
        }
        JsonNode choice = request.path("tool_choice");
        switch (choice.path("type").asText("")) {
            case "auto" -> body.put("tool_choice", "auto");
            case "any" -> body.put("tool_choice", "required");
            case "none" -> body.put("tool_choice", "none");
            case "tool" -> body.putObject("tool_choice").put("type", "function")
                    .putObject("function").put("name", choice.path("name").asText());
            default -> {
            }
        }
        if (choice.path("disable_parallel_tool_use").isBoolean()) {
            body.put("parallel_tool_calls", !choice.get("disable_parallel_tool_use").asBoolean());
        }
    }

    /** Content is a string or an array of content blocks; anything else (an object, a number) is the client's mistake. */
    private static void requireBlocks(JsonNode content, String param) {
        if (!content.isArray()) {
            throw new TranslationException("Content must be a string or an array of content blocks.", param);
        }
    }

    /** A string, or the text of text blocks joined with newlines (absent: empty). */
    private static String text(JsonNode content, String param) {
        if (content.isTextual()) {
            return content.asText();
        }
        if (content.isMissingNode() || content.isNull()) {
            return "";
        }
        requireBlocks(content, param);
        StringBuilder text = new StringBuilder();
        for (JsonNode block : content) {
            if (!block.path("type").asText().equals("text")) {
                throw new TranslationException("Only text can be forwarded here, not '"
                        + block.path("type").asText() + "'.", param);
            }
            if (!text.isEmpty()) {
                text.append('\n');
            }
            text.append(block.path("text").asText());
        }
        return text.toString();
    }
}
