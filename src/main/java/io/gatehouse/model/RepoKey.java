package io.gatehouse.model;

import java.time.Instant;
import java.util.List;

/**
 * A repo AI API key as stored: the SHA-256 of its secret and the masked hint, never the secret itself.
 * {@code allowedModels} null means every model the repository reaches.
 */
public record RepoKey(String id, String repoId, String name, String aiType, String keyHash, String keyHint,
                      Instant expiresAt, List<String> allowedModels, KeyLimits limits, String createdBy,
                      Instant createdAt, Instant deletedAt) {
}
