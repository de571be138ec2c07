package io.gatehouse.platform.policy;

import io.gatehouse.model.PolicyAction;
import io.gatehouse.model.PolicyScope;
import io.gatehouse.model.RiskType;
import java.time.Instant;

/**
 * A stored policy, with the names the API shows beside its ids (its authors, workspace and repository).
 *
 * @param workspaceId null for an organization policy; for a repository policy, the repository's workspace
 * @param repoId      null unless the policy is the repository's
 */
public record Policy(String id, String orgId, String workspaceId, String repoId, String name, String content,
                     RiskType riskType, PolicyAction action, boolean enabled, Author createdBy, Instant createdAt,
                     Author lastUpdatedBy, Instant lastUpdatedAt, String workspaceName, String repoName) {

    /** Who created or last changed a policy, as the reference shows it. */
    public record Author(String id, String email, String name, String lastName) {
    }

    public PolicyScope scope() {
        return PolicyScope.of(workspaceId, repoId);
    }
}
