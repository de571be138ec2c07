package io.gatehouse.provider.openai;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.provider.Header;
import io.gatehouse.provider.ModelEntry;
import io.gatehouse.provider.ModelPage;
import io.gatehouse.provider.ProviderJson;
import io.gatehouse.provider.UpstreamRequest;
import io.gatehouse.provider.WireFormat;

import java.util.ArrayList;
import java.util.List;

/** {@code GET /models} of an OpenAI-type upstream: one page, ids only (OpenAI lists no token limits). */
public final class OpenAiModelCatalog {
    private OpenAiModelCatalog() {
    }

    public static UpstreamRequest listRequest() {
        return UpstreamRequest.get("/models", List.of(Header.of("accept", "application/json")));
    }

    public static ModelPage parse(byte[] body) {
        List<ModelEntry> models = new ArrayList<>();
        for (JsonNode model : ProviderJson.read(body).path("data")) {
            String id = model.path("id").asText("");
            if (!id.isEmpty()) {
                models.add(new ModelEntry(id, WireFormat.OPENAI, null, model.path("created").asLong(0)));
            }
        }
        return new ModelPage(models, null);
    }
}
