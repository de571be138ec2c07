package io.gatehouse.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.provider.ProviderJson;

/**
 * OpenAI Chat Completion (the hub form every provider's answer is translated to) → OpenAI Responses {@code response}
 * object: the first choice's text becomes one assistant message item (a refusal its {@code refusal} part), each tool
 * call a {@code function_call} item after it; {@code length} and {@code content_filter} stops make the response
 * {@code incomplete}; usage takes the Responses names.
 */
public final class OpenAiToResponsesResponse {
    private final ResponsesEnvelope envelope;

    public OpenAiToResponsesResponse(ResponsesEnvelope envelope) {
        this.envelope = envelope;
    }

    public byte[] translate(byte[] chatAnswer) {
        return ProviderJson.write(response(ProviderJson.read(chatAnswer)));
    }

    public ObjectNode response(JsonNode chat) {
        ObjectNode response = envelope.response("in_progress", chat.path("model").asText(""));
        ArrayNode output = (ArrayNode) response.get("output");
        JsonNode choice = chat.path("choices").path(0);
        JsonNode message = choice.path("message");
        String text = message.path("content").isTextual() ? message.path("content").asText() : null;
        if (text != null && !text.isEmpty() || message.path("refusal").isTextual()) {
            ObjectNode item = envelope.message("completed", text == null || text.isEmpty() ? null : text);
            if (message.path("refusal").isTextual()) {
                ((ArrayNode) item.get("content")).addObject().put("type", "refusal")
                        .put("refusal", message.path("refusal").asText());
            }
            output.add(item);
        }
        for (JsonNode call : message.path("tool_calls")) {
            output.add(envelope.functionCall("completed", call.path("id").asText(),
                    call.path("function").path("name").asText(), call.path("function").path("arguments").asText("")));
        }
        ResponsesEnvelope.finish(response, choice.path("finish_reason").asText(null), chat.get("usage"));
        return response;
    }
}
