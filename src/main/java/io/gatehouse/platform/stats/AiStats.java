package io.gatehouse.platform.stats;

import io.gatehouse.model.price.CostCalculator;
import io.gatehouse.store.Columns;
import io.gatehouse.platform.Access;
import io.gatehouse.platform.Principal;
import io.gatehouse.usage.Bucket;
import io.gatehouse.usage.Rollup;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** SQL reading the usage roll-ups: statistics rows for {@code /aistats} and totals per configuration. */
public final class AiStats {
    /** What a row is per: the bucket and the usage dimensions (workspace aside: a repository is in one). */
    private static final List<String> DIMENSIONS = List.of("bucket_start", "repo_id", "ai_llm_id", "api_key_id",
            "llm_type", "llm_model", "host");
    private static final String COUNTERS = """
            SUM(api_calls) AS api_calls, SUM(tokens_in) AS tokens_in, SUM(tokens_out) AS tokens_out,
              SUM(llm_tokens_in) AS llm_tokens_in, SUM(llm_tokens_out) AS llm_tokens_out,
              SUM(policy_violations) AS policy_violations, SUM(alerts) AS alerts, SUM(blocks) AS blocks,
              SUM(severity_low) AS severity_low, SUM(severity_medium) AS severity_medium,
              SUM(severity_high) AS severity_high, SUM(latency_ms_sum) AS latency_ms_sum,
              SUM(cached_tokens) AS cached_tokens, SUM(cache_write_tokens) AS cache_write_tokens,
              SUM(cost_micros) AS cost_micros, SUM(unpriced_calls) AS unpriced_calls""";

