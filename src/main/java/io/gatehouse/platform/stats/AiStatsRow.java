package io.gatehouse.platform.stats;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One {@code AiStatsData} row: a bucket of one (repository, configuration, key, type, model, host) — and of one end
 * user and/or conversation when the query filtered by them ({@code userId}, {@code conversationId} null otherwise).
 */
record AiStatsRow(Instant bucketStart, String repoId, String aiLlmId, String apiKeyId, String llmType, String llmModel,
                  String host, String userId, String conversationId, long activeConversations, long apiCalls, long tokensIn, long tokensOut, long llmTokensIn, long llmTokensOut,
                  long policyViolations, long alerts, long blocks, long severityLow, long severityMedium,
                  long severityHigh, long latencyMsSum, long cachedTokens, long cacheWriteTokens, long costMicros,
                  long unpricedCalls) {

    /** The usage dimensions the row is of (bucket first), as {@link AiStats} matches them across roll-ups. */
    List<Object> dimensions() {
        return List.of(bucketStart, repoId, aiLlmId, apiKeyId, llmType, llmModel, host);
    }

    AiStatsRow withActiveConversations(long active) {
        return new AiStatsRow(bucketStart, repoId, aiLlmId, apiKeyId, llmType, llmModel, host, userId, conversationId,
                active, apiCalls, tokensIn, tokensOut, llmTokensIn, llmTokensOut, policyViolations, alerts, blocks,
                severityLow, severityMedium, severityHigh, latencyMsSum, cachedTokens, cacheWriteTokens, costMicros,
                unpricedCalls);
    }

    /**
     * The reference shape: token counters as strings (they can exceed 2^53), counts as numbers, {@code latency_ms}
     * (the bucket's average) in snake case, {@code timestamp} the bucket start in epoch milliseconds; a dimension
     * the requests never reached is null. {@code cachedTokens} and {@code cacheWriteTokens} are parts of
     * {@code tokensIn}; {@code cost} is dollars with six decimals, null when no request of the row had a price, and
     * {@code unpricedCalls} counts the requests it leaves out (tokens of a model without a price).
     * {@code activeConversations} is how many distinct conversations the row's requests named; {@code userUuid} and
     * {@code conversationUuid} are the end user and conversation of the row when the query split by them, else null.
     */
    Map<String, Object> view() {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("timestamp", bucketStart.toEpochMilli());
        v.put("repoId", dimension(repoId));
        v.put("aiLlmId", dimension(aiLlmId));
        v.put("repoAiApiKeyId", dimension(apiKeyId));
        v.put("tokensIn", Long.toString(tokensIn));
        v.put("tokensOut", Long.toString(tokensOut));
        v.put("llmTokensIn", Long.toString(llmTokensIn));
        v.put("llmTokensOut", Long.toString(llmTokensOut));
        v.put("cachedTokens", Long.toString(cachedTokens));
        v.put("cacheWriteTokens", Long.toString(cacheWriteTokens));
        v.put("cost", AiStats.cost(apiCalls, costMicros, unpricedCalls));
        v.put("unpricedCalls", unpricedCalls);
        v.put("activeConversations", activeConversations);
        v.put("userUuid", userId);
        v.put("conversationUuid", conversationId);
        v.put("apiCalls", apiCalls);
        v.put("policyViolations", policyViolations);
        v.put("numAlerts", alerts);
        v.put("numBlocks", blocks);
        v.put("numSeverityLow", severityLow);
        v.put("numSeverityMedium", severityMedium);
        v.put("numSeverityHigh", severityHigh);
        v.put("latency_ms", apiCalls == 0 ? 0 : Math.round((double) latencyMsSum / apiCalls));
        v.put("llmType", dimension(llmType));
        v.put("llmModel", dimension(llmModel));
        v.put("host", dimension(host));
        return v;
    }

    private static String dimension(String stored) {
        return stored.isEmpty() ? null : stored;
    }
}
