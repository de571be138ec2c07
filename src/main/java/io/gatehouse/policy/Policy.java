package io.gatehouse.policy;

import io.gatehouse.model.PolicyAction;
import io.gatehouse.model.RiskType;
import io.gatehouse.policy.detect.DetectorSelection;

/**
 * An enabled policy as the engine uses it: its rule, severity, action, and the detectors
 * its text selects (computed once when the snapshot is built).
 */
public record Policy(String id, String orgId, String workspaceId, String repoId, String name, String content,
                     RiskType risk, PolicyAction action, DetectorSelection selection) {

    /** Whether the policy applies to a repository (lower scopes add to the organization's, never override). */
    boolean appliesTo(String orgId, String workspaceId, String repoId) {
        if (!this.orgId.equals(orgId)) {
            return false;
        }
        if (this.repoId != null) {
            return this.repoId.equals(repoId);
        }
        return this.workspaceId == null || this.workspaceId.equals(workspaceId);
    }
}
