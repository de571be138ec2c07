package io.gatehouse.provider;

import io.gatehouse.crypto.Secret;

import java.util.List;

/** The wire formats Gatehouse can talk to upstream, and how each one carries the provider key. */
public enum WireFormat {
    /** OpenAI Chat Completions, also every OpenAI-compatible server (vLLM, Ollama, llama.cpp …). */
    OPENAI,
    /** Anthropic Messages. */
    ANTHROPIC,
    /** Google Gemini {@code generateContent} (Developer API). */
    GEMINI;

    /**
     * The headers that carry the provider key. Only the provider call should hold the result; the headers print
     * masked.
     */
    public List<Header> authHeaders(Secret apiKey) {
        return switch (this) {
            case OPENAI -> List.of(Header.secret("Authorization", "Bearer " + apiKey.reveal()));
            case ANTHROPIC -> List.of(Header.secret("x-api-key", apiKey.reveal()));
            case GEMINI -> List.of(Header.secret("x-goog-api-key", apiKey.reveal()));
        };
    }

    /** Maps a configuration's {@code aiType} to its wire format; {@code OTHER} servers speak OpenAI's. */
    public static WireFormat forAiType(String aiType) {
        return switch (aiType) {
            case "OPENAI", "OTHER" -> OPENAI;
            case "ANTHROPIC" -> ANTHROPIC;
            case "GOOGLE" -> GEMINI;
            default -> throw new IllegalArgumentException("No wire format for aiType " + aiType);
        };
    }
}
