package io.gatehouse.provider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Iterator;
import java.util.Map;

/**
 * A Java port of what openai-python does with a chat stream (MAPPING §4.1): its SSE loop ({@code _streaming.py}:
 * stop at {@code [DONE]}, raise {@code APIError} on a payload with an {@code error} key) and
 * {@code ChatCompletionStreamState} built on {@code accumulate_delta} ({@code lib/streaming/_deltas.py}) — including
 * its habit of concatenating every repeated string, so duplicated ids, names or roles show up the way SDK users
 * would see them.
 */
public final class OpenAiStreamAccumulator {

    /** What openai-python raises when a data payload carries {@code error}. */
    public static final class ApiError extends RuntimeException {
        public final JsonNode error;

        ApiError(JsonNode error) {
            super(error.path("message").asText());
            this.error = error;
        }
    }

    /** The final snapshot ({@code id}, {@code model}, {@code choices[i].message}, {@code usage}) and whether {@code [DONE]} came. */
    public record Result(ObjectNode snapshot, boolean done) {
        public JsonNode choice(int index) {
            for (JsonNode choice : snapshot.path("choices")) {
                if (choice.path("index").asInt() == index) {
                    return choice;
                }
            }
            throw new AssertionError("no choice " + index);
        }

        public JsonNode message() {
            return choice(0).path("message");
        }

        public String finishReason() {
            return choice(0).path("finish_reason").asText(null);
        }

        public JsonNode usage() {
            return snapshot.path("usage");
        }
    }

    private OpenAiStreamAccumulator() {
    }

    public static Result accumulate(String sse) {
        ObjectNode snapshot = null;
        for (SseFrames.Frame frame : SseFrames.split(sse)) {
            if (frame.data().startsWith("[DONE]")) {
                return new Result(snapshot, true);
            }
            JsonNode chunk = ProviderJson.read(Fixtures.utf8(frame.data()));
            if (chunk.isObject() && chunk.has("error") && !chunk.get("error").isNull()) {
                throw new ApiError(chunk.get("error"));
            }
            snapshot = accumulateChunk(snapshot, (ObjectNode) chunk);
        }
        return new Result(snapshot, false);
    }

    private static ObjectNode accumulateChunk(ObjectNode snapshot, ObjectNode chunk) {
        if (snapshot == null) {
            snapshot = chunk.deepCopy();
            ArrayNode choices = ProviderJson.NODES.arrayNode();
            for (JsonNode choice : chunk.path("choices")) {
                choices.add(newChoice(choice));
            }
            snapshot.set("choices", choices);
            return snapshot;
        }
        ArrayNode choices = (ArrayNode) snapshot.get("choices");
        for (JsonNode choice : chunk.path("choices")) {
            ObjectNode existing = null;
            for (JsonNode candidate : choices) {
                if (candidate.path("index").asInt() == choice.path("index").asInt()) {
                    existing = (ObjectNode) candidate;
                }
            }
            if (existing == null) {
                choices.add(newChoice(choice));
                continue;
            }
            accumulateDelta((ObjectNode) existing.get("message"), (ObjectNode) choice.path("delta").deepCopy());
            if (!choice.path("finish_reason").isNull() && choice.has("finish_reason")) {
                existing.set("finish_reason", choice.get("finish_reason"));
            }
        }
        if (chunk.has("usage") && !chunk.get("usage").isNull()) {
            snapshot.set("usage", chunk.get("usage"));
        }
        return snapshot;
    }

    private static ObjectNode newChoice(JsonNode choice) {
        ObjectNode copy = ((ObjectNode) choice).deepCopy();
        copy.remove("delta");
        copy.set("message", choice.path("delta").deepCopy());
        return copy;
    }

    /** {@code accumulate_delta}: strings and numbers add up, objects merge, indexed lists merge by {@code index}. */
    public static ObjectNode accumulateDelta(ObjectNode acc, ObjectNode delta) {
        Iterator<Map.Entry<String, JsonNode>> fields = delta.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String key = field.getKey();
            JsonNode deltaValue = field.getValue();
            if (!acc.has(key)) {
                acc.set(key, deltaValue.isArray() && !deltaValue.isEmpty()
                        ? normalizeIndexedList((ArrayNode) deltaValue) : deltaValue);
                continue;
            }
            JsonNode accValue = acc.get(key);
            if (accValue.isNull() || key.equals("index") || key.equals("type")) {
                acc.set(key, deltaValue);
                continue;
            }
            if (accValue.isTextual() && deltaValue.isTextual()) {
                acc.put(key, accValue.asText() + deltaValue.asText());
            } else if (accValue.isNumber() && deltaValue.isNumber()) {
                acc.put(key, accValue.isIntegralNumber() && deltaValue.isIntegralNumber()
                        ? accValue.asLong() + deltaValue.asLong() : accValue.asDouble() + deltaValue.asDouble());
            } else if (accValue.isObject() && deltaValue.isObject()) {
                accumulateDelta((ObjectNode) accValue, (ObjectNode) deltaValue);
            } else if (accValue.isArray() && deltaValue.isArray()) {
                mergeLists((ArrayNode) accValue, (ArrayNode) deltaValue);
            } else {
                acc.set(key, accValue);
            }
        }
        return acc;
    }

    private static void mergeLists(ArrayNode acc, ArrayNode delta) {
        boolean scalars = true;
        for (JsonNode entry : acc) {
            scalars &= entry.isTextual() || entry.isNumber();
        }
        if (scalars) {
            acc.addAll(delta);
            return;
        }
        for (JsonNode entry : delta) {
            if (!entry.isObject()) {
                throw new IllegalStateException("Unexpected list delta entry is not a dictionary: " + entry);
            }
            if (!entry.has("index")) {
                throw new IllegalStateException("Expected list delta entry to have an `index` key; " + entry);
            }
            if (!entry.get("index").isInt()) {
                throw new IllegalStateException("list delta entry `index` value is not an integer");
            }
            int index = entry.get("index").asInt();
            if (index >= acc.size()) {
                acc.add(entry); // Python's list.insert past the end appends
            } else {
                accumulateDelta((ObjectNode) acc.get(index), (ObjectNode) entry);
            }
        }
    }

    private static ArrayNode normalizeIndexedList(ArrayNode items) {
        Map<Integer, ObjectNode> byIndex = new java.util.LinkedHashMap<>();
        for (JsonNode item : items) {
            if (!item.isObject() || !item.path("index").isInt()) {
                return items;
            }
            int index = item.get("index").asInt();
            ObjectNode existing = byIndex.get(index);
            byIndex.put(index, existing == null ? (ObjectNode) item : accumulateDelta(existing, (ObjectNode) item));
        }
        ArrayNode result = ProviderJson.NODES.arrayNode();
        byIndex.values().forEach(result::add);
        return result;
    }
}
