package io.gatehouse.policy;

/**
 * What a recorded violation is about: the request ({@code conversationId} = the gateway request id), where it came
 * from (organization, workspace, repository and key, with the names copied so rows stay readable after renames) and
 * where it went (provider type, model, upstream host).
 */
public record Subject(String conversationId, String orgId, String workspaceId, String repoId, String repoName,
                      String keyId, String keyName, String llmType, String llmModel, String host) {
}
