package io.gatehouse.provider;

/** The client-facing APIs a provider call can come from, each with its own request and answer shape. */
public enum Ingress {
    /** OpenAI Chat Completions ({@code /v1/chat/completions}). */
    CHAT,
    /** OpenAI Embeddings ({@code /v1/embeddings}). */
    EMBEDDINGS,
    /** Anthropic Messages ({@code /anthropic/v1/messages}). */
    ANTHROPIC_MESSAGES,
    /** Anthropic token counting ({@code /anthropic/v1/messages/count_tokens}): a Messages body, no answer text. */
    ANTHROPIC_COUNT_TOKENS,
    /** Gemini {@code models/{model}:generateContent} and {@code :streamGenerateContent} (the model in the path). */
    GEMINI_GENERATE,
    /** Gemini {@code :countTokens}: {@code contents} or a whole {@code generateContentRequest}. */
    GEMINI_COUNT_TOKENS,
    /** Gemini {@code :embedContent} (one {@code content}) and {@code :batchEmbedContents} ({@code requests}). */
    GEMINI_EMBED;

    /** Whether the answer is a token count rather than generated content. */
    public boolean countsTokens() {
        return this == ANTHROPIC_COUNT_TOKENS || this == GEMINI_COUNT_TOKENS;
    }
}
