package io.gatehouse.policy;

import java.time.Instant;

/**
 * One recorded violation (a {@code policy_violation} row) and, for ALERT and BLOCK rules, its alert; queued by the
 * engine and written in batches by {@link PolicyEventStore}. {@code maskedSpans}: how many spans a REDACT rule masked.
 */
public record PolicyEvent(String id, String orgId, String workspaceId, String policyId, String policyName,
                          Instant timestamp, String explanation, String requestId, String userId, String conversationId,
                          String repoId, String repoName,
                          String apiKeyId, String apiKeyName, String severity, boolean block, int actionType,
                          String llmType, String llmModel, String host, String direction, String evaluator,
                          int maskedSpans, PolicyAlert alert) {
}
