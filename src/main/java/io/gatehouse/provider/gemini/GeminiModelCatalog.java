package io.gatehouse.provider.gemini;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.provider.Header;
import io.gatehouse.provider.ModelEntry;
import io.gatehouse.provider.ModelPage;
import io.gatehouse.provider.ProviderJson;
import io.gatehouse.provider.UpstreamRequest;
import io.gatehouse.provider.WireFormat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code GET /{version}/models} of Gemini, paged with {@code nextPageToken}: only models that support
 * {@code generateContent}, ids without the {@code models/} prefix, {@code outputTokenLimit} as the maximum output.
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

    public static ModelPage parse(byte[] body) {
        JsonNode page = ProviderJson.read(body);
        List<ModelEntry> models = new ArrayList<>();
        for (JsonNode model : page.path("models")) {
            boolean generates = false;
            for (JsonNode method : model.path("supportedGenerationMethods")) {
                generates |= method.asText().equals("generateContent");
            }
            String name = model.path("name").asText("");
            if (!generates || name.isEmpty()) {
                continue;
            }
            String id = name.startsWith("models/") ? name.substring("models/".length()) : name;
            Integer limit = model.path("outputTokenLimit").isIntegralNumber() ? model.get("outputTokenLimit").asInt() : null;
            models.add(new ModelEntry(id, WireFormat.GEMINI, limit, 0));
        }
        String next = page.path("nextPageToken").asText("");
        return new ModelPage(models, next.isEmpty() ? null : next);
    }
}
