package io.gatehouse.usage;

import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;

import java.util.List;

/** Writes usage records as one multi-row batch per flush into {@code usage_event}. */
public final class UsageStore implements UsageSink {
    private final Jdbi jdbi;

    public UsageStore(Jdbi jdbi) {
        this.jdbi = jdbi;
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
        });
    }
}
