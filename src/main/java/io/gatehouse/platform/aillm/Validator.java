package io.gatehouse.platform.aillm;

import io.gatehouse.gateway.ConfigurationValidation;
import io.gatehouse.model.ValidationOutcome;
import io.gatehouse.store.SealedColumns;
import io.gatehouse.crypto.Secret;
import io.gatehouse.provider.Credentials;
import io.gatehouse.crypto.SecretBox;
import io.gatehouse.model.AiLlm;
import io.gatehouse.model.ValidationStatus;
import io.gatehouse.platform.Principal;
import io.gatehouse.platform.audit.AuditAction;
import io.gatehouse.platform.audit.AuditContext;
import io.gatehouse.platform.audit.AuditLog;
import org.jdbi.v3.core.Jdbi;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Validates a configuration against its provider and records what was found — status, message, the catalog on
 * success, an audit event — for the Platform API ({@code POST /ai/llm/{id}/validate}, by a user) and for the
 * gateway's own re-validation after a provider refused a configuration's credentials (by nobody: the audit event
 * says {@code source: gateway}). Blocking: the provider call runs outside any transaction.
 */
public final class Validator implements ConfigurationValidation {
    private final Jdbi jdbi;
    private final SecretBox box;
    private final ProviderProbe probe;
    private final AuditLog audit;
    private final Clock clock;

    public Validator(Jdbi jdbi, SecretBox box, ProviderProbe probe, AuditLog audit, Clock clock) {
        this.jdbi = jdbi;
        this.box = box;
        this.probe = probe;
        this.audit = audit;
        this.clock = clock;
    }

    @Override
    public Optional<AiLlm> find(String id) {
        return jdbi.withHandle(h -> AiLlms.byId(h, id));
    }

    /** Lists the provider's models with the configuration's credentials. */
    @Override
    public ValidationOutcome probe(AiLlm config) {
        Secret secret = config.secretSealed() == null ? null
                : box.open(config.secretSealed(), SealedColumns.AI_LLM_SECRET.context(config.id()));
        String keyId = config.keySealed() == null ? null
                : box.open(config.keySealed(), SealedColumns.AI_LLM_KEY.context(config.id())).reveal();
        Secret sessionToken = config.sessionTokenSealed() == null ? null
                : box.open(config.sessionTokenSealed(), SealedColumns.AI_LLM_SESSION_TOKEN.context(config.id()));
        return probe.probe(config.aiType(), config.endpoint(),
                new Credentials(keyId, secret, sessionToken, config.roleArn(), config.externalId()));
    }

    /**
     * Records {@code outcome} of validating {@code validated} (VALID or FAILED with its message, the catalog when it
     * succeeded, an audit event by {@code by}, or by the gateway when null) — unless the configuration was changed
     * since it was read; then nothing is recorded and the answer is empty.
     */
    public Optional<Instant> record(AiLlm validated, ValidationOutcome outcome, String message, Principal by) {
        ValidationStatus status = outcome.success() ? ValidationStatus.VALID : ValidationStatus.FAILED;
        Instant now = Instant.now(clock);
        boolean recorded = jdbi.inTransaction(h -> {
            if (!AiLlms.recordValidation(h, validated, status, message, now)) {
                return false;
            }
            if (outcome.success()) {
                AiLlms.replaceModels(h, validated.id(), outcome.models());
            }
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("name", validated.name());
            details.put("success", outcome.success());
            details.put("message", message);
            details.put("models", outcome.models().size());
            if (by == null) {
                details.put("source", "gateway");
            }
            audit.record(h, by != null
                    ? AuditLog.by(by, validated.workspaceId(), AuditContext.AILLM, validated.id(), AuditAction.VALIDATED, details)
                    : new AuditLog.Entry(validated.orgId(), validated.workspaceId(), null, AuditContext.AILLM,
                            validated.id(), AuditAction.VALIDATED, details));
            return true;
        });
        return recorded ? Optional.of(now) : Optional.empty();
    }

    @Override
    public boolean recordForGateway(AiLlm validated, ValidationOutcome outcome, String message) {
        return record(validated, outcome, message, null).isPresent();
    }

    /** The configurations the gateway marked FAILED (whose message starts with {@code messagePrefix}). */
    @Override
    public List<AiLlm> failedWith(String messagePrefix) {
        return jdbi.withHandle(h -> AiLlms.failedWith(h, messagePrefix));
    }
}
