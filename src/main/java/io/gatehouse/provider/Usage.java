package io.gatehouse.provider;

import io.gatehouse.model.price.TokenCounts;

/**
 * Token usage in OpenAI's convention: {@code cachedTokens} and {@code cacheWriteTokens} are parts of
 * {@code promptTokens}, {@code reasoningTokens} a part of {@code completionTokens}. A detail the provider does not
 * report is {@code null} and is left out of the JSON.
 *
 * <p>The numbers come from the provider and are not trusted as given: each is clamped into 0 to {@link #MAX_TOKENS}
 * (a negative count becomes 0, an absurd one the bound), and {@code implausible} tells that one had to be, so the
 * gateway can flag it.
 */
public record Usage(long promptTokens, long completionTokens, long totalTokens, long cachedTokens,
                    Long cacheWriteTokens, Long reasoningTokens, boolean implausible) {
    /** The largest token count taken as given (and the largest token limit a client may ask for): 2^31 - 1. */
    public static final long MAX_TOKENS = Integer.MAX_VALUE;

    public Usage {
        implausible = implausible || outOfRange(promptTokens) || outOfRange(completionTokens)
                || outOfRange(totalTokens) || outOfRange(cachedTokens)
                || cacheWriteTokens != null && outOfRange(cacheWriteTokens)
                || reasoningTokens != null && outOfRange(reasoningTokens);
        promptTokens = clamp(promptTokens);
        completionTokens = clamp(completionTokens);
        totalTokens = clamp(totalTokens);
        cachedTokens = clamp(cachedTokens);
        cacheWriteTokens = cacheWriteTokens == null ? null : clamp(cacheWriteTokens);
        reasoningTokens = reasoningTokens == null ? null : clamp(reasoningTokens);
    }

    /** The counts as a provider reported them (clamped, see above). */
    public Usage(long promptTokens, long completionTokens, long totalTokens, long cachedTokens, Long cacheWriteTokens,
                 Long reasoningTokens) {
        this(promptTokens, completionTokens, totalTokens, cachedTokens, cacheWriteTokens, reasoningTokens, false);
    }

    /** Whether a reported count is not a count: negative, or above {@link #MAX_TOKENS}. */
    public static boolean outOfRange(long count) {
        return count < 0 || count > MAX_TOKENS;
    }

    /** A reported count within 0 to {@link #MAX_TOKENS}; parts are clamped before they are added up. */
    public static long clamp(long count) {
        return Math.max(0, Math.min(MAX_TOKENS, count));
    }

    /** The tokens by price class, the cached ones and cache writes taken out of the prompt once. */
    public TokenCounts tokenCounts() {
        return TokenCounts.ofPrompt(promptTokens, cachedTokens, cacheWriteTokens == null ? 0 : cacheWriteTokens,
                completionTokens);
    }

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
}
