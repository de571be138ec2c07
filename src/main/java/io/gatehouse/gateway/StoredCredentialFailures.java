package io.gatehouse.gateway;

import io.gatehouse.gateway.snapshot.Upstream;
import io.gatehouse.platform.aillm.AiLlms;
import io.gatehouse.platform.audit.AuditAction;
import io.gatehouse.platform.audit.AuditContext;
import io.gatehouse.platform.audit.AuditLog;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * Marks a configuration FAILED in the store when the provider refuses its credentials, off the event loop, with an
 * audit event (which also moves the change feed, so every node stops routing to it). The configuration stays FAILED
 * until someone validates it again.
 */
public final class StoredCredentialFailures implements CredentialFailures {
    private static final Logger log = LoggerFactory.getLogger(StoredCredentialFailures.class);

    private final Jdbi jdbi;
    private final AuditLog audit;
    private final Clock clock;
    private final Executor executor;

    public StoredCredentialFailures(Jdbi jdbi, AuditLog audit, Clock clock, Executor executor) {
        this.jdbi = jdbi;
        this.audit = audit;
        this.clock = clock;
        this.executor = executor;
    }

    @Override
    public void refused(Upstream upstream, String providerMessage) {
        if (!upstream.markFailing()) {
            return;
        }
        log.warn("The provider refused the credentials of AI LLM configuration {} ({}); it is marked FAILED until validated again",
                upstream.id(), upstream.name());
        try {
            executor.execute(() -> store(upstream, providerMessage));
        } catch (java.util.concurrent.RejectedExecutionException shuttingDown) {
            log.warn("Shutting down: AI LLM configuration {} is not marked failing in the store", upstream.id());
        }
    }

    private void store(Upstream upstream, String providerMessage) {
            try {
                jdbi.useTransaction(h -> {
                    String message = "The provider refused the credentials on a gateway call: " + providerMessage;
                    if (AiLlms.markFailing(h, upstream.id(), message, Instant.now(clock))) {
                        Map<String, Object> details = new LinkedHashMap<>();
                        details.put("name", upstream.name());
                        details.put("success", false);
                        details.put("message", message);
                        details.put("source", "gateway");
                        audit.record(h, new AuditLog.Entry(upstream.orgId(), upstream.workspaceId(), null,
                                AuditContext.AILLM, upstream.id(), AuditAction.VALIDATED, details));
                    }
                });
            } catch (RuntimeException e) {
                log.warn("Could not mark AI LLM configuration {} as failing in the store: {}", upstream.id(), e.toString());
            }
    }
}
