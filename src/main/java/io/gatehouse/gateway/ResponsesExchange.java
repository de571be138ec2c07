package io.gatehouse.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.provider.FieldTypes;
import io.gatehouse.provider.IdGenerator;
import io.gatehouse.provider.ProviderJson;
import io.gatehouse.provider.openai.OpenAiBody;
import io.gatehouse.provider.openai.OpenAiToResponsesResponse;
import io.gatehouse.provider.openai.OpenAiToResponsesStream;
import io.gatehouse.provider.openai.ResponsesEnvelope;
import io.gatehouse.provider.openai.ResponsesToOpenAiRequest;

import java.time.Clock;

/**
 * The OpenAI Responses API's part of an exchange. The request is read once into its chat completions form, so that
 * routing, policies (input and output, streams included), limits, the provider call and usage are exactly chat's;
 * what goes back to the client — after the output policies — is reshaped here into the Responses answer or event
 * stream. The response as answered, with the conversation that led to it, is what the store keeps
 * ({@link #conversation}).
 */
final class ResponsesExchange {
    final JsonNode request;
    private final ArrayNode earlier;
    private final ResponsesEnvelope envelope;
    private OpenAiToResponsesStream stream;
    private ObjectNode answered;

    private ResponsesExchange(JsonNode request, ArrayNode earlier, ResponsesEnvelope envelope) {
        this.request = request;
        this.earlier = earlier;
        this.envelope = envelope;
    }

    /** Reads the client's body: a JSON object with the fields this endpoint reads of the right types, or a 400. */
    static JsonNode read(byte[] body) {
        OpenAiBody peek = OpenAiBody.peek(body);
        peek.requireTypes(FieldTypes.OPENAI_RESPONSES);
        return ProviderJson.read(body);
    }

    /**
     * @param earlier the conversation {@code previous_response_id} continues (empty when none)
     */
    static ResponsesExchange of(JsonNode request, ArrayNode earlier, IdGenerator ids, Clock clock) {
        return new ResponsesExchange(request, earlier,
                new ResponsesEnvelope(request, ids.next("resp_"), clock.instant().getEpochSecond(), ids));
    }

    String id() {
        return envelope.id();
    }

    boolean store() {
        return request.path("store").asBoolean(true);
    }

    /** The request in its chat completions form. */
    byte[] chatBody() {
        return ProviderJson.write(ResponsesToOpenAiRequest.translate(request, earlier));
    }

    /** A whole chat answer (already through the output policies) as the Responses answer. */
    byte[] answer(byte[] chat) {
        answered = new OpenAiToResponsesResponse(envelope).response(ProviderJson.read(chat));
        return ProviderJson.write(answered);
    }

    /** Chat stream bytes (already through the output policies) as Responses events; empty when nothing is due. */
    byte[] streamed(byte[] chat) {
        return chat.length == 0 ? chat : encoder().feed(chat);
    }

    /** The stream's last events. */
    byte[] streamEnded() {
        byte[] last = encoder().finish();
        answered = stream.completed();
        return last;
    }

    private OpenAiToResponsesStream encoder() {
        if (stream == null) {
            stream = new OpenAiToResponsesStream(envelope);
        }
        return stream;
    }

    /** The response as the client got it; null until it completed (a failed or cut stream has none). */
    ObjectNode answered() {
        return answered;
    }

    /**
     * The items a later request continuing this response reads first: the earlier conversation, this request's
     * input (a string as a user message) and the output. {@code instructions} are not carried over, as OpenAI's are
     * not.
     */
    ArrayNode conversation() {
        ArrayNode items = earlier.deepCopy();
        JsonNode input = request.path("input");
        if (input.isTextual()) {
            items.addObject().put("type", "message").put("role", "user").put("content", input.asText());
        } else {
            input.forEach(item -> items.add(item));
        }
        if (answered != null) {
            answered.path("output").forEach(item -> items.add(item));
        }
        return items;
    }
}
