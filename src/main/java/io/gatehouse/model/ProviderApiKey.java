package io.gatehouse.model;

import java.time.Instant;

/**
 * A shared provider credential of a workspace ({@code /apikeys}): one provider account's secret (and, for AWS, its
 * access key id), given once and referenced by any number of configurations, so rotating it once reaches them all.
 * The credentials are held only as {@link io.gatehouse.crypto.SecretBox} ciphertexts; {@code keyHint} is the masked
 * key id shown to users. {@code endpoint} is where the secret may be sent (null: the provider's default).
 */
public record ProviderApiKey(String id, String orgId, String workspaceId, String userId, AiType provider,
                             String keySealed, String keyHint, String secretSealed, String endpoint, String region,
                             String description, Instant createdAt, Instant updatedAt) {

    /** Names only: even ciphertext stays out of logs and exception messages. */
    @Override
    public String toString() {
        return "ProviderApiKey{id=" + id + ", provider=" + provider + "}";
    }
}
