package io.gatehouse.platform.aillm;

import java.util.List;

/**
 * One model from a provider's catalog, as recorded at validation.
 *
 * @param id              the name clients send as {@code model} (Gemini's {@code models/} prefix removed)
 * @param displayName     the provider's label, or the id when it gives none
 * @param created         epoch seconds when the provider says, else 0
 * @param maxInputTokens  the context limit when the provider says, else null
 * @param maxOutputTokens the output limit when the provider says, else null
 * @param capabilities    {@code chat} and/or {@code embeddings} where the provider says; empty when it does not
 */
public record CatalogModel(String id, String displayName, long created, Integer maxInputTokens, Integer maxOutputTokens,
                           List<String> capabilities) {
    public static final String CHAT = "chat";
    public static final String EMBEDDINGS = "embeddings";

    public CatalogModel {
        capabilities = List.copyOf(capabilities);
    }
}
