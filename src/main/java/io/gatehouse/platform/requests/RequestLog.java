package io.gatehouse.platform.requests;

import io.gatehouse.model.price.CostCalculator;
import io.gatehouse.platform.Access;
import io.gatehouse.platform.Principal;
import io.gatehouse.store.Columns;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * SQL reading {@code usage_event} for the request log: the caller's organization, and unless it manages the
 * organization only the workspaces it is a member of. Every read is the newest rows of a time window through the
 * {@code ts} index, with a limit, so none scans the whole window however busy it was.
 */
final class RequestLog {
    private static final String COLUMNS = """
            id, ts, request_id, workspace_id, repo_id, api_key_id, ai_llm_id, llm_type, llm_model, host, status, outcome,
            streamed, latency_ms, tokens_in, tokens_out, cached_tokens, cost_micros, policy_violations, alerts, blocks""";

    /** One request as the log shows it; {@code cost} is dollars with six decimals, null when it had no price. */
    record Entry(Instant timestamp, String requestId, String workspaceId, String repoId, String repoAiApiKeyId,
                 String aiLlmId, String llmType, String llmModel, String host, int status, String outcome,
                 boolean streamed, long latencyMs, long tokensIn, long tokensOut, long cachedTokens, String cost,
                 int policyViolations, int alerts, int blocks) {
    }

    /** How one sampled request ended and how long it took. */
    record Sample(int status, String outcome, long latencyMs) {
    }

    private RequestLog() {
    }

    /** The page's requests, newest first: {@code take + 1} are read so the caller knows whether more follow. */
    static List<Entry> page(Handle h, Principal caller, RequestFilter filter, int skip, int take) {
        return query(h, caller, filter, "SELECT " + COLUMNS, " ORDER BY ts DESC, id DESC LIMIT :limit OFFSET :skip")
                .bind("limit", take + 1).bind("skip", skip)
                .map((rs, ctx) -> {
                    Long micros = Columns.nullableLong(rs, "cost_micros");
                    return new Entry(Columns.instant(rs, "ts"), rs.getString("request_id"), rs.getString("workspace_id"),
                            rs.getString("repo_id"), rs.getString("api_key_id"), rs.getString("ai_llm_id"),
                            rs.getString("llm_type"), rs.getString("llm_model"), rs.getString("host"), rs.getInt("status"),
                            rs.getString("outcome"), rs.getBoolean("streamed"), rs.getLong("latency_ms"),
                            rs.getLong("tokens_in"), rs.getLong("tokens_out"), rs.getLong("cached_tokens"),
                            micros == null ? null : CostCalculator.dollars(micros), rs.getInt("policy_violations"),
                            rs.getInt("alerts"), rs.getInt("blocks"));
                }).list();
    }

    /** Status, outcome and latency of the newest {@code cap} matching requests. */
    static List<Sample> sample(Handle h, Principal caller, RequestFilter filter, int cap) {
        return query(h, caller, filter, "SELECT status, outcome, latency_ms", " ORDER BY ts DESC LIMIT :limit")
                .bind("limit", cap)
                .map((rs, ctx) -> new Sample(rs.getInt("status"), rs.getString("outcome"), rs.getLong("latency_ms")))
                .list();
    }

    private static Query query(Handle h, Principal caller, RequestFilter filter, String select, String tail) {
        Query query = h.createQuery(select + " FROM usage_event WHERE org_id = :orgId"
                        + Access.visibleWorkspaces(caller, "workspace_id") + filter.conditions() + tail)
                .bind("orgId", caller.orgId()).bind("userId", caller.userId());
        Map<String, Object> bindings = new LinkedHashMap<>(filter.bindings());
        bindings.forEach((name, value) -> query.bind(name, value instanceof Instant at
                ? OffsetDateTime.ofInstant(at, ZoneOffset.UTC) : value));
        return query;
    }
}
