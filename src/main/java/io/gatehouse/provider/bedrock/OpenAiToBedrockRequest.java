package io.gatehouse.provider.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.provider.ChatRequests;
import io.gatehouse.provider.FieldTypes;
import io.gatehouse.provider.Header;
import io.gatehouse.provider.InlineImage;
import io.gatehouse.provider.MediaFetch;
import io.gatehouse.provider.ProviderJson;
import io.gatehouse.provider.ToolCallIds;
import io.gatehouse.provider.TranslationException;
import io.gatehouse.provider.UpstreamRequest;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * OpenAI Chat Completions request → Bedrock Converse request ({@code POST /model/{modelId}/converse}, or
 * {@code /converse-stream}). Converse wants alternating {@code user}/{@code assistant} turns of content blocks, so
 * consecutive messages of one side are joined into one turn (tool results are the user's side); system and developer
 * messages become {@code system} blocks; images travel as bytes (linked ones fetched first by the gateway, as for
 * Gemini); tool calls become {@code toolUse} blocks and tool messages {@code toolResult} blocks (a JSON object as
 * {@code json}, anything else as {@code text}); {@code tool_choice} maps to {@code auto}/{@code any}/{@code tool}.
 * Refused with 400: several choices, files, audio, a structured-output schema, {@code tool_choice: none} in a
 * conversation that already used tools (Converse cannot turn tools off then), a trailing assistant message.
 */
final class OpenAiToBedrockRequest {
    private static final String JSON_OBJECT_INSTRUCTION = "Answer with one JSON object and nothing else.";
    private static final Set<String> IMAGE_FORMATS = Set.of("png", "jpeg", "gif", "webp");

    private OpenAiToBedrockRequest() {
    }

    /** The path of a Converse call: the model id (or inference profile, or ARN) is one path segment. */
    static String path(String modelId, boolean stream) {
        return "/model/" + URLEncoder.encode(modelId, StandardCharsets.UTF_8).replace("+", "%20")
                + (stream ? "/converse-stream" : "/converse");
    }

    /**
     * @param fetched the outcome for each linked image (empty map when there were none)
     */
    static UpstreamRequest translate(JsonNode request, String modelId, Map<String, MediaFetch> fetched) {
        boolean stream = request.path("stream").asBoolean(false);
        return UpstreamRequest.post(path(modelId, stream), List.of(Header.of("content-type", "application/json"),
                Header.of("accept", stream ? "application/vnd.amazon.eventstream" : "application/json")),
                ProviderJson.write(body(request, fetched)));
    }

    static ObjectNode body(JsonNode request, Map<String, MediaFetch> fetched) {
        FieldTypes.OPENAI_CHAT_TRANSLATED.check(request);
        if (request.path("n").asInt(1) > 1) {
            throw new TranslationException("Bedrock returns one choice per request; 'n' must be 1.", "n");
        }
        JsonNode messages = ChatRequests.messages(request);
        ObjectNode body = ProviderJson.object();
        ArrayNode system = ProviderJson.NODES.arrayNode();
        ChatRequests.systemTexts(messages).forEach(text -> system.addObject().put("text", text));
        switch (request.path("response_format").path("type").asText("text")) {
            case "json_object" -> system.addObject().put("text", JSON_OBJECT_INSTRUCTION);
            case "json_schema" -> throw new TranslationException("Structured output with a JSON schema cannot be sent"
                    + " to Bedrock Converse; use response_format json_object or a tool.", "response_format");
            default -> {
            }
        }
        body.set("messages", messages(messages, fetched));
        if (!system.isEmpty()) {
            body.set("system", system);
        }
        ObjectNode inference = inferenceConfig(request);
        if (!inference.isEmpty()) {
            body.set("inferenceConfig", inference);
        }
        toolConfig(request, body);
        return body;
    }

    private static ArrayNode messages(JsonNode messages, Map<String, MediaFetch> fetched) {
        ArrayNode turns = ProviderJson.NODES.arrayNode();
        for (int i = 0; i < messages.size(); i++) {
            JsonNode message = messages.get(i);
            String param = "messages[" + i + "]";
            String role = message.path("role").asText();
            ArrayNode blocks = ProviderJson.NODES.arrayNode();
            String side;
            switch (role) {
                case "system", "developer" -> {
                    continue;
                }
                case "user" -> {
                    side = "user";
                    userBlocks(message.path("content"), param + ".content", fetched, blocks);
                }
                case "assistant" -> {
                    side = "assistant";
                    if (i == messages.size() - 1 && message.path("tool_calls").isEmpty()) {
                        throw new TranslationException("Bedrock cannot continue a trailing assistant message.", param);
                    }
                    assistantBlocks(message, param, blocks);
                }
                case "tool" -> {
                    side = "user";
                    blocks.addObject().set("toolResult", toolResult(messages, i, param));
                }
                default -> throw new TranslationException("Unsupported message role '" + role + "'.", param + ".role");
            }
            if (blocks.isEmpty()) {
                continue;
            }
            JsonNode last = turns.isEmpty() ? null : turns.get(turns.size() - 1);
            if (last != null && last.path("role").asText().equals(side)) {
                ((ArrayNode) last.get("content")).addAll(blocks);
            } else {
                turns.addObject().put("role", side).set("content", blocks);
            }
        }
        if (turns.isEmpty()) {
            throw new TranslationException("The request has no user or assistant message.", "messages");
        }
        return turns;
    }

    private static void userBlocks(JsonNode content, String param, Map<String, MediaFetch> fetched, ArrayNode blocks) {
        JsonNode parts = ChatRequests.parts(content, param);
        for (int j = 0; j < parts.size(); j++) {
            JsonNode part = parts.get(j);
            String partParam = param + "[" + j + "]";
            switch (part.path("type").asText()) {
                case "text" -> {
                    if (!part.path("text").asText().isEmpty()) {
                        blocks.addObject().put("text", part.path("text").asText());
                    }
                }
                case "image_url" -> blocks.add(image(part.path("image_url").path("url").asText(""), partParam, fetched));
                default -> throw new TranslationException("Content parts of type '" + part.path("type").asText()
                        + "' cannot be sent to Bedrock.", partParam);
            }
        }
    }

    private static ObjectNode image(String url, String param, Map<String, MediaFetch> fetched) {
        InlineImage image = InlineImage.of(url, param, fetched);
        String format = image.mediaType().startsWith("image/") ? image.mediaType().substring("image/".length()) : "";
        format = format.equals("jpg") ? "jpeg" : format;
        if (!IMAGE_FORMATS.contains(format)) {
            throw new TranslationException("Bedrock takes PNG, JPEG, GIF and WebP images, not '" + image.mediaType() + "'.",
                    param + ".image_url.url");
        }
        ObjectNode block = ProviderJson.object();
        block.putObject("image").put("format", format).putObject("source").put("bytes", image.base64());
        return block;
    }

    private static void assistantBlocks(JsonNode message, String param, ArrayNode blocks) {
        String text = ChatRequests.text(message.path("content"), param + ".content");
        if (!text.isEmpty()) {
            blocks.addObject().put("text", text);
        }
        JsonNode calls = message.path("tool_calls");
        if (!calls.isMissingNode() && !calls.isNull() && !calls.isArray()) {
            throw new TranslationException("'tool_calls' must be an array.", param + ".tool_calls");
        }
        for (int j = 0; j < calls.size(); j++) {
            JsonNode call = calls.get(j);
            ObjectNode toolUse = blocks.addObject().putObject("toolUse");
            toolUse.put("toolUseId", ToolCallIds.sanitize(call.path("id").asText()));
            toolUse.put("name", call.path("function").path("name").asText());
            toolUse.set("input", ChatRequests.arguments(call, param + ".tool_calls[" + j + "]"));
        }
    }

    private static ObjectNode toolResult(JsonNode messages, int index, String param) {
        JsonNode message = messages.get(index);
        String id = message.path("tool_call_id").asText("");
        if (ChatRequests.toolName(messages, index, id) == null) {
            throw new TranslationException("No earlier assistant tool call has the id '" + id + "'.", param + ".tool_call_id");
        }
        String text = ChatRequests.text(message.path("content"), param + ".content");
        ObjectNode result = ProviderJson.object().put("toolUseId", ToolCallIds.sanitize(id));
        ObjectNode parsed = ProviderJson.parseObject(text);
        ArrayNode content = result.putArray("content");
        if (parsed != null) {
            content.addObject().set("json", parsed);
        } else {
            content.addObject().put("text", text);
        }
        return result;
    }

    private static void toolConfig(JsonNode request, ObjectNode body) {
        List<JsonNode> functions = ChatRequests.functions(request);
        if (functions.isEmpty()) {
            return;
        }
        JsonNode choice = request.path("tool_choice");
        ObjectNode toolChoice = ProviderJson.object();
        if (choice.isTextual()) {
            switch (choice.asText()) {
                case "auto" -> toolChoice.putObject("auto");
                case "required" -> toolChoice.putObject("any");
                case "none" -> {
                    if (usesTools(body)) {
                        throw new TranslationException("Bedrock cannot turn tools off in a conversation that already"
                                + " used them; leave tool_choice out or use auto.", "tool_choice");
                    }
                    return; // no tools offered: the model cannot call one
                }
                default -> throw new TranslationException("Unknown tool_choice '" + choice.asText() + "'.", "tool_choice");
            }
        } else if (choice.path("type").asText().equals("function")) {
            toolChoice.putObject("tool").put("name", choice.path("function").path("name").asText());
        } else if (!choice.isMissingNode() && !choice.isNull()) {
            throw new TranslationException("Unsupported tool_choice.", "tool_choice");
        }
        ObjectNode config = body.putObject("toolConfig");
        ArrayNode tools = config.putArray("tools");
        for (JsonNode function : functions) {
            ObjectNode spec = tools.addObject().putObject("toolSpec").put("name", function.path("name").asText());
            if (function.hasNonNull("description")) {
                spec.put("description", function.get("description").asText());
            }
            JsonNode parameters = function.path("parameters");
            spec.putObject("inputSchema").set("json", parameters.isObject() ? parameters
                    : ProviderJson.object().put("type", "object"));
        }
        if (!toolChoice.isEmpty()) {
            config.set("toolChoice", toolChoice);
        }
    }

    private static boolean usesTools(ObjectNode body) {
        for (JsonNode turn : body.path("messages")) {
            for (JsonNode block : turn.path("content")) {
                if (block.has("toolUse") || block.has("toolResult")) {
                    return true;
                }
            }
        }
        return false;
    }

    private static ObjectNode inferenceConfig(JsonNode request) {
        ObjectNode config = ProviderJson.object();
        Integer max = ChatRequests.maxOutputTokens(request);
        if (max != null) {
            config.put("maxTokens", max);
        }
        if (request.path("temperature").isNumber()) {
            config.set("temperature", request.get("temperature"));
        }
        if (request.path("top_p").isNumber()) {
            config.set("topP", request.get("top_p"));
        }
        List<String> stop = ChatRequests.stopSequences(request);
        if (!stop.isEmpty()) {
            ArrayNode sequences = config.putArray("stopSequences");
            stop.forEach(sequences::add);
        }
        return config;
    }
}
