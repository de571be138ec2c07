package io.gatehouse.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.provider.ErrorKind;
import io.gatehouse.provider.GatewayError;
import io.gatehouse.provider.ProviderJson;
import io.gatehouse.provider.SseStreamTranslator;
import io.gatehouse.provider.StreamEnd;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

/**
 * OpenAI chunk stream (the hub form every provider's stream is translated to) → OpenAI Responses events, each with
 * its {@code sequence_number}: {@code response.created} and {@code response.in_progress} first; then per output
 * item {@code response.output_item.added}, for a message {@code response.content_part.added},
 * {@code response.output_text.delta}… {@code response.output_text.done}, {@code response.content_part.done}, for a
 * tool call {@code response.function_call_arguments.delta}… {@code .done}, and {@code response.output_item.done};
 * last {@code response.completed} with the whole response and its usage. Items are written one after another: a new
 * one (text after a tool call, the next tool call) closes the one before. An error frame or a cut stream becomes an
 * {@code error} event. The response as completed is kept for the gateway's store ({@link #completed}).
 */
public final class OpenAiToResponsesStream extends SseStreamTranslator {
    private final ResponsesEnvelope envelope;
    private final Map<Integer, ObjectNode> toolsByIndex = new HashMap<>();
    private ObjectNode response;
    private ArrayNode output;
    private long sequence;
    /** The item being written (a message or a function call) and its text so far; null between items. */
    private ObjectNode open;
    private final StringBuilder openText = new StringBuilder();
    private String finishReason;
    private JsonNode usage;
    private ObjectNode completed;

    public OpenAiToResponsesStream(ResponsesEnvelope envelope) {
        this.envelope = envelope;
    }

    /** The response as {@code response.completed} carried it; null until the stream completed. */
    public ObjectNode completed() {
        return completed;
    }

    @Override
    protected void onFrame(String event, byte[] data, int length) {
        String text = new String(data, 0, length, StandardCharsets.UTF_8);
        if (text.trim().equals("[DONE]")) {
            done();
            return;
        }
        JsonNode chunk = ProviderJson.readLenient(text.getBytes(StandardCharsets.UTF_8));
        if (chunk.has("error")) {
            fail(StreamEnd.UPSTREAM_ERROR, OpenAiErrors.mapStreamError(text.getBytes(StandardCharsets.UTF_8)));
            return;
        }
        start(chunk.path("model").asText(""));
        if (chunk.path("usage").isObject()) {
            usage = chunk.get("usage");
        }
        for (JsonNode choice : chunk.path("choices")) {
            if (choice.path("index").asInt() != 0) {
                continue;
            }
            JsonNode delta = choice.path("delta");
            if (delta.path("content").isTextual() && !delta.path("content").asText().isEmpty()) {
                text(delta.path("content").asText());
            }
            for (JsonNode call : delta.path("tool_calls")) {
                toolCall(call);
            }
            if (choice.path("finish_reason").isTextual()) {
                finishReason = choice.path("finish_reason").asText();
            }
        }
    }

    private void start(String model) {
        if (response != null) {
            return;
        }
        response = envelope.response("in_progress", model);
        output = (ArrayNode) response.get("output");
        emit("response.created", event("response.created").set("response", response.deepCopy()));
        emit("response.in_progress", event("response.in_progress").set("response", response.deepCopy()));
    }

    private void text(String delta) {
        if (open == null || !open.path("type").asText().equals("message")) {
            close();
            open = envelope.message("in_progress", null);
            added();
            emit("response.content_part.added", part("response.content_part.added")
                    .set("part", ResponsesEnvelope.textPart("")));
        }
        openText.append(delta);
        emit("response.output_text.delta", part("response.output_text.delta").put("delta", delta)
                .set("logprobs", ProviderJson.NODES.arrayNode()));
    }

    private void toolCall(JsonNode call) {
        int index = call.path("index").asInt();
        ObjectNode tool = toolsByIndex.get(index);
        if (tool == null) {
            close();
            tool = envelope.functionCall("in_progress", call.path("id").asText(""),
                    call.path("function").path("name").asText(""), "");
            toolsByIndex.put(index, tool);
            open = tool;
            added();
        }
        String arguments = call.path("function").path("arguments").asText("");
        if (tool == open && !arguments.isEmpty()) {
            openText.append(arguments);
            emit("response.function_call_arguments.delta", event("response.function_call_arguments.delta")
                    .put("item_id", open.path("id").asText()).put("output_index", output.size()).put("delta", arguments));
        }
    }

    private void added() {
        emit("response.output_item.added", event("response.output_item.added").put("output_index", output.size())
                .set("item", open.deepCopy()));
    }

    /** Closes the item being written, with its done events. */
    private void close() {
        if (open == null) {
            return;
        }
        String text = openText.toString();
        if (open.path("type").asText().equals("message")) {
            emit("response.output_text.done", part("response.output_text.done").put("text", text)
                    .set("logprobs", ProviderJson.NODES.arrayNode()));
            ((ArrayNode) open.get("content")).add(ResponsesEnvelope.textPart(text));
            emit("response.content_part.done", part("response.content_part.done")
                    .set("part", ResponsesEnvelope.textPart(text)));
        } else {
            open.put("arguments", text);
            emit("response.function_call_arguments.done", event("response.function_call_arguments.done")
                    .put("item_id", open.path("id").asText()).put("output_index", output.size())
                    .put("name", open.path("name").asText()).put("arguments", text));
        }
        open.put("status", "completed");
        emit("response.output_item.done", event("response.output_item.done").put("output_index", output.size())
                .set("item", open.deepCopy()));
        output.add(open);
        open = null;
        openText.setLength(0);
    }

    private void done() {
        if (response == null || finishReason == null) {
            fail(StreamEnd.TRUNCATED, GatewayError.of(ErrorKind.UPSTREAM_DISCONNECTED,
                    "The upstream ended the stream without a finish reason."));
            return;
        }
        close();
        ResponsesEnvelope.finish(response, finishReason, usage);
        completed = response;
        emit("response.completed", event("response.completed").set("response", response));
        complete();
    }

    /** An event of {@code type} about the open message's text part. */
    private ObjectNode part(String type) {
        return event(type).put("item_id", open.path("id").asText()).put("output_index", output.size())
                .put("content_index", 0);
    }

    private ObjectNode event(String type) {
        return ProviderJson.object().put("type", type);
    }

    private void emit(String type, JsonNode event) {
        ((ObjectNode) event).put("sequence_number", sequence++);
        out.raw("event: ").raw(type).raw("\ndata: ").raw(ProviderJson.write(event)).raw("\n\n");
    }

    /** Responses streams report errors as an {@code error} event. */
    @Override
    protected void writeErrorFrame(GatewayError cause) {
        emit("error", event("error").put("code", cause.code() == null ? cause.kind().name().toLowerCase(java.util.Locale.ROOT) : cause.code())
                .put("message", cause.message()).putNull("param"));
    }
}
