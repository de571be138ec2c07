package io.gatehouse.console.view;

import java.time.Instant;

/** A repository's key ({@code /repo/{id}/ai/apikey}); {@code key} is masked, the secret is never listed; {@code expiresAt} null: never. */
public record RepoKey(String id, String name, String key, Instant createdAt, Instant expiresAt) {
}
