package io.gatehouse.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.provider.ChatRequests;
import io.gatehouse.provider.DataUrl;
import io.gatehouse.provider.FieldTypes;
import io.gatehouse.provider.Header;
import io.gatehouse.provider.InlineImage;
import io.gatehouse.provider.MediaFetch;
import io.gatehouse.provider.ProviderJson;
import io.gatehouse.provider.RemoteMedia;
import io.gatehouse.provider.TranslationException;
import io.gatehouse.provider.UpstreamRequest;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * OpenAI Chat Completions request → Gemini {@code generateContent} request (MAPPING §2). In two steps when the
 * request links {@code http(s)} images: {@link #remoteMedia} lists what the gateway must fetch, {@link #translate}
 * takes the results; a failed fetch is a 400 naming the part, never a silently missing image (PITFALLS 24).
 *
 * <p>Choices, each tested: system/developer messages become {@code systemInstruction} parts in order; all calls of
 * consecutive assistant messages form one {@code model} content and all answering tool messages one {@code user}
 * content, names looked up by {@code tool_call_id} (PITFALLS 17); a tool result that is a JSON object is sent as the
 * {@code response} object, anything else as {@code {"output": text}}; thought signatures travel in
 * {@code extra_content.google.thought_signature} and a model turn whose calls carry none gets the documented
 * placeholder on its first call (PITFALLS 25); schemas are sanitised by allow-list (PITFALLS 20); a conversation
 * that starts with the model gets a short user turn first. Refused with 400: provider file ids, non-function tools,
 * a trailing assistant message (Gemini cannot continue it).
 */
public final class OpenAiToGeminiRequest {
    /** Gemini's documented stand-in when a function call's real signature is unknown (history from another model). */
    static final String SIGNATURE_PLACEHOLDER = "skip_thought_signature_validator";
    private static final String SYNTHETIC_FIRST_TURN = "Continue.";

    private final GeminiOptions options;

    public OpenAiToGeminiRequest(GeminiOptions options) {
        this.options = options;
    }

    /** The {@code http(s)} images the gateway must fetch before {@link #translate}; empty for most requests. */
    public static List<RemoteMedia> remoteMedia(JsonNode request) {
        List<RemoteMedia> remote = new ArrayList<>();
        JsonNode messages = request.path("messages");
        if (!messages.isArray()) {
            return remote; // translate refuses it, naming the field
        }
        for (int i = 0; i < messages.size(); i++) {
            JsonNode content = messages.get(i).path("content");
            if (!content.isArray()) {
                continue;
            }
            for (int j = 0; j < content.size(); j++) {
                String url = content.get(j).path("image_url").path("url").asText("");
                if (DataUrl.isHttp(url)) {
                    remote.add(new RemoteMedia("messages[" + i + "].content[" + j + "]", url));
                }
            }
        }
        return remote;
    }

    /**
     * {@code POST /{version}/models/{model}:generateContent}, or {@code :streamGenerateContent?alt=sse} for streams.
     *
     * @param fetched the outcome for each URL of {@link #remoteMedia} (empty map when there were none)
     */
    public UpstreamRequest translate(JsonNode request, String upstreamModel, Map<String, MediaFetch> fetched) {
        boolean stream = request.path("stream").asBoolean(false);
        String path = stream ? options.modelPath(upstreamModel, "streamGenerateContent") + "?alt=sse"
                : options.modelPath(upstreamModel, "generateContent");
        return UpstreamRequest.post(path, List.of(Header.of("content-type", "application/json"),
                Header.of("accept", stream ? "text/event-stream" : "application/json")),
                ProviderJson.write(body(request, fetched)));
    }

    public ObjectNode body(JsonNode request, Map<String, MediaFetch> fetched) {
        FieldTypes.OPENAI_CHAT_TRANSLATED.check(request);
        JsonNode messages = ChatRequests.messages(request);
        ObjectNode body = ProviderJson.object();
        List<String> system = ChatRequests.systemTexts(messages);
        if (!system.isEmpty()) {
            ArrayNode parts = body.putObject("systemInstruction").putArray("parts");
            system.forEach(text -> parts.addObject().put("text", text));
        }
        body.set("contents", contents(messages, fetched));
        tools(request, body);
        ObjectNode config = generationConfig(request);
        if (!config.isEmpty()) {
            body.set("generationConfig", config);
        }
        return body;
    }

    private ArrayNode contents(JsonNode messages, Map<String, MediaFetch> fetched) {
        ArrayNode contents = ProviderJson.NODES.arrayNode();
        String lastKind = null; // "user", "model" or "responses": the kind of the last content
        for (int i = 0; i < messages.size(); i++) {
            JsonNode message = messages.get(i);
            String param = "messages[" + i + "]";
            String role = message.path("role").asText();
            String kind;
            ArrayNode parts = ProviderJson.NODES.arrayNode();
            switch (role) {
                case "system", "developer" -> {
                    continue;
                }
                case "user" -> {
                    kind = "user";
                    userParts(message.path("content"), param + ".content", fetched, parts);
                }
                case "assistant" -> {
                    kind = "model";
                    if (i == messages.size() - 1 && message.path("tool_calls").isEmpty()) {
                        throw new TranslationException("Gemini cannot continue a trailing assistant message.", param);
                    }
                    modelParts(message, param, parts);
                }
                case "tool" -> {
                    kind = "responses";
                    parts.addObject().set("functionResponse", functionResponse(messages, i, param));
                }
                default -> throw new TranslationException("Unsupported message role '" + role + "'.", param + ".role");
            }
            if (parts.isEmpty()) {
                continue;
            }
            if (kind.equals(lastKind)) {
                ((ArrayNode) contents.get(contents.size() - 1).get("parts")).addAll(parts);
            } else {
                ObjectNode content = contents.addObject().put("role", kind.equals("model") ? "model" : "user");
                content.set("parts", parts);
            }
            lastKind = kind;
        }
        if (!contents.isEmpty() && contents.get(0).path("role").asText().equals("model")) {
            ObjectNode first = ProviderJson.object().put("role", "user");
            first.putArray("parts").addObject().put("text", SYNTHETIC_FIRST_TURN);
            contents.insert(0, first);
        }
        contents.forEach(OpenAiToGeminiRequest::placeholderSignature);
        return contents;
    }

    private static void userParts(JsonNode content, String param, Map<String, MediaFetch> fetched, ArrayNode parts) {
        JsonNode all = ChatRequests.parts(content, param);
        for (int j = 0; j < all.size(); j++) {
            JsonNode part = all.get(j);
            String partParam = param + "[" + j + "]";
            switch (part.path("type").asText()) {
                case "text" -> {
                    if (!part.path("text").asText().isEmpty()) {
                        parts.addObject().put("text", part.path("text").asText());
                    }
                }
                case "image_url" -> parts.add(image(part.path("image_url").path("url").asText(""), partParam, fetched));
                case "input_audio" -> {
                    String format = part.path("input_audio").path("format").asText("wav");
                    parts.add(inline("audio/" + (format.equals("mp3") ? "mp3" : format),
                            part.path("input_audio").path("data").asText()));
                }
                case "file" -> {
                    if (part.path("file").has("file_id")) {
                        throw new TranslationException("Provider file ids cannot be sent to another provider; send file_data.",
                                partParam + ".file.file_id");
                    }
                    DataUrl data = DataUrl.parse(part.path("file").path("file_data").asText(""), partParam + ".file.file_data");
                    if (data == null) {
                        throw new TranslationException("Files must be base64 data URLs.", partParam + ".file.file_data");
                    }
                    parts.add(inline(data.mediaType(), data.base64()));
                }
                default -> throw new TranslationException("Content parts of type '" + part.path("type").asText()
                        + "' cannot be sent to Gemini.", partParam);
            }
        }
    }

    private static ObjectNode image(String url, String param, Map<String, MediaFetch> fetched) {
        InlineImage image = InlineImage.of(url, param, fetched);
        return inline(image.mediaType(), image.base64());
    }

    private static ObjectNode inline(String mimeType, String base64) {
        ObjectNode part = ProviderJson.object();
        part.putObject("inlineData").put("mimeType", mimeType).put("data", base64);
        return part;
    }

    private static void modelParts(JsonNode message, String param, ArrayNode parts) {
        String text = ChatRequests.text(message.path("content"), param + ".content");
        if (!text.isEmpty()) {
            parts.addObject().put("text", text);
        }
        JsonNode calls = message.path("tool_calls");
        for (int j = 0; j < calls.size(); j++) {
            JsonNode call = calls.get(j);
            ObjectNode part = parts.addObject();
            ObjectNode functionCall = part.putObject("functionCall");
            functionCall.put("name", call.path("function").path("name").asText());
            functionCall.set("args", ChatRequests.arguments(call, param + ".tool_calls[" + j + "]"));
            JsonNode signature = call.path("extra_content").path("google").path("thought_signature");
            if (signature.isTextual()) {
                part.put("thoughtSignature", signature.asText());
            }
        }
    }

    /** Gemini 3 refuses function calls without a signature in the current turn; history from elsewhere has none. */
    private static void placeholderSignature(JsonNode content) {
        if (!content.path("role").asText().equals("model")) {
            return;
        }
        ObjectNode firstCall = null;
        for (JsonNode part : content.path("parts")) {
            if (part.has("functionCall")) {
                if (part.has("thoughtSignature")) {
                    return;
                }
                firstCall = firstCall == null ? (ObjectNode) part : firstCall;
            }
        }
        if (firstCall != null) {
            firstCall.put("thoughtSignature", SIGNATURE_PLACEHOLDER);
        }
    }

    private static ObjectNode functionResponse(JsonNode messages, int index, String param) {
        JsonNode message = messages.get(index);
        String id = message.path("tool_call_id").asText("");
        String name = ChatRequests.toolName(messages, index, id);
        if (name == null) {
            throw new TranslationException("No earlier assistant tool call has the id '" + id + "'.", param + ".tool_call_id");
        }
        String text = ChatRequests.text(message.path("content"), param + ".content");
        ObjectNode response = ProviderJson.object().put("name", name);
        response.set("response", resultObject(text));
        return response;
    }

    private static JsonNode resultObject(String text) {
        ObjectNode parsed = ProviderJson.parseObject(text);
        return parsed != null ? parsed : ProviderJson.object().put("output", text);
    }

    private static void tools(JsonNode request, ObjectNode body) {
        List<JsonNode> functions = ChatRequests.functions(request);
        if (functions.isEmpty()) {
            return;
        }
        JsonNode choice = request.path("tool_choice");
        String mode = null;
        List<String> allowedNames = new ArrayList<>();
        Set<String> declared = null;
        if (choice.isTextual()) {
            mode = switch (choice.asText()) {
                case "auto" -> "AUTO";
                case "none" -> "NONE";
                case "required" -> "ANY";
                default -> throw new TranslationException("Unknown tool_choice '" + choice.asText() + "'.", "tool_choice");
            };
        } else if (choice.path("type").asText().equals("function")) {
            mode = "ANY";
            allowedNames.add(choice.path("function").path("name").asText());
        } else if (choice.path("type").asText().equals("allowed_tools")) {
            JsonNode allowed = choice.path("allowed_tools");
            Set<String> names = new HashSet<>();
            allowed.path("tools").forEach(tool -> names.add(tool.path("function").path("name").asText()));
            if (allowed.path("mode").asText("auto").equals("required")) {
                mode = "ANY";
                allowedNames.addAll(names);
            } else {
                mode = "AUTO";
                declared = names;
            }
        } else if (!choice.isMissingNode() && !choice.isNull()) {
            throw new TranslationException("Unsupported tool_choice.", "tool_choice");
        }
        ArrayNode declarations = body.putArray("tools").addObject().putArray("functionDeclarations");
        for (JsonNode function : functions) {
            String name = function.path("name").asText();
            if (declared != null && !declared.contains(name)) {
                continue;
            }
            ObjectNode declaration = declarations.addObject().put("name", name);
            if (function.hasNonNull("description")) {
                declaration.put("description", function.get("description").asText());
            }
            if (function.path("parameters").isObject() && !function.get("parameters").path("properties").isEmpty()) {
                declaration.set("parameters", GeminiSchema.sanitize(function.get("parameters")));
            }
        }
        if (mode != null) {
            ObjectNode config = body.putObject("toolConfig").putObject("functionCallingConfig").put("mode", mode);
            if (!allowedNames.isEmpty()) {
                ArrayNode names = config.putArray("allowedFunctionNames");
                allowedNames.forEach(names::add);
            }
        }
    }

    private static ObjectNode generationConfig(JsonNode request) {
        ObjectNode config = ProviderJson.object();
        Integer max = ChatRequests.maxOutputTokens(request);
        if (max != null) {
            config.put("maxOutputTokens", max);
        }
        List<String> stop = ChatRequests.stopSequences(request);
        if (!stop.isEmpty()) {
            ArrayNode sequences = config.putArray("stopSequences");
            stop.forEach(sequences::add);
        }
        copyNumber(request, "temperature", config, "temperature");
        copyNumber(request, "top_p", config, "topP");
        copyNumber(request, "top_k", config, "topK");
        copyNumber(request, "seed", config, "seed");
        copyNumber(request, "presence_penalty", config, "presencePenalty");
        copyNumber(request, "frequency_penalty", config, "frequencyPenalty");
        if (request.path("n").asInt(1) > 1) {
            config.put("candidateCount", request.get("n").asInt());
        }
        if (request.path("logprobs").asBoolean(false)) {
            config.put("responseLogprobs", true);
            copyNumber(request, "top_logprobs", config, "logprobs");
        }
        JsonNode format = request.path("response_format");
        switch (format.path("type").asText("text")) {
            case "json_object" -> config.put("responseMimeType", "application/json");
            case "json_schema" -> {
                config.put("responseMimeType", "application/json");
                config.set("responseJsonSchema", format.path("json_schema").path("schema"));
            }
            default -> {
            }
        }
        int budget = switch (request.path("reasoning_effort").asText("")) {
            case "none" -> 0;
            case "minimal", "low" -> 1024;
            case "medium" -> 8192;
            case "high", "xhigh", "max" -> 24576;
            default -> -1;
        };
        if (budget >= 0) {
            config.putObject("thinkingConfig").put("thinkingBudget", budget);
        }
        return config;
    }

    private static void copyNumber(JsonNode request, String from, ObjectNode config, String to) {
        if (request.path(from).isNumber()) {
            config.set(to, request.get(from));
        }
    }
}
