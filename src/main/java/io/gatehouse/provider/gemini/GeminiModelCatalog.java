package io.gatehouse.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.provider.Header;
import io.gatehouse.model.ModelEntry;
import io.gatehouse.provider.ModelListException;
import io.gatehouse.provider.ModelLists;
import io.gatehouse.provider.ModelPage;
import io.gatehouse.provider.UpstreamRequest;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code GET /{version}/models} of Gemini, paged with {@code nextPageToken}: the models that generate content (chat)
 * or embed it (embeddings), ids without the {@code models/} prefix, {@code outputTokenLimit} as the maximum output.
 */
public final class GeminiModelCatalog {
    private GeminiModelCatalog() {
    }

    /** The first page when {@code pageToken} is {@code null}. */
    public static UpstreamRequest listRequest(GeminiOptions options, String pageToken) {
        String path = "/" + options.apiVersion() + "/models?pageSize=1000"
                + (pageToken == null ? "" : "&pageToken=" + URLEncoder.encode(pageToken, StandardCharsets.UTF_8));
        return UpstreamRequest.get(path, List.of(Header.of("accept", "application/json")));
    }

    public static ModelPage parse(byte[] body) throws ModelListException {
        JsonNode page = ModelLists.object(body);
        JsonNode list = page.path("models");
        if (!list.isMissingNode() && !list.isArray()) {
            throw new ModelListException("the answer's \"models\" is not a list");
        }
        List<ModelEntry> models = new ArrayList<>();
        for (JsonNode model : list) {
            String name = model.path("name").asText("");
            String id = name.startsWith("models/") ? name.substring("models/".length()) : name;
            List<String> capabilities = new ArrayList<>();
            for (JsonNode method : model.path("supportedGenerationMethods")) {
                String capability = switch (method.asText()) {
                    case "generateContent" -> ModelEntry.CHAT;
                    case "embedContent" -> ModelEntry.EMBEDDINGS;
                    default -> null;
                };
                if (capability != null && !capabilities.contains(capability)) {
                    capabilities.add(capability);
                }
            }
            if (!id.isEmpty() && !capabilities.isEmpty()) {
                models.add(new ModelEntry(id, model.path("displayName").asText(id), 0,
                        ModelLists.integer(model.path("inputTokenLimit")), ModelLists.integer(model.path("outputTokenLimit")),
                        capabilities));
            }
        }
        return new ModelPage(models, ModelLists.blankToNull(page.path("nextPageToken").asText(null)));
    }
}
