package io.gatehouse.model;

import java.time.Instant;

/** A repository: what an application's keys belong to, and which AI LLM configurations it may reach. */
public record Repo(String id, String orgId, String workspaceId, String name, boolean disabled, String createdBy,
                   Instant createdAt, Instant updatedAt) {
}
