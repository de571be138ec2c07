package io.gatehouse.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.provider.Header;
import io.gatehouse.provider.ModelEntry;
import io.gatehouse.provider.ModelPage;
import io.gatehouse.provider.ProviderJson;
import io.gatehouse.provider.UpstreamRequest;
import io.gatehouse.provider.WireFormat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code GET /v1/models} of Anthropic, paged with {@code has_more}/{@code last_id}; {@code max_tokens} per model is
 * the best default for a request without one (PITFALLS 15).
 */
public final class AnthropicModelCatalog {
    private AnthropicModelCatalog() {
    }

    /** The first page when {@code afterId} is {@code null}, else the page after it. */
    public static UpstreamRequest listRequest(String anthropicVersion, String afterId) {
        String path = "/v1/models?limit=1000"
                + (afterId == null ? "" : "&after_id=" + URLEncoder.encode(afterId, StandardCharsets.UTF_8));
        return UpstreamRequest.get(path, List.of(Header.of("accept", "application/json"),
                Header.of("anthropic-version", anthropicVersion)));
    }

    public static ModelPage parse(byte[] body) {
        JsonNode page = ProviderJson.read(body);
        List<ModelEntry> models = new ArrayList<>();
        for (JsonNode model : page.path("data")) {
            String id = model.path("id").asText("");
            if (id.isEmpty()) {
                continue;
            }
            Integer maxTokens = model.path("max_tokens").isIntegralNumber() ? model.get("max_tokens").asInt() : null;
            models.add(new ModelEntry(id, WireFormat.ANTHROPIC, maxTokens, epochSeconds(model.path("created_at").asText(""))));
        }
        String next = page.path("has_more").asBoolean(false) ? page.path("last_id").asText(null) : null;
        return new ModelPage(models, next);
    }

    private static long epochSeconds(String rfc3339) {
        try {
            return OffsetDateTime.parse(rfc3339).toEpochSecond();
        } catch (DateTimeParseException unknown) {
            return 0;
        }
    }
}
