package io.gatehouse.platform.workspace;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.time.Instant;

/** A workspace: the unit that holds AI LLM configurations and repositories, and grants access to members. */
public record Workspace(String id, String name, String orgId, @JsonProperty("default") boolean isDefault, Instant createdAt) {
}
