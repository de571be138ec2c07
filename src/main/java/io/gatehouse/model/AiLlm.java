package io.gatehouse.model;

import io.gatehouse.model.price.PriceList;

import java.time.Instant;

/**
 * A stored AI LLM configuration. The credentials are held only as {@link io.gatehouse.crypto.SecretBox}
 * ciphertexts ({@code secretSealed}, {@code keySealed}, AWS's {@code sessionTokenSealed}); {@code keyHint} is the
 * masked key id shown to users. {@code prices} are the configuration's own prices, which win over the shipped price
 * table ({@link PriceList#NONE} when it has none). {@code apiKeyId} names the shared provider credential
 * ({@link ProviderApiKey}) the credentials are a copy of, or is null when the configuration holds its own. AWS
 * configurations may name a role to assume ({@code roleArn}, with its optional {@code externalId}; neither is a
 * secret).
 */
public record AiLlm(String id, String orgId, String workspaceId, String userId, String name, AiType aiType,
                    String endpoint, String secretSealed, String keySealed, String keyHint,
                    ValidationStatus validationStatus, String validationMessage, Instant lastValidatedAt,
                    Instant createdAt, Instant updatedAt, PriceList prices, String apiKeyId,
                    String sessionTokenSealed, String roleArn, String externalId) {

    /** A configuration without temporary AWS credentials. */
    public AiLlm(String id, String orgId, String workspaceId, String userId, String name, AiType aiType,
                 String endpoint, String secretSealed, String keySealed, String keyHint,
                 ValidationStatus validationStatus, String validationMessage, Instant lastValidatedAt,
                 Instant createdAt, Instant updatedAt, PriceList prices, String apiKeyId) {
        this(id, orgId, workspaceId, userId, name, aiType, endpoint, secretSealed, keySealed, keyHint, validationStatus,
                validationMessage, lastValidatedAt, createdAt, updatedAt, prices, apiKeyId, null, null, null);
    }

    /** Names only: even ciphertext stays out of logs and exception messages. */
    @Override
    public String toString() {
        return "AiLlm{id=" + id + ", name=" + name + ", aiType=" + aiType + "}";
    }
}
