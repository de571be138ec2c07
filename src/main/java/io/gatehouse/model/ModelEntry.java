package io.gatehouse.model;

import java.util.List;

/**
 * One model from a provider's model list, in Gatehouse's terms; recorded at validation and used for routing and for
 * defaults such as Anthropic's {@code max_tokens}.
 *
 * @param id              the id clients send as {@code model} (Gemini's {@code models/} prefix removed)
 * @param displayName     the provider's label, or the id when it gives none
 * @param created         epoch seconds when the provider says, else 0
 * @param maxInputTokens  the context limit when the list says, else {@code null}
 * @param maxOutputTokens the most output tokens the provider allows, when the list says, else {@code null}
 * @param capabilities    {@link #CHAT} and/or {@link #EMBEDDINGS} where the provider says; empty when it does not
 */
public record ModelEntry(String id, String displayName, long created, Integer maxInputTokens, Integer maxOutputTokens,
                         List<String> capabilities) {
    public static final String CHAT = "chat";
    public static final String EMBEDDINGS = "embeddings";

    public ModelEntry {
        capabilities = List.copyOf(capabilities);
    }
}
