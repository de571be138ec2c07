package io.gatehouse.provider;

import com.fasterxml.jackson.databind.JsonNode;

import io.gatehouse.model.ModelEntry;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/** Reading helpers shared by the providers' model-list parsers. */
public final class ModelLists {
    private ModelLists() {
    }

    /** The answer as a JSON object, or the reason it is not one. */
    public static JsonNode object(byte[] body) throws ModelListException {
        JsonNode root;
        try {
            root = ProviderJson.MAPPER.readTree(body);
        } catch (IOException e) {
            throw new ModelListException("the answer is not JSON");
        }
        if (root == null || !root.isObject()) {
            throw new ModelListException("the answer is not a JSON object");
        }
        return root;
    }

    /** The {@code data} list that OpenAI and Anthropic both answer, each entry with an id read by {@code entry}. */
    public static List<ModelEntry> data(JsonNode body, BiFunction<String, JsonNode, ModelEntry> entry) throws ModelListException {
        JsonNode data = body.path("data");
        if (!data.isArray()) {
            throw new ModelListException("the answer has no \"data\" list of models");
        }
        List<ModelEntry> models = new ArrayList<>();
        for (JsonNode m : data) {
            String id = m.path("id").asText("");
            if (!id.isEmpty()) {
                models.add(entry.apply(id, m));
            }
        }
        return models;
    }

    public static Integer integer(JsonNode n) {
        return n.isIntegralNumber() && n.canConvertToInt() ? n.asInt() : null;
    }

    public static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }
}
