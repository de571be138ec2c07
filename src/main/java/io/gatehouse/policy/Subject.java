package io.gatehouse.policy;

/**
 * What a recorded violation is about: the request (its gateway request id, and the end user and conversation it named,
 * null when none), where it came from (organization, workspace, repository and key, with the names copied so rows stay
 * readable after renames) and where it went (provider type, model, upstream host).
 */
public record Subject(String requestId, String userId, String conversationId, String orgId, String workspaceId, String repoId, String repoName,
                      String keyId, String keyName, String llmType, String llmModel, String host) {
}
