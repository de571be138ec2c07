package io.gatehouse.provider;

import io.gatehouse.model.ModelEntry;
import java.util.List;

/**
 * One page of a provider's model list; {@code nextCursor} is {@code null} on the last page, else the value to pass
 * to the provider catalog's request builder for the next page.
 */
public record ModelPage(List<ModelEntry> models, String nextCursor) {

    public ModelPage {
        models = List.copyOf(models);
    }
}
