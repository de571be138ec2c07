package io.gatehouse.provider.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.provider.Header;
import io.gatehouse.model.ModelEntry;
import io.gatehouse.provider.ModelListException;
import io.gatehouse.provider.ModelLists;
import io.gatehouse.provider.ModelPage;
import io.gatehouse.provider.UpstreamRequest;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * {@code GET /v1/models} of Anthropic, paged with {@code has_more}/{@code last_id}; {@code max_tokens} per model is
 * the best default for a request without one (PITFALLS 15). Every Anthropic model chats.
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

    public static ModelPage parse(byte[] body) throws ModelListException {
        JsonNode page = ModelLists.object(body);
        List<ModelEntry> models = ModelLists.data(page, (id, m) -> new ModelEntry(id, m.path("display_name").asText(id),
                epochSeconds(m.path("created_at").asText("")), ModelLists.integer(m.path("max_input_tokens")),
                ModelLists.integer(m.path("max_tokens")), List.of(ModelEntry.CHAT)));
        String next = page.path("has_more").asBoolean(false) ? ModelLists.blankToNull(page.path("last_id").asText(null)) : null;
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
