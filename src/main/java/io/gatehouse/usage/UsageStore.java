package io.gatehouse.usage;

import io.gatehouse.store.Columns;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
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
        try {
            jdbi.useTransaction(h -> {
                Connection connection = h.getConnection();
                boolean sqlite = Columns.isSqlite(connection);
                try (PreparedStatement insert = connection.prepareStatement(INSERT)) {
                    for (UsageRecord r : batch) {
                        bind(insert, r, sqlite);
                        insert.addBatch();
                    }
                    insert.executeBatch();
                }
                rollups.write(connection, sqlite, batch);
            });
        } catch (SQLException e) {
            throw new UnableToExecuteStatementException(e, null);
        }
    }

    private static void bind(PreparedStatement insert, UsageRecord r, boolean sqlite) throws SQLException {
        insert.setObject(1, Columns.timestampParameter(r.timestamp(), sqlite));
        insert.setString(2, r.orgId());
        insert.setString(3, r.workspaceId());
        insert.setString(4, r.repoId());
        insert.setString(5, r.aiLlmId());
        insert.setString(6, r.repoAiApiKeyId());
        insert.setString(7, r.llmType());
        insert.setString(8, r.llmModel());
        insert.setString(9, r.host());
        insert.setLong(10, r.tokensIn());
        insert.setLong(11, r.tokensOut());
        insert.setLong(12, r.llmTokensIn());
        insert.setLong(13, r.llmTokensOut());
        insert.setInt(14, r.status());
        insert.setString(15, r.outcome());
        insert.setBoolean(16, r.streamed());
        insert.setLong(17, r.latencyMs());
        insert.setInt(18, r.policyViolations());
        insert.setInt(19, r.alerts());
        insert.setInt(20, r.blocks());
        insert.setInt(21, r.severityLow());
        insert.setInt(22, r.severityMedium());
        insert.setInt(23, r.severityHigh());
        insert.setLong(24, r.cachedTokens());
        insert.setLong(25, r.cacheWriteTokens());
        insert.setObject(26, r.costMicros(), Types.BIGINT);
        insert.setString(27, r.priceVersion());
        insert.setString(28, r.requestId());
        insert.setString(29, r.userId());
        insert.setString(30, r.conversationId());
    }
}
