package io.gatehouse.provider.anthropic;

import io.gatehouse.provider.JsonOut;
import io.gatehouse.provider.Usage;

/** Pieces of Anthropic output shared by the non-streaming and streaming translations from OpenAI answers. */
final class AnthropicShapes {
    private AnthropicShapes() {
    }

    /** {@code chatcmpl-X} → {@code msg_gh_X}: recognisably Gatehouse-made, stable for the same upstream id. */
    static String messageId(String openAiId) {
        String id = openAiId == null ? "" : openAiId;
        return "msg_gh_" + (id.startsWith("chatcmpl-") ? id.substring("chatcmpl-".length()) : id);
    }

    /**
     * Anthropic usage from OpenAI usage (MAPPING §4.6): {@code input_tokens} excludes cache reads and writes,
     * which get their own fields.
     */
    static void writeUsage(JsonOut out, Usage usage) {
        if (usage == null) {
            out.raw("{\"output_tokens\":0}");
            return;
        }
        long cacheWrite = usage.cacheWriteTokens() == null ? 0 : usage.cacheWriteTokens();
        out.raw("{\"input_tokens\":").number(usage.promptTokens() - usage.cachedTokens() - cacheWrite)
                .raw(",\"cache_read_input_tokens\":").number(usage.cachedTokens());
        if (usage.cacheWriteTokens() != null) {
            out.raw(",\"cache_creation_input_tokens\":").number(cacheWrite);
        }
        out.raw(",\"output_tokens\":").number(usage.completionTokens()).raw("}");
    }
}
