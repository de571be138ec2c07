package io.gatehouse.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.provider.IdGenerator;
import io.gatehouse.provider.ProviderJson;

/**
 * The Responses API's {@code response} object around translated output, shared by the whole answer and the stream's
 * {@code response.created}/{@code response.completed} events: the id and creation time, the request's settings
 * echoed as OpenAI echoes them (defaults filled in), the status, the output items and the usage in the Responses
 * convention ({@code input_tokens_details.cached_tokens}, {@code output_tokens_details.reasoning_tokens}).
 *
 * @param request   the client's Responses request
 * @param id        the response's id ({@code resp_…})
 * @param createdAt seconds since the epoch
 * @param ids       where the output items' ids come from
 */
public record ResponsesEnvelope(JsonNode request, String id, long createdAt, IdGenerator ids) {

    /** The response object with no output yet, {@code status} {@code in_progress} (or as given). */
    public ObjectNode response(String status, String model) {
        ObjectNode response = ProviderJson.object();
        response.put("id", id).put("object", "response").put("created_at", createdAt).put("status", status)
                .put("background", false).putNull("error").putNull("incomplete_details");
        echo(response, "instructions", null);
        echo(response, "max_output_tokens", null);
        response.put("model", model);
        response.putArray("output");
        response.put("parallel_tool_calls", request.path("parallel_tool_calls").asBoolean(true));
        echo(response, "previous_response_id", null);
        ObjectNode reasoning = response.putObject("reasoning");
        reasoning.set("effort", orNull(request.path("reasoning").path("effort")));
        // No summary is produced (the providers are reached through chat completions, which carry no reasoning text),
        // so the answer says none rather than echoing the one asked for.
        reasoning.putNull("summary");
        response.put("store", request.path("store").asBoolean(true));
        response.set("temperature", request.path("temperature").isNumber() ? request.get("temperature")
                : ProviderJson.NODES.numberNode(1.0));
        ObjectNode text = response.putObject("text");
        text.set("format", request.path("text").path("format").isObject() ? request.path("text").path("format")
                : ProviderJson.object().put("type", "text"));
        response.set("tool_choice", request.has("tool_choice") ? request.get("tool_choice")
                : ProviderJson.NODES.textNode("auto"));
        response.set("tools", request.path("tools").isArray() ? request.get("tools") : ProviderJson.NODES.arrayNode());
        response.set("top_p", request.path("top_p").isNumber() ? request.get("top_p") : ProviderJson.NODES.numberNode(1.0));
        response.put("truncation", "disabled");
        response.putNull("usage");
        echo(response, "user", null);
        response.set("metadata", request.path("metadata").isObject() ? request.get("metadata") : ProviderJson.object());
        return response;
    }

    /** Marks {@code response} finished: completed, or incomplete for a length or content-filter stop. */
    public static void finish(ObjectNode response, String finishReason, JsonNode chatUsage) {
        String incomplete = switch (finishReason == null ? "" : finishReason) {
            case "length" -> "max_output_tokens";
            case "content_filter" -> "content_filter";
            default -> null;
        };
        response.put("status", incomplete == null ? "completed" : "incomplete");
        if (incomplete != null) {
            response.putObject("incomplete_details").put("reason", incomplete);
        }
        if (chatUsage != null && chatUsage.isObject()) {
            response.set("usage", usage(chatUsage));
        }
    }

    /** Chat usage → Responses usage. */
    static ObjectNode usage(JsonNode chat) {
        ObjectNode usage = ProviderJson.object();
        long input = chat.path("prompt_tokens").asLong();
        long output = chat.path("completion_tokens").asLong();
        usage.put("input_tokens", input);
        usage.putObject("input_tokens_details").put("cached_tokens",
                chat.path("prompt_tokens_details").path("cached_tokens").asLong());
        usage.put("output_tokens", output);
        usage.putObject("output_tokens_details").put("reasoning_tokens",
                chat.path("completion_tokens_details").path("reasoning_tokens").asLong());
        usage.put("total_tokens", chat.path("total_tokens").asLong(input + output));
        return usage;
    }

    /** An assistant message item holding one text part (empty until the text is known). */
    ObjectNode message(String status, String text) {
        ObjectNode item = ProviderJson.object().put("id", ids.next("msg_")).put("type", "message")
                .put("status", status).put("role", "assistant");
        ArrayNode content = item.putArray("content");
        if (text != null) {
            content.add(textPart(text));
        }
        return item;
    }

    static ObjectNode textPart(String text) {
        ObjectNode part = ProviderJson.object().put("type", "output_text").put("text", text);
        part.putArray("annotations");
        part.putArray("logprobs");
        return part;
    }

    /** A {@code function_call} item. */
    ObjectNode functionCall(String status, String callId, String name, String arguments) {
        return ProviderJson.object().put("id", ids.next("fc_")).put("type", "function_call").put("status", status)
                .put("arguments", arguments).put("call_id", callId).put("name", name);
    }

    private void echo(ObjectNode response, String field, JsonNode fallback) {
        JsonNode value = request.path(field);
        response.set(field, value.isMissingNode() ? (fallback == null ? ProviderJson.NODES.nullNode() : fallback) : value);
    }

    private static JsonNode orNull(JsonNode value) {
        return value.isMissingNode() ? ProviderJson.NODES.nullNode() : value;
    }
}
