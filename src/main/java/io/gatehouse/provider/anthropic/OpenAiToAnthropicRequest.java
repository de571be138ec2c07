package io.gatehouse.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.provider.ChatRequests;
import io.gatehouse.provider.DataUrl;
import io.gatehouse.provider.FieldTypes;
import io.gatehouse.provider.Header;
import io.gatehouse.provider.ProviderJson;
import io.gatehouse.provider.ToolCallIds;
import io.gatehouse.provider.TranslationException;
import io.gatehouse.provider.UpstreamRequest;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * OpenAI Chat Completions request → Anthropic Messages request (MAPPING §2). Choices made here, each tested:
 * system/developer messages are hoisted in order; tool results of one assistant turn go into one user message,
 * before any user text; empty text never becomes a block; tool ids are sanitised the same way everywhere;
 * {@code temperature} above 1 is clamped to 1; a trailing assistant message is forwarded as a prefill;
 * {@code reasoning_effort} becomes {@code thinking} except inside a tool loop whose thinking blocks we cannot replay;
 * {@code response_format: json_schema} uses {@code output_config.format}, {@code json_object} an instruction in the
 * system prompt. Refused with 400: {@code n > 1}, audio parts, provider file ids, non-function tools, thinking
 * together with a forced tool choice.
 */
public final class OpenAiToAnthropicRequest {
    private static final Set<String> IMAGE_TYPES = Set.of("image/jpeg", "image/png", "image/gif", "image/webp");
    private static final String JSON_OBJECT_INSTRUCTION =
            "Respond with a single valid JSON object and nothing else.";

    private final AnthropicOptions options;

    public OpenAiToAnthropicRequest(AnthropicOptions options) {
        this.options = options;
    }

    /** {@code POST /v1/messages} for the configuration's base endpoint ({@code https://api.anthropic.com}). */
    public UpstreamRequest translate(JsonNode request, String upstreamModel) {
        ObjectNode body = body(request, upstreamModel);
        boolean stream = body.path("stream").asBoolean(false);
        return UpstreamRequest.post("/v1/messages", List.of(
                Header.of("content-type", "application/json"),
                Header.of("accept", stream ? "text/event-stream" : "application/json"),
                Header.of("anthropic-version", options.anthropicVersion())), ProviderJson.write(body));
    }

    /** The Messages request body. */
    public ObjectNode body(JsonNode request, String upstreamModel) {
        FieldTypes.OPENAI_CHAT_TRANSLATED.check(request);
        if (request.path("n").asInt(1) > 1) {
            throw new TranslationException("Anthropic returns one choice per request; 'n' must be 1.", "n");
        }
        JsonNode messages = ChatRequests.messages(request);
        ObjectNode body = ProviderJson.object();
        body.put("model", upstreamModel);
        Integer maxTokens = ChatRequests.maxOutputTokens(request);
        int max = maxTokens != null ? maxTokens : options.maxTokens().forModel(upstreamModel);
        body.put("max_tokens", max);

        List<String> system = new ArrayList<>(ChatRequests.systemTexts(messages));
        String responseFormat = request.path("response_format").path("type").asText("text");
        if (responseFormat.equals("json_object")) {
            system.add(JSON_OBJECT_INSTRUCTION);
        }
        if (system.size() == 1) {
            body.put("system", system.getFirst());
        } else if (!system.isEmpty()) {
            ArrayNode blocks = body.putArray("system");
            system.forEach(text -> blocks.addObject().put("type", "text").put("text", text));
        }
        body.set("messages", messages(messages));

        ObjectNode thinking = thinking(request, messages, max);
        tools(request, body, thinking != null);
        List<String> stop = ChatRequests.stopSequences(request);
        if (!stop.isEmpty()) {
            ArrayNode sequences = body.putArray("stop_sequences");
            stop.forEach(sequences::add);
        }
        if (thinking != null) {
            body.set("thinking", thinking);
        } else {
            // Anthropic takes 0–1; OpenAI clients send up to 2. Clamped, not refused (documented in docs/providers.md).
            if (request.path("temperature").isNumber()) {
                body.put("temperature", Math.min(1.0, request.get("temperature").asDouble()));
            }
            if (request.path("top_k").isIntegralNumber()) {
                body.put("top_k", request.get("top_k").asInt());
            }
        }
        if (request.path("top_p").isNumber()) {
            body.put("top_p", request.get("top_p").asDouble());
        }
        if (responseFormat.equals("json_schema")) {
            JsonNode schema = request.path("response_format").path("json_schema").path("schema");
            if (!schema.isObject()) {
                throw new TranslationException("'response_format.json_schema.schema' must be an object.",
                        "response_format.json_schema.schema");
            }
            body.putObject("output_config").putObject("format").put("type", "json_schema").set("schema", schema);
        }
        String user = request.path("safety_identifier").asText(request.path("user").asText(""));
        if (!user.isEmpty()) {
            body.putObject("metadata").put("user_id", user);
        }
        if (request.path("stream").asBoolean(false)) {
            body.put("stream", true);
        }
        return body;
    }

