package io.gatehouse.provider.openai;

import io.gatehouse.provider.Header;
import io.gatehouse.model.ModelEntry;
import io.gatehouse.provider.ModelListException;
import io.gatehouse.provider.ModelLists;
import io.gatehouse.provider.ModelPage;
import io.gatehouse.provider.UpstreamRequest;

import java.util.List;

/**
 * {@code GET /models} of an OpenAI-type upstream: one page of ids (OpenAI lists no limits or capabilities, and
 * OpenAI-compatible servers differ too much to guess them).
 */
public final class OpenAiModelCatalog {
    private OpenAiModelCatalog() {
    }

    public static UpstreamRequest listRequest() {
        return UpstreamRequest.get("/models", List.of(Header.of("accept", "application/json")));
    }

    public static ModelPage parse(byte[] body) throws ModelListException {
        return new ModelPage(ModelLists.data(ModelLists.object(body),
                (id, m) -> new ModelEntry(id, id, m.path("created").asLong(0), null, null, List.of())), null);
    }
}
