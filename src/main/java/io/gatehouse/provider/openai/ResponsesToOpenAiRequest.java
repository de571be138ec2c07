package io.gatehouse.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.provider.ProviderJson;
import io.gatehouse.provider.TranslationException;

import java.util.Set;

/**
 * OpenAI Responses request ({@code POST /v1/responses}) → OpenAI Chat Completions request, the gateway's hub form:
 * from there every provider's chat plan takes it. {@code instructions} becomes the first system message; input items
 * become messages (a run of {@code function_call} items one assistant turn with its tool calls, each
 * {@code function_call_output} a tool message); {@code input_text}/{@code output_text} parts become text parts,
 * {@code input_image} an image part, {@code input_file} with inline data a file part; function tools and
 * {@code tool_choice} take the chat shape; {@code text.format} becomes {@code response_format}; {@code reasoning.effort}
 * becomes {@code reasoning_effort}; {@code max_output_tokens} becomes {@code max_completion_tokens}. A stream always
 * asks for usage (the final event carries it). Earlier {@code reasoning} items are dropped: only the provider that
 * made them could read them. Anything else the chat form cannot carry — built-in tools, file ids, background mode,
 * server-side conversations — is refused with a 400 naming the field.
 */
public final class ResponsesToOpenAiRequest {
    /** The request fields read here or by the gateway ({@code store}, {@code previous_response_id}, {@code metadata}). */
    private static final Set<String> KNOWN = Set.of("model", "input", "instructions", "stream", "tools", "tool_choice",
            "parallel_tool_calls", "text", "reasoning", "max_output_tokens", "temperature", "top_p", "user", "store",
            "previous_response_id", "metadata", "truncation", "include", "service_tier", "stream_options");

    private ResponsesToOpenAiRequest() {
    }

    /**
     * @param request the client's Responses request
     * @param earlier the input and output items of the conversation {@code previous_response_id} names (empty when
     *                none), placed before the request's own input
     */
    public static ObjectNode translate(JsonNode request, ArrayNode earlier) {
        request.properties().forEach(p -> {
            if (!KNOWN.contains(p.getKey())) {
                throw new TranslationException("'" + p.getKey() + "' is not supported by Gatehouse's Responses endpoint"
                        + " (docs/api.md lists what is).", p.getKey());
            }
        });
        refuseUnsupported(request);
        ObjectNode chat = ProviderJson.object();
        copy(request, "model", chat, "model", request.path("model"));
        ArrayNode messages = chat.putArray("messages");
        if (request.path("instructions").isTextual()) {
            messages.addObject().put("role", "system").put("content", request.path("instructions").asText());
        }
        items(messages, earlier, "previous_response_id");
        JsonNode input = request.path("input");
        if (input.isTextual()) {
            messages.addObject().put("role", "user").put("content", input.asText());
        } else if (input.isArray()) {
            items(messages, input, "input");
        } else if (!input.isMissingNode() && !input.isNull()) {
            throw new TranslationException("'input' must be a string or an array of input items.", "input");
        }
        if (messages.isEmpty()) {
            throw new TranslationException("'input' is required: a string or an array of input items.", "input");
        }
        tools(chat, request);
        format(chat, request.path("text").path("format"));
        copy(request, "reasoning", chat, "reasoning_effort", request.path("reasoning").path("effort"));
        copy(request, "max_output_tokens", chat, "max_completion_tokens", request.path("max_output_tokens"));
        for (String same : new String[]{"temperature", "top_p", "user", "parallel_tool_calls", "service_tier"}) {
            copy(request, same, chat, same, request.path(same));
        }
        if (request.path("stream").asBoolean(false)) {
            chat.put("stream", true);
            chat.putObject("stream_options").put("include_usage", true);
        }
        return chat;
    }

    private static void refuseUnsupported(JsonNode request) {
        if (request.has("truncation") && !request.path("truncation").asText().equals("disabled")) {
            throw new TranslationException("Only 'truncation': 'disabled' is supported: Gatehouse does not cut a"
                    + " conversation to fit the context.", "truncation");
        }
        if (!request.path("include").isEmpty()) {
            throw new TranslationException("'include' is not supported: Gatehouse's answers carry no extra output"
                    + " data to include.", "include");
        }
    }

    private static void copy(JsonNode request, String from, ObjectNode chat, String to, JsonNode value) {
        if (request.has(from) && !value.isMissingNode() && !value.isNull()) {
            chat.set(to, value);
        }
    }

