package io.gatehouse.provider.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.provider.Usage;

/**
 * Converse {@code usage} in OpenAI's convention. Bedrock counts {@code inputTokens} without the prompt-cache reads
 * and writes ({@code cacheReadInputTokens}, {@code cacheWriteInputTokens}); OpenAI's {@code prompt_tokens} includes
 * them, so they are added to it and reported as its cached and cache-write parts.
 */
final class BedrockUsage {
    private BedrockUsage() {
    }

    /** The usage of a {@code usage} object; {@code null} when there is none. */
    static Usage read(JsonNode usage) {
        if (!usage.isObject()) {
            return null;
        }
        long input = Usage.clamp(usage.path("inputTokens").asLong(0));
        long output = Usage.clamp(usage.path("outputTokens").asLong(0));
        long cacheRead = Usage.clamp(usage.path("cacheReadInputTokens").asLong(0));
        Long cacheWrite = usage.has("cacheWriteInputTokens") ? Usage.clamp(usage.path("cacheWriteInputTokens").asLong(0)) : null;
        long prompt = input + cacheRead + (cacheWrite == null ? 0 : cacheWrite);
        boolean implausible = Usage.outOfRange(usage.path("inputTokens").asLong(0))
                || Usage.outOfRange(usage.path("outputTokens").asLong(0))
                || Usage.outOfRange(usage.path("cacheReadInputTokens").asLong(0))
                || Usage.outOfRange(usage.path("cacheWriteInputTokens").asLong(0));
        return new Usage(prompt, output, prompt + output, cacheRead, cacheWrite, null, implausible);
    }
}
