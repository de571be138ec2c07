package io.gatehouse.provider;

/** The client-facing APIs a provider call can come from, each with its own request and answer shape. */
public enum Ingress {
    /** OpenAI Chat Completions ({@code /v1/chat/completions}). */
    CHAT,
    /** OpenAI Embeddings ({@code /v1/embeddings}). */
    EMBEDDINGS,
    /** Anthropic Messages ({@code /anthropic/v1/messages}). */
    ANTHROPIC_MESSAGES
}
