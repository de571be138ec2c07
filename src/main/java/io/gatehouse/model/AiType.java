package io.gatehouse.model;

import java.util.Arrays;
import java.util.Locale;

/**
 * The kind of provider a configuration connects to; its provider adapter fixes the wire format and where the API
 * lives by default. OTHER is any OpenAI-compatible server (vLLM, Ollama, llama.cpp, on-prem), so it has no default
 * endpoint and may need no key; AWS (Bedrock) signs with an access key id and its secret access key.
 */
public enum AiType {
    OPENAI(true, false),
    GOOGLE(true, false),
    ANTHROPIC(true, false),
    AWS(true, true),
    OTHER(false, false);

    private final boolean needsSecret;
    private final boolean needsKeyId;

    AiType(boolean needsSecret, boolean needsKeyId) {
        this.needsSecret = needsSecret;
        this.needsKeyId = needsKeyId;
    }

    /** AWS signs with an access key id ({@code key}) and its secret access key ({@code secret}). */
    public boolean needsKeyId() {
        return needsKeyId;
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
