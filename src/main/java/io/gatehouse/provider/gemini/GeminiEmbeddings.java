package io.gatehouse.provider.gemini;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.provider.FieldTypes;
import io.gatehouse.provider.Header;
import io.gatehouse.provider.JsonOut;
import io.gatehouse.provider.ProviderJson;
import io.gatehouse.provider.TranslationException;
import io.gatehouse.provider.UpstreamRequest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * OpenAI {@code POST /v1/embeddings} ⇄ Gemini {@code batchEmbedContents}: one Gemini request per input string,
 * {@code dimensions} → {@code outputDimensionality}; vectors come back in input order, as float arrays or, for
 * {@code encoding_format: "base64"}, as base64 of little-endian float32 (OpenAI's encoding). Gemini reports no
 * token counts for embeddings, so {@code usage} is zero. Token-array inputs are refused (Gemini embeds text).
 */
public final class GeminiEmbeddings {
    private final GeminiOptions options;

    public GeminiEmbeddings(GeminiOptions options) {
        this.options = options;
    }

    public UpstreamRequest request(JsonNode openAiRequest, String upstreamModel) {
        FieldTypes.OPENAI_EMBEDDINGS_TRANSLATED.check(openAiRequest);
        List<String> inputs = inputs(openAiRequest.path("input"));
        ObjectNode body = ProviderJson.object();
        ArrayNode requests = body.putArray("requests");
        for (String input : inputs) {
            ObjectNode request = requests.addObject().put("model", "models/" + upstreamModel);
            request.putObject("content").putArray("parts").addObject().put("text", input);
            if (openAiRequest.path("dimensions").isIntegralNumber()) {
                request.put("outputDimensionality", openAiRequest.get("dimensions").asInt());
            }
        }
        return UpstreamRequest.post(options.modelPath(upstreamModel, "batchEmbedContents"),
                List.of(Header.of("content-type", "application/json")), ProviderJson.write(body));
    }

    /** The OpenAI {@code list} of embeddings for a {@code batchEmbedContents} answer. */
    public static byte[] response(byte[] geminiResponse, String model, boolean base64) {
        List<float[]> vectors = vectors(geminiResponse);
        JsonOut out = new JsonOut(64 + vectors.size() * 4096);
        out.raw("{\"object\":\"list\",\"data\":[");
        for (int i = 0; i < vectors.size(); i++) {
            out.raw(i == 0 ? "" : ",").raw("{\"object\":\"embedding\",\"index\":").number(i).raw(",\"embedding\":");
            float[] vector = vectors.get(i);
            if (base64) {
                ByteBuffer bytes = ByteBuffer.allocate(vector.length * 4).order(ByteOrder.LITTLE_ENDIAN);
                for (float value : vector) {
                    bytes.putFloat(value);
                }
                out.string(Base64.getEncoder().encodeToString(bytes.array()));
            } else {
                out.raw("[");
                for (int j = 0; j < vector.length; j++) {
                    out.raw(j == 0 ? "" : ",").raw(Float.toString(vector[j]));
                }
                out.raw("]");
            }
            out.raw("}");
        }
        out.raw("],\"model\":").string(model).raw(",\"usage\":{\"prompt_tokens\":0,\"total_tokens\":0}}");
        return out.take();
    }

    private static List<String> inputs(JsonNode input) {
        List<String> inputs = new ArrayList<>();
        if (input.isTextual()) {
            inputs.add(input.asText());
        } else if (input.isArray() && !input.isEmpty()) {
            for (JsonNode item : input) {
                if (!item.isTextual()) {
                    throw new TranslationException("Gemini embeds text; send 'input' as a string or an array of strings.",
                            "input");
                }
                inputs.add(item.asText());
            }
        } else {
            throw new TranslationException("'input' must be a string or a non-empty array of strings.", "input");
        }
        return inputs;
    }

    private static List<float[]> vectors(byte[] body) {
        List<float[]> vectors = new ArrayList<>();
        try (JsonParser parser = ProviderJson.parser(body)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalStateException("response is not an object");
            }
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                JsonToken value = parser.nextToken();
                if (!name.equals("embeddings") || value != JsonToken.START_ARRAY) {
                    parser.skipChildren();
                    continue;
                }
                while (parser.nextToken() == JsonToken.START_OBJECT) {
                    vectors.add(vector(parser));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return vectors;
    }

    private static float[] vector(JsonParser parser) throws IOException {
        float[] values = new float[0];
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String name = parser.currentName();
            JsonToken value = parser.nextToken();
            if (!name.equals("values") || value != JsonToken.START_ARRAY) {
                parser.skipChildren();
                continue;
            }
            float[] buffer = new float[1024];
            int size = 0;
            while (parser.nextToken() != JsonToken.END_ARRAY) {
                if (size == buffer.length) {
                    buffer = Arrays.copyOf(buffer, size * 2);
                }
                buffer[size++] = parser.getFloatValue();
            }
            values = Arrays.copyOf(buffer, size);
        }
        return values;
    }
}
