package io.gatehouse.policy;

import java.time.Instant;

/** An alert as stored in {@code policy_alert} and handed to the {@link AlertNotifier}s once it is stored. */
public record PolicyAlert(String id, String orgId, String workspaceId, String policyId, String policyName,
                          Instant timestamp, String message, String requestId, String userId, String conversationId,
                          String repoId, String repoName,
                          String apiKeyId, String apiKeyName, String llmType, String llmModel, String host,
                          String direction) {
}
