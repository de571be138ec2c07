package io.gatehouse.policy;

import io.gatehouse.store.BatchSink;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * Writes a batch of violations and their alerts in one transaction, with their per-rule roll-ups
 * ({@link PolicyRuleRollups}), then hands the alerts to the notifiers (after
 * the commit, so a retried batch notifies once and a notified alert can be read back).
 */
public final class PolicyEventStore implements BatchSink<PolicyEvent> {
    private static final Logger log = LoggerFactory.getLogger(PolicyEventStore.class);

    private final Jdbi jdbi;
    private final List<AlertNotifier> notifiers;

    public PolicyEventStore(Jdbi jdbi, List<AlertNotifier> notifiers) {
        this.jdbi = jdbi;
        this.notifiers = List.copyOf(notifiers);
    }

    @Override
    public void write(List<PolicyEvent> batch) {
        jdbi.useTransaction(h -> {
            PreparedBatch violations = h.prepareBatch("""
                    INSERT INTO policy_violation (id, org_id, workspace_id, policy_id, policy_name, ts, explanation,
                        request_id, user_id, conversation_id, repo_id, repo_name, api_key_id, api_key_name, severity,
                        block, action_type, llm_type, llm_model, host, direction, evaluator, masked_spans)
                    VALUES (:id, :orgId, :workspaceId, :policyId, :policyName, :timestamp, :explanation,
                        :requestId, :userId, :conversationId, :repoId, :repoName, :apiKeyId, :apiKeyName, :severity, :block, :actionType,
                        :llmType, :llmModel, :host, :direction, :evaluator, :maskedSpans)""");
            PreparedBatch alerts = h.prepareBatch("""
                    INSERT INTO policy_alert (id, org_id, workspace_id, policy_id, policy_name, ts, message,
                        request_id, user_id, conversation_id, repo_id, repo_name, api_key_id, api_key_name, llm_type,
                        llm_model, host, direction, action_type)
                    VALUES (:id, :orgId, :workspaceId, :policyId, :policyName, :timestamp, :message,
                        :requestId, :userId, :conversationId, :repoId, :repoName, :apiKeyId, :apiKeyName, :llmType, :llmModel, :host, :direction,
                        :actionType)""");
            for (PolicyEvent e : batch) {
                violations.bindMethods(e).add();
                if (e.alert() != null) {
                    alerts.bindMethods(e.alert()).add();
                }
            }
            violations.execute();
            if (alerts.size() > 0) {
                alerts.execute();
            }
            PolicyRuleRollups.write(h, batch);
        });
        for (PolicyEvent e : batch) {
            if (e.alert() != null) {
                for (AlertNotifier notifier : notifiers) {
                    try {
                        notifier.notify(e.alert());
                    } catch (RuntimeException failure) {
                        log.warn("Alert notifier {} failed for alert {}: {}", notifier.getClass().getSimpleName(),
                                e.alert().id(), failure.toString());
                    }
                }
            }
        }
    }
}