    private ObjectNode thinking(JsonNode request, JsonNode messages, int maxTokens) {
        int budget = switch (request.path("reasoning_effort").asText("")) {
            case "low" -> 1024;
            case "medium" -> 4096;
            case "high" -> 16384;
            case "xhigh", "max" -> 32768;
            default -> 0; // absent, none, minimal: no extended thinking
        };
        // Inside a tool loop the assistant turn must start with its thinking block, which an OpenAI-shaped history
        // cannot carry: think again on the next user turn instead (PITFALLS 26). Budgets need 1024 ≤ budget < max_tokens.
        if (budget == 0 || ChatRequests.toolLoopInFlight(messages) || maxTokens <= 1024) {
            return null;
        }
        ObjectNode thinking = ProviderJson.object();
        thinking.put("type", "enabled").put("budget_tokens", Math.min(budget, maxTokens - 1));
        return thinking;
    }

    private ArrayNode messages(JsonNode messages) {
        ArrayNode out = ProviderJson.NODES.arrayNode();
        for (int i = 0; i < messages.size(); i++) {
            JsonNode message = messages.get(i);
            String param = "messages[" + i + "]";
            switch (message.path("role").asText()) {
                case "system", "developer" -> {
                    // hoisted into "system"
                }
                case "user" -> append(out, "user", userContent(message.path("content"), param + ".content"));
                case "assistant" -> {
                    ArrayNode blocks = assistantBlocks(message, param);
                    if (!blocks.isEmpty()) {
                        append(out, "assistant", blocks);
                    }
                }
                case "tool" -> append(out, "user", toolResult(message, param));
                default -> throw new TranslationException("Unsupported message role '" + message.path("role").asText()
                        + "'.", param + ".role");
            }
        }
        return out;
    }

    /** Adds a message, merging it into the previous one when the role repeats (Anthropic alternates roles). */
    private static void append(ArrayNode out, String role, JsonNode content) {
        if (content.isArray() && content.isEmpty() || content.isTextual() && content.asText().isEmpty()) {
            return;
        }
        JsonNode last = out.isEmpty() ? null : out.get(out.size() - 1);
        if (last != null && last.path("role").asText().equals(role)) {
            ArrayNode merged = asBlocks(last.get("content"));
            merged.addAll(asBlocks(content));
            ((ObjectNode) last).set("content", merged);
            return;
        }
        ObjectNode message = out.addObject();
        message.put("role", role);
        message.set("content", content);
    }

    private static ArrayNode asBlocks(JsonNode content) {
        if (content.isArray()) {
            return ((ArrayNode) content).deepCopy();
        }
        ArrayNode blocks = ProviderJson.NODES.arrayNode();
        blocks.addObject().put("type", "text").put("text", content.asText());
        return blocks;
    }

    private static JsonNode userContent(JsonNode content, String param) {
        if (content.isTextual()) {
            return content;
        }
        if (!content.isArray()) {
            throw new TranslationException("Message content must be a string or an array of parts.", param);
        }
        ArrayNode blocks = ProviderJson.NODES.arrayNode();
        for (int j = 0; j < content.size(); j++) {
            JsonNode part = content.get(j);
            String partParam = param + "[" + j + "]";
            switch (part.path("type").asText()) {
                case "text" -> addText(blocks, part.path("text").asText());
                case "image_url" -> blocks.add(image(part.path("image_url").path("url").asText(""), partParam));
                case "file" -> blocks.add(document(part.path("file"), partParam));
                default -> throw new TranslationException("Content parts of type '" + part.path("type").asText()
                        + "' cannot be sent to Anthropic.", partParam);
            }
        }
        return blocks;
    }

    private static ObjectNode image(String url, String param) {
        ObjectNode block = ProviderJson.object().put("type", "image");
        DataUrl data = DataUrl.parse(url, param + ".image_url.url");
        if (data != null) {
            if (!IMAGE_TYPES.contains(data.mediaType())) {
                throw new TranslationException("Anthropic accepts JPEG, PNG, GIF and WebP images, not "
                        + data.mediaType() + ".", param + ".image_url.url");
            }
            block.putObject("source").put("type", "base64").put("media_type", data.mediaType()).put("data", data.base64());
        } else if (DataUrl.isHttp(url)) {
            block.putObject("source").put("type", "url").put("url", url);
        } else {
            throw new TranslationException("Image URLs must be https:// or data: URLs.", param + ".image_url.url");
        }
        return block;
    }

