package io.gatehouse.model;

import java.util.Arrays;
import java.util.Locale;

/**
 * The kind of provider a configuration connects to; its provider adapter fixes the wire format and where the API
 * lives by default. OTHER is any OpenAI-compatible server (vLLM, Ollama, llama.cpp, on-prem), so it has no default
 * endpoint and may need no key; AWS (Bedrock) is stored but not validated or routed yet.
 */
public enum AiType {
    OPENAI(true),
    GOOGLE(true),
    ANTHROPIC(true),
    AWS(true),
    OTHER(false);

    private final boolean needsSecret;

    AiType(boolean needsSecret) {
        this.needsSecret = needsSecret;
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
