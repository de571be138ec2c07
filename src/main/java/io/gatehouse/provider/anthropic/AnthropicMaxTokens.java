package io.gatehouse.provider.anthropic;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The {@code max_tokens} Anthropic requires when an OpenAI client sent none (PITFALLS 15): the value configured for
 * the model, else the model's maximum from the provider's model list, else the model family's documented maximum,
 * else a configurable default. Never a small constant that silently truncates long answers.
 */
public final class AnthropicMaxTokens {
    /** Documented output maxima per model family, most specific prefix first. */
    private static final List<Map.Entry<String, Integer>> FAMILIES = List.of(
            Map.entry("claude-opus-4-5", 64_000),
            Map.entry("claude-opus-4", 32_000),
            Map.entry("claude-sonnet-4", 64_000),
            Map.entry("claude-haiku-4", 64_000),
            Map.entry("claude-3-7-sonnet", 64_000),
            Map.entry("claude-3-5-sonnet", 8_192),
            Map.entry("claude-3-5-haiku", 8_192),
            Map.entry("claude-3-opus", 4_096),
            Map.entry("claude-3-haiku", 4_096));

    private final Map<String, Integer> configured;
    private final Function<String, Integer> catalog;
    private final int fallback;

    /**
     * @param configured per-model values set by the operator
     * @param catalog    the catalogued maximum for a model id, or {@code null} when unknown
     * @param fallback   for models that are in none of the above
     */
    public AnthropicMaxTokens(Map<String, Integer> configured, Function<String, Integer> catalog, int fallback) {
        this.configured = Map.copyOf(configured);
        this.catalog = catalog;
        this.fallback = fallback;
    }

    /** Only the built-in family table, then 8192. */
    public static AnthropicMaxTokens builtIn() {
        return new AnthropicMaxTokens(Map.of(), model -> null, 8_192);
    }

    public int forModel(String model) {
        Integer value = configured.get(model);
        if (value == null) {
            value = catalog.apply(model);
        }
        if (value != null) {
            return value;
        }
        for (Map.Entry<String, Integer> family : FAMILIES) {
            if (model.startsWith(family.getKey())) {
                return family.getValue();
            }
        }
        return fallback;
    }
}
