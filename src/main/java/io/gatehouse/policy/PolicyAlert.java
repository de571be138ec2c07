package io.gatehouse.policy;

import java.time.Instant;

/**
 * An alert as stored in {@code policy_alert} and handed to the {@link AlertNotifier}s once it is stored;
 * {@code actionType} is the action code of the rule that raised it (1 alert, 2 block).
 */
public record PolicyAlert(String id, String orgId, String workspaceId, String policyId, String policyName,
                          Instant timestamp, String message, String requestId, String userId, String conversationId,
                          String repoId, String repoName,
                          String apiKeyId, String apiKeyName, String llmType, String llmModel, String host,
                          String direction, int actionType) {
}
