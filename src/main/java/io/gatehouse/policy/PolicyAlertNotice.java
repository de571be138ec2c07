package io.gatehouse.policy;

import java.time.Instant;

/**
 * A recorded policy alert as the webhooks receive it: the fields of a {@code /policy/alerts} item plus the
 * organization. {@code direction} is {@code INPUT} or {@code OUTPUT}; ids and names may be null where the request
 * had none (no user behind a repo key, for example).
 */
public record PolicyAlertNotice(String id, String policyId, String policyName, Instant timestamp, String message,
                                String conversationId, String repoId, String repoName, String userId, String userName,
                                String repoAiApiKeyId, String repoAiApiKeyName, String llmType, String llmModel,
                                String host, String direction, String orgId) {
}
