package io.gatehouse.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.provider.Header;
import io.gatehouse.provider.JsonOut;
import io.gatehouse.provider.ProviderJson;
import io.gatehouse.provider.TranslationException;
import io.gatehouse.provider.UnexpectedAnswer;
import io.gatehouse.provider.UpstreamRequest;

import java.util.ArrayList;
import java.util.List;

/**
 * Gemini's {@code embedContent} (one {@code content}) and {@code batchEmbedContents} ({@code requests}, each with its
 * own {@code content}): to a Gemini upstream as they are (each request's {@code model} renamed), to an OpenAI-type
 * upstream as one {@code /embeddings} call with one input per content (the text of its parts;
 * {@code outputDimensionality} as {@code dimensions}) and the vectors back in Gemini's shape.
 */
public final class GeminiEmbedContent {
    private GeminiEmbedContent() {
    }

    public static boolean isBatch(JsonNode request) {
        return request.has("requests");
    }

    static UpstreamRequest nativeRequest(GeminiOptions options, String model, JsonNode request, byte[] body) {
        if (!isBatch(request)) {
            return GeminiIngress.post(options.modelPath(model, "embedContent"), body);
        }
        ObjectNode copy = request.deepCopy();
        for (JsonNode each : copy.path("requests")) {
            if (each instanceof ObjectNode object) {
                object.put("model", "models/" + model);
            }
        }
        return GeminiIngress.post(options.modelPath(model, "batchEmbedContents"), ProviderJson.write(copy));
    }

    /** {@code POST /embeddings} for an OpenAI-type upstream. */
    public static UpstreamRequest toOpenAi(JsonNode request, String upstreamModel) {
        ObjectNode body = ProviderJson.object().put("model", upstreamModel);
        ArrayNode input = body.putArray("input");
        List<JsonNode> each = isBatch(request) ? list(request.path("requests")) : List.of(request);
        if (each.isEmpty()) {
            throw new TranslationException("'requests' must hold at least one request.", "requests");
        }
        Integer dimensions = null;
        for (int i = 0; i < each.size(); i++) {
            String param = isBatch(request) ? "requests[" + i + "].content" : "content";
            StringBuilder text = new StringBuilder();
            for (JsonNode part : each.get(i).path("content").path("parts")) {
                if (!part.path("text").isTextual()) {
                    throw new TranslationException("Only text parts can be embedded by this model's provider.", param);
                }
                text.append(text.isEmpty() ? "" : "\n").append(part.path("text").asText());
            }
            if (text.isEmpty()) {
                throw new TranslationException("'content' must hold text parts.", param);
            }
            input.add(text.toString());
            if (each.get(i).path("outputDimensionality").canConvertToInt()) {
                dimensions = each.get(i).path("outputDimensionality").asInt();
            }
        }
        if (dimensions != null) {
            body.put("dimensions", dimensions);
        }
        return UpstreamRequest.post("/embeddings", List.of(Header.of("content-type", "application/json")),
                ProviderJson.write(body));
    }

    /** An OpenAI embeddings answer as {@code {"embedding":{"values":…}}} or, batched, {@code {"embeddings":[…]}}. */
    public static byte[] fromOpenAi(byte[] openAiResponse, boolean batch) {
        JsonNode data = ProviderJson.readLenient(openAiResponse).path("data");
        if (!data.isArray() || data.isEmpty() || !data.get(0).path("embedding").isArray()) {
            throw new UnexpectedAnswer("The answer holds no embeddings.");
        }
        JsonOut out = new JsonOut(data.size() * 4096);
        out.raw(batch ? "{\"embeddings\":[" : "{\"embedding\":");
        for (int i = 0; i < (batch ? data.size() : 1); i++) {
            out.raw(i == 0 ? "" : ",").raw("{\"values\":").raw(ProviderJson.write(data.get(i).path("embedding"))).raw("}");
        }
        return out.raw(batch ? "]}" : "}").take();
    }

    private static List<JsonNode> list(JsonNode array) {
        List<JsonNode> items = new ArrayList<>();
        array.forEach(items::add);
        return items;
    }
}
