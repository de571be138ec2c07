package io.gatehouse.provider;

/**
 * One model from a provider's model list, in Gatehouse's terms.
 *
 * @param id              the id clients send as {@code model} (Gemini's {@code models/} prefix removed)
 * @param maxOutputTokens the most output tokens the provider allows for it, when the list says ({@code null} otherwise)
 * @param created         epoch seconds when the provider says, else 0
 */
public record ModelEntry(String id, WireFormat provider, Integer maxOutputTokens, long created) {
}