    /** Usage totals of one configuration over the day buckets kept. */
    public record Totals(long apiCalls, long tokensIn, long tokensOut, long llmTokensIn, long llmTokensOut,
                         long policyViolations, long alerts, long blocks, long costMicros, long unpricedCalls) {
        public static final Totals NONE = new Totals(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

        /** The known cost in dollars; null when every call counted had tokens without a price. */
        public String cost() {
            return AiStats.cost(apiCalls, costMicros, unpricedCalls);
        }
    }

    /**
     * A cost as the API shows it: dollars with six decimals, the sum of the calls that had a price. Null when no call
     * had one (all of them unpriced), so an unknown cost never reads as zero; {@code unpricedCalls} says how many calls
     * the sum leaves out.
     */
    static String cost(long apiCalls, long costMicros, long unpricedCalls) {
        return apiCalls > 0 && unpricedCalls == apiCalls ? null : CostCalculator.dollars(costMicros);
    }

    private AiStats() {
    }

    /**
     * The rows of one granularity matching the filter among those the caller may see (its organization; for members,
     * only the workspaces they belong to), oldest first. At most {@code limit} rows: the newest ones. Filtered by end
     * user or conversation, the rows come from the conversation roll-up and are split per user and/or conversation
     * filtered on; else from the usage roll-up, with {@code activeConversations} counted from the conversation roll-up.
     */
    static List<AiStatsRow> rows(Handle h, Principal caller, Bucket bucket, AiStatsFilter f, int limit) {
        List<String> split = new ArrayList<>();
        if (!f.userIds().isEmpty()) {
            split.add("user_id");
        }
        if (!f.conversationIds().isEmpty()) {
            split.add("conversation_id");
        }
        Rollup source = split.isEmpty() ? Rollup.USAGE : Rollup.CONVERSATION;
        String groups = String.join(", ", concat(DIMENSIONS, split));
        String sql = "SELECT " + groups + ", " + COUNTERS
                + (split.isEmpty() ? "" : ", COUNT(DISTINCT NULLIF(conversation_id, '')) AS active_conversations")
                + " FROM " + source.table(bucket) + where(caller, f)
                + " GROUP BY " + groups + " ORDER BY bucket_start DESC, " + groups.substring("bucket_start, ".length())
                + " LIMIT :limit";
        List<AiStatsRow> rows = new ArrayList<>(bind(h.createQuery(sql), caller, f).bind("limit", limit)
                .map((rs, ctx) -> row(rs, split)).list());
        if (split.isEmpty() && !rows.isEmpty()) {
            Map<List<Object>, Long> active = activeConversations(h, caller, bucket, f);
            rows.replaceAll(r -> r.withActiveConversations(active.getOrDefault(r.dimensions(), 0L)));
        }
        // Newest first picked the rows to keep; answer them oldest first (stable: dimensions stay in order).
        rows.sort(Comparator.comparing(AiStatsRow::bucketStart));
        return rows;
    }

    /** Distinct conversations per usage row's dimensions, over the same range and filters. */
    private static Map<List<Object>, Long> activeConversations(Handle h, Principal caller, Bucket bucket, AiStatsFilter f) {
        String sql = "SELECT " + String.join(", ", DIMENSIONS) + ", COUNT(DISTINCT conversation_id) AS active"
                + " FROM " + Rollup.CONVERSATION.table(bucket) + where(caller, f) + " AND conversation_id <> ''"
                + " GROUP BY " + String.join(", ", DIMENSIONS);
        Map<List<Object>, Long> active = new HashMap<>();
        bind(h.createQuery(sql), caller, f).map((rs, ctx) -> {
            List<Object> key = new ArrayList<>();
            key.add(Columns.instant(rs, "bucket_start"));
            for (String column : DIMENSIONS.subList(1, DIMENSIONS.size())) {
                key.add(rs.getString(column));
            }
            return Map.entry(key, rs.getLong("active"));
        }).forEach(e -> active.put(e.getKey(), e.getValue()));
        return active;
    }

    private static String where(Principal caller, AiStatsFilter f) {
        StringBuilder sql = new StringBuilder(" WHERE org_id = :orgId").append(Access.visibleWorkspaces(caller, "workspace_id"))
                .append(" AND bucket_start >= :from AND bucket_start <= :to");
        if (f.anyId()) {
            List<String> alternatives = new ArrayList<>();
            addIn(alternatives, "repo_id", "repoIds", f.repoIds());
            addIn(alternatives, "ai_llm_id", "aiLlmIds", f.aiLlmIds());
            addIn(alternatives, "api_key_id", "keyIds", f.keyIds());
            sql.append(" AND (").append(String.join(" OR ", alternatives)).append(')');
        }
        List<String> narrowing = new ArrayList<>();
        addIn(narrowing, "llm_type", "llmTypes", f.llmTypes());
        addIn(narrowing, "llm_model", "llmModels", f.llmModels());
        addIn(narrowing, "host", "hosts", f.hosts());
        addIn(narrowing, "user_id", "userIds", f.userIds());
        addIn(narrowing, "conversation_id", "conversationIds", f.conversationIds());
        narrowing.forEach(condition -> sql.append(" AND ").append(condition));
        return sql.toString();
    }

    private static Query bind(Query query, Principal caller, AiStatsFilter f) {
        query.bind("orgId", caller.orgId()).bind("userId", caller.userId())
                .bind("from", OffsetDateTime.ofInstant(f.from(), ZoneOffset.UTC))
                .bind("to", OffsetDateTime.ofInstant(f.to(), ZoneOffset.UTC));
        bindIn(query, "repoIds", f.repoIds());
        bindIn(query, "aiLlmIds", f.aiLlmIds());
        bindIn(query, "keyIds", f.keyIds());
        bindIn(query, "llmTypes", f.llmTypes());
        bindIn(query, "llmModels", f.llmModels());
        bindIn(query, "hosts", f.hosts());
        bindIn(query, "userIds", f.userIds());
        bindIn(query, "conversationIds", f.conversationIds());
        return query;
    }

    private static AiStatsRow row(ResultSet rs, List<String> split) throws SQLException {
        return new AiStatsRow(Columns.instant(rs, "bucket_start"), rs.getString("repo_id"),
                rs.getString("ai_llm_id"), rs.getString("api_key_id"), rs.getString("llm_type"), rs.getString("llm_model"),
                rs.getString("host"), split.contains("user_id") ? rs.getString("user_id") : null,
                split.contains("conversation_id") ? rs.getString("conversation_id") : null,
                split.isEmpty() ? 0 : rs.getLong("active_conversations"),
                rs.getLong("api_calls"), rs.getLong("tokens_in"), rs.getLong("tokens_out"),
                rs.getLong("llm_tokens_in"), rs.getLong("llm_tokens_out"), rs.getLong("policy_violations"),
                rs.getLong("alerts"), rs.getLong("blocks"), rs.getLong("severity_low"), rs.getLong("severity_medium"),
                rs.getLong("severity_high"), rs.getLong("latency_ms_sum"), rs.getLong("cached_tokens"),
                rs.getLong("cache_write_tokens"), rs.getLong("cost_micros"), rs.getLong("unpriced_calls"));
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /** Totals per configuration of the caller's organization (configurations without usage are absent). */
    public static Map<String, Totals> totalsByAiLlm(Handle h, String orgId, Collection<String> aiLlmIds) {
        Map<String, Totals> totals = new HashMap<>();
        if (aiLlmIds.isEmpty()) {
            return totals;
        }
        h.createQuery("""
                        SELECT ai_llm_id, SUM(api_calls), SUM(tokens_in), SUM(tokens_out), SUM(llm_tokens_in),
                            SUM(llm_tokens_out), SUM(policy_violations), SUM(alerts), SUM(blocks), SUM(cost_micros),
                            SUM(unpriced_calls)
                        FROM usage_day WHERE org_id = :orgId AND ai_llm_id IN (<ids>) GROUP BY ai_llm_id""")
                .bind("orgId", orgId)
                .bindList("ids", List.copyOf(aiLlmIds))
                .map((rs, ctx) -> Map.entry(rs.getString(1), new Totals(rs.getLong(2), rs.getLong(3), rs.getLong(4),
                        rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getLong(8), rs.getLong(9), rs.getLong(10),
                        rs.getLong(11))))
                .forEach(e -> totals.put(e.getKey(), e.getValue()));
        return totals;
    }

    private static void addIn(List<String> conditions, String column, String binding, List<String> values) {
        if (!values.isEmpty()) {
            conditions.add(column + " IN (<" + binding + ">)");
        }
    }

    private static void bindIn(Query query, String binding, List<String> values) {
        if (!values.isEmpty()) {
            query.bindList(binding, values);
        }
    }
}
