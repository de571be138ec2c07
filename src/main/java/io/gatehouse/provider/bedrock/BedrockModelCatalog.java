package io.gatehouse.provider.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.model.ModelEntry;
import io.gatehouse.provider.Header;
import io.gatehouse.provider.ModelListException;
import io.gatehouse.provider.ModelLists;
import io.gatehouse.provider.ModelPage;
import io.gatehouse.provider.UpstreamRequest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code GET /foundation-models} of the Bedrock control plane ({@code ListFoundationModels}, one page): the models
 * that answer in text, as chat models under their Bedrock id ({@code anthropic.claude-3-5-haiku-20241022-v1:0}).
 * Each model callable on demand is also listed under its friendly name — the id without the provider and the version
 * suffix ({@code claude-3-5-haiku-20241022}), the name its maker's own API uses — so clients written for that API
 * reach it; {@link #bedrockId} turns a friendly name back into the id. Models only reachable through an inference
 * profile ({@code us.anthropic.…}) are called by the profile id, which routes by the configuration prefix.
 */
final class BedrockModelCatalog {
    /** {@code -v1:0}, {@code -v2}, {@code -v1:0:200k}: Bedrock's version suffix. */
    private static final Pattern VERSION_SUFFIX = Pattern.compile("-v\\d+(:\\d+)*(:\\d+k)?$");

    private BedrockModelCatalog() {
    }

    static UpstreamRequest listRequest() {
        return UpstreamRequest.get("/foundation-models", List.of(Header.of("accept", "application/json")));
    }

    static ModelPage parse(byte[] body) throws ModelListException {
        JsonNode page = ModelLists.object(body);
        JsonNode list = page.path("modelSummaries");
        if (!list.isArray()) {
            throw new ModelListException("the answer has no \"modelSummaries\" list");
        }
        List<ModelEntry> models = new ArrayList<>();
        List<ModelEntry> friendly = new ArrayList<>();
        for (JsonNode model : list) {
            String id = model.path("modelId").asText("");
            if (id.isEmpty() || !contains(model.path("outputModalities"), "TEXT")
                    || model.path("modelLifecycle").path("status").asText("ACTIVE").equals("LEGACY")) {
                continue;
            }
            String label = model.path("providerName").asText("") + " " + model.path("modelName").asText(id);
            models.add(new ModelEntry(id, label.strip(), 0, null, null, List.of(ModelEntry.CHAT)));
            JsonNode inference = model.path("inferenceTypesSupported");
            String name = friendlyName(id);
            if (name != null && (inference.isEmpty() || contains(inference, "ON_DEMAND"))) {
                friendly.add(new ModelEntry(name, label.strip(), 0, null, null, List.of(ModelEntry.CHAT)));
            }
        }
        models.addAll(friendly); // after the ids: the probe keeps the first entry of a repeated id
        return new ModelPage(models, null);
    }

    /**
     * The friendly name of a Bedrock id ({@code anthropic.claude-3-haiku-20240307-v1:0} → {@code claude-3-haiku-20240307});
     * null when the id has no provider prefix.
     */
    static String friendlyName(String bedrockId) {
        int dot = bedrockId.indexOf('.');
        if (dot <= 0 || bedrockId.indexOf(':') >= 0 && !VERSION_SUFFIX.matcher(bedrockId).find()) {
            return null;
        }
        String name = VERSION_SUFFIX.matcher(bedrockId.substring(dot + 1)).replaceFirst("");
        return name.isEmpty() || name.equals(bedrockId) ? null : name;
    }

    /**
     * The Bedrock id a model name stands for: a friendly name listed in {@code catalog} becomes the listed id it was
     * made from; any other name (a Bedrock id, an inference profile, an ARN) is sent as it is.
     */
    static String bedrockId(String model, Map<String, ModelEntry> catalog) {
        if (model.indexOf('.') >= 0 || model.indexOf(':') >= 0 || !catalog.containsKey(model)) {
            return model;
        }
        String shortest = model; // of -v1:0, -v1:0:200k …, the plain one
        for (String id : catalog.keySet()) {
            if (id.indexOf('.') > 0 && model.equals(friendlyName(id)) && (shortest == model || id.length() < shortest.length())) {
                shortest = id;
            }
        }
        return shortest;
    }

    private static boolean contains(JsonNode array, String value) {
        for (JsonNode item : array) {
            if (value.equals(item.asText())) {
                return true;
            }
        }
        return false;
    }
}
