package io.gatehouse.provider;

/**
 * Token usage in OpenAI's convention: {@code cachedTokens} and {@code cacheWriteTokens} are parts of
 * {@code promptTokens}, {@code reasoningTokens} a part of {@code completionTokens}. A detail the provider does not
 * report is {@code null} and is left out of the JSON.
 */
public record Usage(long promptTokens, long completionTokens, long totalTokens, long cachedTokens,
                    Long cacheWriteTokens, Long reasoningTokens) {

    /** Writes {@code {"prompt_tokens":…,…}} the way OpenAI does. */
    public void writeOpenAi(JsonOut out) {
        out.raw("{\"prompt_tokens\":").number(promptTokens)
                .raw(",\"completion_tokens\":").number(completionTokens)
                .raw(",\"total_tokens\":").number(totalTokens)
                .raw(",\"prompt_tokens_details\":{\"cached_tokens\":").number(cachedTokens);
        if (cacheWriteTokens != null) {
            out.raw(",\"cache_write_tokens\":").number(cacheWriteTokens);
        }
        out.raw("}");
        if (reasoningTokens != null) {
            out.raw(",\"completion_tokens_details\":{\"reasoning_tokens\":").number(reasoningTokens).raw("}");
        }
        out.raw("}");
    }

    public byte[] toOpenAiJson() {
        JsonOut out = new JsonOut(160);
        writeOpenAi(out);
        return out.take();
    }
}