    private static void items(ArrayNode messages, JsonNode items, String param) {
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            String at = param + "." + i;
            String type = item.path("type").asText(item.has("role") ? "message" : "");
            switch (type) {
                case "message" -> messages.add(message(item, at));
                case "function_call" -> functionCall(messages, item, at);
                case "function_call_output" -> messages.addObject().put("role", "tool")
                        .put("tool_call_id", required(item, "call_id", at)).put("content", output(item.path("output"), at));
                case "reasoning" -> { }
                default -> throw new TranslationException("Input items of type '" + type + "' are not supported"
                        + " (messages, function_call and function_call_output are).", at + ".type");
            }
        }
    }

    private static ObjectNode message(JsonNode item, String at) {
        String role = item.path("role").asText();
        if (!Set.of("user", "assistant", "system", "developer").contains(role)) {
            throw new TranslationException("A message's role must be user, assistant, system or developer.", at + ".role");
        }
        ObjectNode message = ProviderJson.object().put("role", role);
        JsonNode content = item.path("content");
        if (content.isTextual()) {
            return message.put("content", content.asText());
        }
        if (!content.isArray()) {
            throw new TranslationException("A message's content must be a string or an array of parts.", at + ".content");
        }
        boolean textOnly = !role.equals("user");
        ArrayNode parts = ProviderJson.NODES.arrayNode();
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < content.size(); i++) {
            JsonNode part = content.get(i);
            String partAt = at + ".content." + i;
            switch (part.path("type").asText()) {
                case "input_text", "output_text" -> {
                    parts.addObject().put("type", "text").put("text", part.path("text").asText());
                    text.append(part.path("text").asText());
                }
                case "refusal" -> message.put("refusal", part.path("refusal").asText());
                case "input_image" -> {
                    if (textOnly || !part.path("image_url").isTextual()) {
                        throw new TranslationException("Images are read in user messages, as 'image_url' (a URL or a"
                                + " data URL); file ids are not supported.", partAt);
                    }
                    ObjectNode url = parts.addObject().put("type", "image_url").putObject("image_url")
                            .put("url", part.path("image_url").asText());
                    if (part.path("detail").isTextual()) {
                        url.put("detail", part.path("detail").asText());
                    }
                }
                case "input_file" -> {
                    if (textOnly || !part.path("file_data").isTextual()) {
                        throw new TranslationException("Files are read in user messages, as inline 'file_data'; file"
                                + " ids and URLs are not supported.", partAt);
                    }
                    ObjectNode file = parts.addObject().put("type", "file").putObject("file")
                            .put("file_data", part.path("file_data").asText());
                    if (part.path("filename").isTextual()) {
                        file.put("filename", part.path("filename").asText());
                    }
                }
                default -> throw new TranslationException("Content parts of type '" + part.path("type").asText()
                        + "' are not supported.", partAt + ".type");
            }
        }
        if (textOnly) {
            message.put("content", text.toString());
        } else {
            message.set("content", parts);
        }
        return message;
    }

    /** A function call joins the assistant turn just before it, or starts one. */
    private static void functionCall(ArrayNode messages, JsonNode item, String at) {
        JsonNode last = messages.isEmpty() ? null : messages.get(messages.size() - 1);
        ObjectNode turn = last != null && last.path("role").asText().equals("assistant")
                ? (ObjectNode) last : messages.addObject().put("role", "assistant").putNull("content");
        ArrayNode calls = turn.has("tool_calls") ? (ArrayNode) turn.get("tool_calls") : turn.putArray("tool_calls");
        ObjectNode call = calls.addObject().put("id", required(item, "call_id", at)).put("type", "function");
        call.putObject("function").put("name", required(item, "name", at))
                .put("arguments", item.path("arguments").asText("{}"));
    }

    /** A function's output: a string, or text parts (joined). */
    private static String output(JsonNode output, String at) {
        if (output.isTextual()) {
            return output.asText();
        }
        StringBuilder text = new StringBuilder();
        for (JsonNode part : output) {
            if (!part.path("type").asText().equals("input_text")) {
                throw new TranslationException("A function call's output must be a string or input_text parts.",
                        at + ".output");
            }
            text.append(part.path("text").asText());
        }
        return text.toString();
    }

    private static String required(JsonNode item, String field, String at) {
        if (!item.path(field).isTextual() || item.path(field).asText().isEmpty()) {
            throw new TranslationException("'" + field + "' is required here.", at + "." + field);
        }
        return item.path(field).asText();
    }

    private static void tools(ObjectNode chat, JsonNode request) {
        JsonNode tools = request.path("tools");
        if (!tools.isEmpty()) {
            ArrayNode out = chat.putArray("tools");
            for (int i = 0; i < tools.size(); i++) {
                JsonNode tool = tools.get(i);
                if (!tool.path("type").asText().equals("function")) {
                    throw new TranslationException("Only function tools are supported; '" + tool.path("type").asText()
                            + "' is a tool the provider would run, which Gatehouse does not offer.", "tools." + i + ".type");
                }
                ObjectNode function = out.addObject().put("type", "function").putObject("function");
                function.put("name", required(tool, "name", "tools." + i));
                for (String field : new String[]{"description", "parameters", "strict"}) {
                    if (tool.has(field) && !tool.get(field).isNull()) {
                        function.set(field, tool.get(field));
                    }
                }
            }
        }
        JsonNode choice = request.path("tool_choice");
        if (choice.isTextual()) {
            chat.set("tool_choice", choice);
        } else if (choice.path("type").asText().equals("function")) {
            chat.putObject("tool_choice").put("type", "function").putObject("function")
                    .put("name", required(choice, "name", "tool_choice"));
        } else if (!choice.isMissingNode() && !choice.isNull()) {
            throw new TranslationException("'tool_choice' must be auto, none, required or a function.", "tool_choice");
        }
    }

    private static void format(ObjectNode chat, JsonNode format) {
        switch (format.path("type").asText("text")) {
            case "text" -> { }
            case "json_object" -> chat.putObject("response_format").put("type", "json_object");
            case "json_schema" -> {
                ObjectNode schema = chat.putObject("response_format").put("type", "json_schema")
                        .putObject("json_schema");
                schema.put("name", required(format, "name", "text.format"));
                for (String field : new String[]{"description", "schema", "strict"}) {
                    if (format.has(field) && !format.get(field).isNull()) {
                        schema.set(field, format.get(field));
                    }
                }
            }
            default -> throw new TranslationException("'text.format' must be text, json_object or json_schema.",
                    "text.format");
        }
    }
}
