package io.gatehouse.console.view;

/**
 * One bucket of {@code /aistats/minute|daily}: its start ({@code timestamp}, epoch milliseconds), the dimensions the
 * charts break down by (null when the requests never reached one), and the counts they draw. The API sends token
 * counts as strings (they may exceed 2^53); they bind to {@code long} all the same. {@code cost} is dollars with six
 * decimals, null when no request of the bucket had a price; {@code unpricedCalls} are the requests it leaves out.
 */
public record UsageRow(long timestamp, String repoId, String aiLlmId, String repoAiApiKeyId, String llmModel,
                       long apiCalls, long tokensIn, long tokensOut, long policyViolations, long numBlocks,
                       long cachedTokens, String cost, long unpricedCalls) {
}
