package io.gatehouse.model.price;

/**
 * The tokens of one request by price class, each counted once: {@code input} is the prompt tokens that were neither
 * read from nor written to a cache, {@code cachedInput} the cache hits, {@code cacheWrite} the tokens written to a
 * cache, {@code output} everything generated (reasoning and thinking tokens included, as every provider bills them).
 */
public record TokenCounts(long input, long cachedInput, long cacheWrite, long output) {
    public static final TokenCounts NONE = new TokenCounts(0, 0, 0, 0);

    public TokenCounts {
        if (input < 0 || cachedInput < 0 || cacheWrite < 0 || output < 0) {
            throw new IllegalArgumentException("token counts are never negative");
        }
    }

    /**
     * From counts in OpenAI's convention, where the prompt includes the cached tokens (and, as Gatehouse reports
     * Anthropic usage, the cache writes): the uncached input is what is left of the prompt once they are taken out.
     */
    public static TokenCounts ofPrompt(long promptTokens, long cachedTokens, long cacheWriteTokens, long completionTokens) {
        long cached = Math.min(cachedTokens, promptTokens);
        long written = Math.min(cacheWriteTokens, promptTokens - cached);
        return new TokenCounts(promptTokens - cached - written, cached, written, completionTokens);
    }

    /** Every prompt token, whatever its class: what a long-context price tier is decided on. */
    public long prompt() {
        return input + cachedInput + cacheWrite;
    }

    public boolean isEmpty() {
        return prompt() == 0 && output == 0;
    }
}
