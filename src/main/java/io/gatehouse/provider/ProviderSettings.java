package io.gatehouse.provider;

import java.time.Clock;

/**
 * The node-wide settings and services the translations read.
 *
 * @param anthropicVersion   {@code anthropic-version} sent to Anthropic unless the client sent one
 * @param anthropicMaxTokens {@code max_tokens} for Anthropic models the catalog and family table do not know
 * @param geminiApiVersion   the Gemini API version path segment
 * @param clock              what answers' {@code created} times are read from
 * @param ids                where translated answers' ids come from
 */
public record ProviderSettings(String anthropicVersion, int anthropicMaxTokens, String geminiApiVersion, Clock clock,
                               IdGenerator ids) {
}
