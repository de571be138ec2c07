package io.gatehouse.gateway;

import io.gatehouse.model.AiLlm;
import io.gatehouse.model.ValidationOutcome;

import java.util.List;
import java.util.Optional;

/**
 * What {@link StoredCredentialFailures} needs to validate a configuration again and record the result; the control
 * plane's validator implements it, so the data plane never reaches into the Platform API.
 */
public interface ConfigurationValidation {
    Optional<AiLlm> find(String id);

    /** Lists the provider's models with the configuration's stored credentials. */
    ValidationOutcome probe(AiLlm config);

    /**
     * Records the outcome as the gateway's (VALID or FAILED with {@code message}, with an audit event); false when the
     * configuration was changed since it was read, and nothing was recorded.
     */
    boolean recordForGateway(AiLlm validated, ValidationOutcome outcome, String message);

    /** The configurations the gateway marked FAILED (whose message starts with {@code messagePrefix}). */
    List<AiLlm> failedWith(String messagePrefix);
}
