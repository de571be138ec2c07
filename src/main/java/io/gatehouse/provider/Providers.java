package io.gatehouse.provider;

import io.gatehouse.model.AiType;
import io.gatehouse.provider.anthropic.AnthropicAdapter;
import io.gatehouse.provider.bedrock.BedrockAdapter;
import io.gatehouse.provider.gemini.GeminiAdapter;
import io.gatehouse.provider.openai.OpenAiAdapter;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The provider registry: one {@link ProviderAdapter} per configuration type that Gatehouse can call. Adding a
 * provider is one package with its adapter and one line here (see docs/providers.md).
 */
public final class Providers {
    private static final Map<AiType, ProviderAdapter> ADAPTERS = Map.of(
            AiType.OPENAI, OpenAiAdapter.HOSTED,
            AiType.OTHER, OpenAiAdapter.COMPATIBLE,
            AiType.ANTHROPIC, new AnthropicAdapter(),
            AiType.GOOGLE, new GeminiAdapter(),
            AiType.AWS, new BedrockAdapter());

    private Providers() {
    }

    /** The adapter of {@code type}, or empty when Gatehouse cannot call that kind of provider yet. */
    public static Optional<ProviderAdapter> find(AiType type) {
        return Optional.ofNullable(ADAPTERS.get(type));
    }

    /**
     * The configuration types whose family {@code model} belongs to, for routing a model no catalog lists: those
     * claiming a prefix of it (any case), else those claiming no prefix (OpenAI and OpenAI-compatible servers).
     */
    public static Set<AiType> family(String model) {
        String name = model.toLowerCase(Locale.ROOT);
        Set<AiType> claimed = EnumSet.noneOf(AiType.class);
        Set<AiType> unclaimed = EnumSet.noneOf(AiType.class);
        ADAPTERS.forEach((type, adapter) -> {
            if (adapter.familyPrefixes().isEmpty()) {
                unclaimed.add(type);
            } else if (adapter.familyPrefixes().stream().anyMatch(name::startsWith)) {
                claimed.add(type);
            }
        });
        return claimed.isEmpty() ? unclaimed : claimed;
    }

    /** The adapter of {@code type}; for types the caller knows to be callable (routed upstreams). */
    public static ProviderAdapter of(AiType type) {
        return find(type).orElseThrow(() -> new IllegalArgumentException("No provider adapter for aiType " + type));
    }
}
