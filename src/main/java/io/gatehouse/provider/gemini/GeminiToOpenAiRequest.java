package io.gatehouse.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.provider.ProviderJson;
import io.gatehouse.provider.TranslationException;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Gemini {@code generateContent} request → OpenAI chat completion request, the hub form every non-Gemini upstream is
 * planned from (decision 0015). {@code systemInstruction} becomes the system message; {@code user} turns their text,
 * images ({@code inlineData} as data URLs), audio and documents; {@code model} turns their text and
 * {@code functionCall} parts as tool calls (a {@code thoughtSignature} kept as
 * {@code extra_content.google.thought_signature}, as the Gemini upstream translation reads it); each
 * {@code functionResponse} becomes a {@code tool} message answering the call of the same id, or else the oldest
 * unanswered call of the same name (Gemini's calls need no id). Thought parts are the model's own and are dropped.
 * {@code functionDeclarations} become function tools (Gemini's upper-case schema types lower-cased);
 * {@code generationConfig} maps field by field. What has no OpenAI counterpart is refused (built-in tools such as
 * Google Search, {@code fileData} links, {@code cachedContent}) or, where it only tunes sampling ({@code topK},
 * {@code safetySettings}, {@code thinkingConfig}), dropped.
 */
public final class GeminiToOpenAiRequest {
    private final boolean legacyMaxTokens;

    /** @param legacyMaxTokens write {@code max_tokens} (OpenAI-compatible servers) rather than {@code max_completion_tokens} */
    public GeminiToOpenAiRequest(boolean legacyMaxTokens) {
        this.legacyMaxTokens = legacyMaxTokens;
    }

    public ObjectNode toOpenAi(JsonNode request, String upstreamModel, boolean stream) {
        if (!request.isObject()) {
            throw new TranslationException("The body must be a JSON object.", null);
        }
        if (request.hasNonNull("cachedContent")) {
            throw new TranslationException("'cachedContent' names a Gemini cache; it cannot be sent to this model's"
                    + " provider.", "cachedContent");
        }
        ObjectNode body = ProviderJson.object();
        body.put("model", upstreamModel);
        ArrayNode messages = body.putArray("messages");
        String system = texts(request.path("systemInstruction").path("parts"), "systemInstruction");
        if (!system.isEmpty()) {
            messages.addObject().put("role", "system").put("content", system);
        }
        contents(request.path("contents"), messages);
        tools(request, body);
        generationConfig(request.path("generationConfig"), body, stream);
        if (stream) {
            body.put("stream", true);
            body.putObject("stream_options").put("include_usage", true);
        }
        return body;
    }

    private void contents(JsonNode contents, ArrayNode messages) {
        if (!contents.isArray() || contents.isEmpty()) {
            throw new TranslationException("'contents' must be a non-empty array of turns.", "contents");
        }
        Map<String, Deque<String>> unanswered = new HashMap<>();
        int calls = 0;
        for (int i = 0; i < contents.size(); i++) {
            JsonNode turn = contents.get(i);
            String param = "contents[" + i + "]";
            String role = turn.path("role").asText("user");
            JsonNode parts = turn.path("parts");
            if (!parts.isArray()) {
                throw new TranslationException("'parts' must be an array.", param + ".parts");
            }
            if (role.equals("model")) {
                ObjectNode message = messages.addObject().put("role", "assistant");
                StringBuilder text = new StringBuilder();
                ArrayNode toolCalls = null;
                for (JsonNode part : parts) {
                    if (part.has("functionCall")) {
                        JsonNode call = part.path("functionCall");
                        String name = call.path("name").asText("");
                        String id = call.path("id").isTextual() ? call.path("id").asText() : "call_" + calls;
                        calls++;
                        unanswered.computeIfAbsent(name, n -> new ArrayDeque<>()).add(id);
                        toolCalls = toolCalls == null ? message.putArray("tool_calls") : toolCalls;
                        ObjectNode toolCall = toolCalls.addObject().put("id", id).put("type", "function");
                        toolCall.putObject("function").put("name", name).put("arguments",
                                ProviderJson.writeString(call.path("args").isObject() ? call.path("args")
                                        : ProviderJson.object()));
                        if (part.path("thoughtSignature").isTextual()) {
                            toolCall.putObject("extra_content").putObject("google")
                                    .put("thought_signature", part.path("thoughtSignature").asText());
                        }
                    } else if (part.path("text").isTextual() && !part.path("thought").asBoolean(false)) {
                        text.append(part.path("text").asText());
                    }
                }
                if (text.isEmpty()) {
                    message.putNull("content");
                } else {
                    message.put("content", text.toString());
                }
            } else if (role.equals("user") || role.equals("function") || role.equals("tool")) {
                userTurn(parts, param, messages, unanswered);
            } else {
                throw new TranslationException("'role' must be 'user' or 'model'.", param + ".role");
            }
        }
    }

    /** A user turn: function responses become tool messages, the other parts one user message (in their order). */
    private static void userTurn(JsonNode parts, String param, ArrayNode messages, Map<String, Deque<String>> unanswered) {
        ArrayNode content = null;
        for (int j = 0; j < parts.size(); j++) {
            JsonNode part = parts.get(j);
            String partParam = param + ".parts[" + j + "]";
            if (part.has("functionResponse")) {
                JsonNode response = part.path("functionResponse");
                String name = response.path("name").asText("");
                Deque<String> pending = unanswered.get(name);
                String id = response.path("id").isTextual() ? response.path("id").asText()
                        : pending != null && !pending.isEmpty() ? pending.peekFirst() : "call_" + name;
                if (pending != null) {
                    pending.remove(id);
                }
                content = null; // a later text part starts a new user message after the tool result
                messages.addObject().put("role", "tool").put("tool_call_id", id)
                        .put("content", ProviderJson.writeString(response.path("response")));
                continue;
            }
            if (content == null) {
                content = messages.addObject().put("role", "user").putArray("content");
            }
            if (part.path("text").isTextual()) {
                content.addObject().put("type", "text").put("text", part.path("text").asText());
            } else if (part.has("inlineData")) {
                inline(part.path("inlineData"), partParam + ".inlineData", content);
            } else if (part.has("fileData")) {
                throw new TranslationException("'fileData' links a file stored with Google; this model's provider"
                        + " cannot read it. Send the bytes as 'inlineData'.", partParam + ".fileData");
            } else {
                throw new TranslationException("This part cannot be sent to this model's provider (only text,"
                        + " inlineData, functionCall and functionResponse parts translate).", partParam);
            }
        }
    }

    private static void inline(JsonNode data, String param, ArrayNode content) {
        String mime = data.path("mimeType").asText("");
        String base64 = data.path("data").asText("");
        if (mime.startsWith("image/")) {
            content.addObject().put("type", "image_url").putObject("image_url")
                    .put("url", "data:" + mime + ";base64," + base64);
        } else if (mime.startsWith("audio/")) {
            content.addObject().put("type", "input_audio").putObject("input_audio").put("data", base64)
                    .put("format", mime.substring("audio/".length()).replace("mpeg", "mp3"));
        } else if (!mime.isEmpty()) {
            content.addObject().put("type", "file").putObject("file").put("filename", "document")
                    .put("file_data", "data:" + mime + ";base64," + base64);
        } else {
            throw new TranslationException("'mimeType' is required.", param + ".mimeType");
        }
    }

    private static void tools(JsonNode request, ObjectNode body) {
        ArrayNode tools = null;
        JsonNode declared = request.path("tools");
        for (int i = 0; i < declared.size(); i++) {
            JsonNode tool = declared.path(i);
            for (Map.Entry<String, JsonNode> kind : tool.properties()) {
                if (!kind.getKey().equals("functionDeclarations")) {
                    throw new TranslationException("The built-in tool '" + kind.getKey() + "' is Gemini's own; this"
                            + " model's provider offers only function declarations.", "tools[" + i + "]." + kind.getKey());
                }
            }
            for (JsonNode function : tool.path("functionDeclarations")) {
                tools = tools == null ? body.putArray("tools") : tools;
                ObjectNode f = tools.addObject().put("type", "function").putObject("function");
                f.put("name", function.path("name").asText(""));
                if (function.path("description").isTextual()) {
                    f.put("description", function.path("description").asText());
                }
                if (function.has("parametersJsonSchema")) {
                    f.set("parameters", function.get("parametersJsonSchema").deepCopy());
                } else if (function.has("parameters")) {
                    f.set("parameters", jsonSchema(function.get("parameters")));
                } else {
                    f.putObject("parameters").put("type", "object").putObject("properties");
                }
            }
        }
        JsonNode config = request.path("toolConfig").path("functionCallingConfig");
        String mode = config.path("mode").asText("");
        JsonNode allowed = config.path("allowedFunctionNames");
        switch (mode) {
            case "NONE" -> body.put("tool_choice", "none");
            case "AUTO" -> body.put("tool_choice", "auto");
            case "ANY", "VALIDATED" -> {
                if (allowed.size() == 1) {
                    body.putObject("tool_choice").put("type", "function").putObject("function")
                            .put("name", allowed.get(0).asText());
                } else {
                    body.put("tool_choice", "required");
                }
            }
            default -> { }
        }
    }

    /** Gemini's OpenAPI-subset schema as JSON Schema: type names lower-cased, everything else kept. */
    static JsonNode jsonSchema(JsonNode schema) {
        if (schema instanceof ObjectNode object) {
            ObjectNode copy = ProviderJson.object();
            object.properties().forEach(p -> copy.set(p.getKey(), p.getKey().equals("type") && p.getValue().isTextual()
                    ? ProviderJson.NODES.textNode(p.getValue().asText().toLowerCase(Locale.ROOT))
                    : p.getKey().equals("properties") ? properties(p.getValue()) : jsonSchema(p.getValue())));
            return copy;
        }
        if (schema instanceof ArrayNode array) {
            ArrayNode copy = ProviderJson.NODES.arrayNode();
            array.forEach(item -> copy.add(jsonSchema(item)));
            return copy;
        }
        return schema.deepCopy();
    }

    /** A schema's {@code properties}: its keys are names, not keywords, so only their values are schemas. */
    private static JsonNode properties(JsonNode properties) {
        if (!(properties instanceof ObjectNode object)) {
            return properties.deepCopy();
        }
        ObjectNode copy = ProviderJson.object();
        object.properties().forEach(p -> copy.set(p.getKey(), jsonSchema(p.getValue())));
        return copy;
    }

    private void generationConfig(JsonNode config, ObjectNode body, boolean stream) {
        copyNumber(config, "temperature", body, "temperature");
        copyNumber(config, "topP", body, "top_p");
        copyNumber(config, "maxOutputTokens", body, legacyMaxTokens ? "max_tokens" : "max_completion_tokens");
        copyNumber(config, "presencePenalty", body, "presence_penalty");
        copyNumber(config, "frequencyPenalty", body, "frequency_penalty");
        copyNumber(config, "seed", body, "seed");
        int candidates = config.path("candidateCount").asInt(1);
        if (candidates > 1) {
            if (stream) {
                throw new TranslationException("A stream through this model's provider carries one candidate:"
                        + " 'candidateCount' must be 1.", "generationConfig.candidateCount");
            }
            body.put("n", candidates);
        }
        if (config.path("stopSequences").isArray()) {
            body.set("stop", config.get("stopSequences").deepCopy());
        }
        JsonNode schema = config.has("responseJsonSchema") ? config.get("responseJsonSchema")
                : config.has("responseSchema") ? jsonSchema(config.get("responseSchema")) : null;
        if (schema != null) {
            ObjectNode format = body.putObject("response_format").put("type", "json_schema");
            format.putObject("json_schema").put("name", "response").set("schema", schema.deepCopy());
        } else if ("application/json".equals(config.path("responseMimeType").asText())) {
            body.putObject("response_format").put("type", "json_object");
        }
    }

    private static void copyNumber(JsonNode from, String name, ObjectNode to, String as) {
        if (from.path(name).isNumber()) {
            to.set(as, from.get(name).deepCopy());
        }
    }

    /** The text of a list of parts (a system instruction), joined; other parts are refused. */
    private static String texts(JsonNode parts, String param) {
        if (!parts.isMissingNode() && !parts.isArray()) {
            throw new TranslationException("'parts' must be an array.", param + ".parts");
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < parts.size(); i++) {
            JsonNode part = parts.get(i);
            if (!part.path("text").isTextual()) {
                throw new TranslationException("Only text parts are accepted here.", param + ".parts[" + i + "]");
            }
            text.append(text.isEmpty() ? "" : "\n").append(part.path("text").asText());
        }
        return text.toString();
    }
}
