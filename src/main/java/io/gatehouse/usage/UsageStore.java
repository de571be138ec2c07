package io.gatehouse.usage;

import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Writes one flushed batch in one transaction: the records into {@code usage_event} as one multi-row insert, and
 * their sums into the roll-ups of every family ({@link RollupWriter}). Either all of it lands or none, so a retried
 * batch is never counted twice.
 */
public final class UsageStore implements UsageSink {
    private static final String INSERT = """
            INSERT INTO usage_event (ts, org_id, workspace_id, repo_id, ai_llm_id, api_key_id, llm_type, llm_model,
                host, tokens_in, tokens_out, llm_tokens_in, llm_tokens_out, status, outcome, streamed, latency_ms,
                policy_violations, alerts, blocks, severity_low, severity_medium, severity_high, cached_tokens,
                cache_write_tokens, cost_micros, price_version, request_id, user_id, conversation_id)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""";

    private final Jdbi jdbi;
    private final RollupWriter rollups;

    public UsageStore(Jdbi jdbi) {
        this.jdbi = jdbi;
        this.rollups = new RollupWriter();
    }

    @Override
    public void write(List<UsageRecord> batch) {
        jdbi.useTransaction(h -> {
            PreparedBatch insert = h.prepareBatch(INSERT);
            for (UsageRecord r : batch) {
                bind(insert, r);
                insert.add();
            }
            insert.execute();
            rollups.write(h, batch);
        });
    }

    /** Positional binding: binding a record by its accessor methods cost a reflective lookup per row. */
    private static void bind(PreparedBatch insert, UsageRecord r) {
        insert.bind(0, OffsetDateTime.ofInstant(r.timestamp(), ZoneOffset.UTC))
                .bind(1, r.orgId()).bind(2, r.workspaceId()).bind(3, r.repoId()).bind(4, r.aiLlmId())
                .bind(5, r.repoAiApiKeyId()).bind(6, r.llmType()).bind(7, r.llmModel()).bind(8, r.host())
                .bind(9, r.tokensIn()).bind(10, r.tokensOut()).bind(11, r.llmTokensIn()).bind(12, r.llmTokensOut())
                .bind(13, r.status()).bind(14, r.outcome()).bind(15, r.streamed()).bind(16, r.latencyMs())
                .bind(17, r.policyViolations()).bind(18, r.alerts()).bind(19, r.blocks())
                .bind(20, r.severityLow()).bind(21, r.severityMedium()).bind(22, r.severityHigh())
                .bind(23, r.cachedTokens()).bind(24, r.cacheWriteTokens()).bind(25, r.costMicros()).bind(26, r.priceVersion())
                .bind(27, r.requestId()).bind(28, r.userId()).bind(29, r.conversationId());
    }
}
