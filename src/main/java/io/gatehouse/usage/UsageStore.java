package io.gatehouse.usage;

import io.gatehouse.store.Database;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;

import java.util.List;

/**
 * Writes one flushed batch in one transaction: the records into {@code usage_event} as one multi-row insert, and
 * their sums into the minute and day roll-ups ({@link RollupWriter}). Either all of it lands or none, so a retried
 * batch is never counted twice.
 */
public final class UsageStore implements UsageSink {
    private final Jdbi jdbi;
    private final RollupWriter rollups;

    public UsageStore(Jdbi jdbi, Database.Engine engine) {
        this.jdbi = jdbi;
        this.rollups = new RollupWriter(engine);
    }

    @Override
    public void write(List<UsageRecord> batch) {
        jdbi.useTransaction(h -> {
            PreparedBatch insert = h.prepareBatch("""
                    INSERT INTO usage_event (ts, org_id, workspace_id, repo_id, ai_llm_id, api_key_id, llm_type, llm_model,
                        host, tokens_in, tokens_out, llm_tokens_in, llm_tokens_out, status, outcome, streamed, latency_ms,
                        policy_violations, alerts, blocks, severity_low, severity_medium, severity_high)
                    VALUES (:timestamp, :orgId, :workspaceId, :repoId, :aiLlmId, :repoAiApiKeyId, :llmType, :llmModel,
                        :host, :tokensIn, :tokensOut, :llmTokensIn, :llmTokensOut, :status, :outcome, :streamed, :latencyMs,
                        :policyViolations, :alerts, :blocks, :severityLow, :severityMedium, :severityHigh)""");
            for (UsageRecord r : batch) {
                insert.bindMethods(r).add();
            }
            insert.execute();
            rollups.write(h, batch);
        });
    }
}
