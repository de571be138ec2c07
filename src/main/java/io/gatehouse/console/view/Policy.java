package io.gatehouse.console.view;

import java.time.Instant;

/**
 * A policy ({@code /policy}) at its scope: the organization's ({@code workspaceId} null), a workspace's or a
 * repository's ({@code workspace} and {@code repo} name them, null when not set). {@code actionType} is the API's
 * number: 0 log, 1 alert, 2 block, 3 redact. {@code enforcement} says who decides it: detectors, the judge or both.
 */
public record Policy(String id, String workspaceId, String scope, String name, String content, String riskType,
                     int actionType, boolean enabled, Person createdBy, Instant createdAt, Person lastUpdatedBy,
                     Instant lastUpdatedAt, Named workspace, Named repo, Enforcement enforcement) {

    public boolean organizationWide() {
        return workspaceId == null;
    }
}
