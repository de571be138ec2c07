package io.gatehouse.provider;

/** The wire formats Gatehouse can talk to upstream; each {@link ProviderAdapter} speaks one. */
public enum WireFormat {
    /** OpenAI Chat Completions, also every OpenAI-compatible server (vLLM, Ollama, llama.cpp …). */
    OPENAI,
    /** Anthropic Messages. */
    ANTHROPIC,
    /** Google Gemini {@code generateContent} (Developer API). */
    GEMINI,
    /** AWS Bedrock Converse, signed with SigV4, streamed as a binary event stream. */
    BEDROCK
}
