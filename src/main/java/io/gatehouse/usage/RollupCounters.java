package io.gatehouse.usage;

/** What a roll-up row adds up, accumulated in memory over one flushed batch before it is written. */
final class RollupCounters {
    long apiCalls;
    long tokensIn;
    long tokensOut;
    long llmTokensIn;
    long llmTokensOut;
    long policyViolations;
    long alerts;
    long blocks;
    long severityLow;
    long severityMedium;
    long severityHigh;
    long latencyMsSum;
    long cachedTokens;
    long cacheWriteTokens;
    long costMicros;
    long unpricedCalls;

    void add(UsageRecord r) {
        apiCalls++;
        tokensIn += r.tokensIn();
        tokensOut += r.tokensOut();
        llmTokensIn += r.llmTokensIn();
        llmTokensOut += r.llmTokensOut();
        policyViolations += r.policyViolations();
        alerts += r.alerts();
        blocks += r.blocks();
        severityLow += r.severityLow();
        severityMedium += r.severityMedium();
        severityHigh += r.severityHigh();
        latencyMsSum += r.latencyMs();
        cachedTokens += r.cachedTokens();
        cacheWriteTokens += r.cacheWriteTokens();
        if (r.costMicros() == null) {
            unpricedCalls++;
        } else {
            costMicros += r.costMicros();
        }
    }

    /** The counters in the column order of {@link RollupWriter#COUNTERS}. */
    long[] values() {
        return new long[] {apiCalls, tokensIn, tokensOut, llmTokensIn, llmTokensOut, policyViolations, alerts, blocks,
                severityLow, severityMedium, severityHigh, latencyMsSum, cachedTokens, cacheWriteTokens, costMicros,
                unpricedCalls};
    }
}