    private static ObjectNode document(JsonNode file, String param) {
        if (file.has("file_id")) {
            throw new TranslationException("Provider file ids cannot be sent to another provider; send file_data.",
                    param + ".file.file_id");
        }
        DataUrl data = DataUrl.parse(file.path("file_data").asText(""), param + ".file.file_data");
        if (data == null || !data.mediaType().equals("application/pdf")) {
            throw new TranslationException("Anthropic accepts files as base64 PDF data URLs.", param + ".file.file_data");
        }
        ObjectNode block = ProviderJson.object().put("type", "document");
        block.putObject("source").put("type", "base64").put("media_type", data.mediaType()).put("data", data.base64());
        return block;
    }

    private static ArrayNode assistantBlocks(JsonNode message, String param) {
        ArrayNode blocks = ProviderJson.NODES.arrayNode();
        addText(blocks, ChatRequests.text(message.path("content"), param + ".content"));
        JsonNode calls = message.path("tool_calls");
        Set<String> ids = new HashSet<>();
        for (int j = 0; j < calls.size(); j++) {
            JsonNode call = calls.get(j);
            String callParam = param + ".tool_calls[" + j + "]";
            String id = ToolCallIds.sanitize(call.path("id").asText(""));
            if (!ids.add(id)) {
                throw new TranslationException("Tool-call ids must be unique within a message.", callParam + ".id");
            }
            ObjectNode use = blocks.addObject().put("type", "tool_use").put("id", id)
                    .put("name", call.path("function").path("name").asText());
            use.set("input", ChatRequests.arguments(call, callParam));
        }
        return blocks;
    }

    private static ArrayNode toolResult(JsonNode message, String param) {
        ArrayNode blocks = ProviderJson.NODES.arrayNode();
        ObjectNode result = blocks.addObject().put("type", "tool_result")
                .put("tool_use_id", ToolCallIds.sanitize(message.path("tool_call_id").asText("")));
        result.put("content", ChatRequests.text(message.path("content"), param + ".content"));
        return blocks;
    }

    private static void addText(ArrayNode blocks, String text) {
        if (!text.isEmpty()) {
            blocks.addObject().put("type", "text").put("text", text);
        }
    }

    private static void tools(JsonNode request, ObjectNode body, boolean thinking) {
        List<JsonNode> functions = ChatRequests.functions(request);
        if (functions.isEmpty()) {
            return;
        }
        JsonNode choice = request.path("tool_choice");
        Set<String> allowed = null;
        String type = "auto";
        String name = null;
        if (choice.isTextual()) {
            type = switch (choice.asText()) {
                case "none" -> "none";
                case "required" -> "any";
                case "auto" -> "auto";
                default -> throw new TranslationException("Unknown tool_choice '" + choice.asText() + "'.", "tool_choice");
            };
        } else if (choice.path("type").asText().equals("function")) {
            type = "tool";
            name = choice.path("function").path("name").asText();
        } else if (choice.path("type").asText().equals("allowed_tools")) {
            JsonNode allowedTools = choice.path("allowed_tools");
            type = allowedTools.path("mode").asText("auto").equals("required") ? "any" : "auto";
            allowed = new HashSet<>();
            for (JsonNode tool : allowedTools.path("tools")) {
                allowed.add(tool.path("function").path("name").asText());
            }
        } else if (!choice.isMissingNode() && !choice.isNull()) {
            throw new TranslationException("Unsupported tool_choice.", "tool_choice");
        }
        if (thinking && (type.equals("any") || type.equals("tool"))) {
            throw new TranslationException("Anthropic cannot think (reasoning_effort) while a tool choice forces tool use;"
                    + " drop reasoning_effort or use tool_choice 'auto'.", "tool_choice");
        }
        ArrayNode tools = body.putArray("tools");
        for (JsonNode function : functions) {
            String functionName = function.path("name").asText();
            if (allowed != null && !allowed.contains(functionName)) {
                continue;
            }
            ObjectNode tool = tools.addObject().put("name", functionName);
            if (function.hasNonNull("description")) {
                tool.put("description", function.get("description").asText());
            }
            JsonNode parameters = function.path("parameters");
            tool.set("input_schema", parameters.isObject() ? parameters
                    : ProviderJson.object().put("type", "object").set("properties", ProviderJson.object()));
            if (function.path("strict").isBoolean()) {
                tool.put("strict", function.get("strict").asBoolean());
            }
        }
        JsonNode parallel = request.path("parallel_tool_calls");
        if (choice.isMissingNode() && !parallel.isBoolean() && allowed == null) {
            return; // absent means auto
        }
        ObjectNode toolChoice = body.putObject("tool_choice").put("type", type);
        if (name != null) {
            toolChoice.put("name", name);
        }
        if (parallel.isBoolean() && !type.equals("none")) {
            toolChoice.put("disable_parallel_tool_use", !parallel.asBoolean());
        }
    }
}
