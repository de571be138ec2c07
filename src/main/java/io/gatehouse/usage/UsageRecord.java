package io.gatehouse.usage;

import java.time.Instant;

/**
 * What one gateway request cost and how it ended, as handed to the {@link UsageRecorder}. Tokens are the provider's
 * own counts; {@code llmTokensIn/Out} are those the policy judge spent on this request. {@code host} is the upstream
 * host that served it (e.g. {@code api.openai.com}).
 *
 * @param status   the HTTP status the client received (200 also for streams that later failed)
 * @param outcome  how it ended: {@code ok}, {@code upstream_error}, {@code client_error}, {@code blocked},
 *                 {@code cancelled} (client went away), {@code timeout}
 * @param cachedTokens     the part of {@code tokensIn} read from the provider's prompt cache
 * @param cacheWriteTokens the part of {@code tokensIn} written to it (Anthropic)
 * @param costMicros       what the provider call cost in micro-dollars; null when it had tokens but no price
 * @param priceVersion     the price list that priced it (a shipped table's version, or {@code override@…})
 * @param requestId        the gateway's id of the request ({@code x-request-id}), for the request log
 * @param userId           the end user the client named ({@link AttributionIds}), or null
 * @param conversationId   the conversation the client named, or null
 */
public record UsageRecord(Instant timestamp, String orgId, String workspaceId, String repoId, String aiLlmId,
                          String repoAiApiKeyId, String llmType, String llmModel, String host,
                          long tokensIn, long tokensOut, long llmTokensIn, long llmTokensOut,
                          int status, String outcome, boolean streamed, long latencyMs,
                          int policyViolations, int alerts, int blocks,
                          int severityLow, int severityMedium, int severityHigh,
                          long cachedTokens, long cacheWriteTokens, Long costMicros, String priceVersion,
                          String requestId, String userId, String conversationId) {
}
