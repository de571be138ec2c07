package io.gatehouse.model;


import java.util.Arrays;
import java.util.Locale;

/**
 * The kind of provider a configuration connects to, which fixes its wire format and where its API lives by
 * default. OTHER is any OpenAI-compatible server (vLLM, Ollama, llama.cpp, on-prem), so it has no default
 * endpoint; AWS (Bedrock) is stored but not validated or routed yet.
 */
public enum AiType {
    OPENAI("https://api.openai.com/v1", true),
    GOOGLE("https://generativelanguage.googleapis.com", true),
    ANTHROPIC("https://api.anthropic.com", true),
    AWS(null, true),
    OTHER(null, false);

    private final String defaultEndpoint;
    private final boolean needsSecret;

    AiType(String defaultEndpoint, boolean needsSecret) {
        this.defaultEndpoint = defaultEndpoint;
        this.needsSecret = needsSecret;
    }

    /** Where the provider's API lives when the configuration names no endpoint; {@code null} when there is no such place. */
    public String defaultEndpoint() {
        return defaultEndpoint;
    }

    /** Hosted providers always need an API key; a local OpenAI-compatible server may not. */
    public boolean needsSecret() {
        return needsSecret;
    }

    /** An aiType from a request, any case; anything else is a 400 listing the accepted values. */
    public static AiType parse(String raw, String field) {
        if (raw == null || raw.isBlank()) {
            throw InvalidValueException.malformed(field + " is required (" + accepted() + ")");
        }
        try {
            return valueOf(raw.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw InvalidValueException.malformed(field + " must be one of " + accepted());
        }
    }

    private static String accepted() {
        return String.join(", ", Arrays.stream(values()).map(Enum::name).toList());
    }
}
