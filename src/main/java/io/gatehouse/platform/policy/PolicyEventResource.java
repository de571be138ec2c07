package io.gatehouse.platform.policy;

import io.gatehouse.model.RiskType;
import io.gatehouse.store.Columns;
import io.gatehouse.platform.Access;
import io.gatehouse.platform.AccessType;
import io.gatehouse.platform.ApiException;
import io.gatehouse.platform.ApiRequest;
import io.gatehouse.platform.ApiResource;
import io.gatehouse.platform.ApiRoutes;
import io.gatehouse.platform.Fields;
import io.gatehouse.platform.Page;
import io.gatehouse.platform.Principal;
import io.gatehouse.platform.Reply;
import io.gatehouse.platform.user.Users;
import io.gatehouse.policy.Violation;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * {@code GET /policy/violations}, {@code /policy/alerts} and their per-policy forms {@code /policy/{policyId}/…}:
 * what the policy engine recorded, newest first, paged. Filters are comma lists (a row matching any value of a
 * filter passes it; all filters given must pass): {@code workspaceId, repoId, policyId, llmType, llmModel, host,
 * requestId} (the gateway's {@code x-request-id}), {@code userId} and {@code conversationId} (the end user and the
 * conversation the request named, decision 0018), {@code actionType} (the rule's action code: 1 alert, 2 block, …),
 * for violations also {@code severity}, {@code block} and {@code judgeFailure} (the rule was not judged because the
 * judge failed, and the row records the organization's fail mode, not a verdict), and the time range
 * {@code from}/{@code to}.
 * Organization owners and administrators see every row of their organization; other members the rows of the
 * workspaces they belong to (a row carries the workspace of the request's repository). Filters only narrow what
 * the caller sees, so naming another workspace or repository yields nothing rather than telling it exists.
 * {@code userName} is looked up when read: the name of the organization member whose id or e-mail is the row's
 * {@code userId}, null for anyone else.
 */
public final class PolicyEventResource implements ApiResource {
    private final Jdbi jdbi;
    private final Access access;

    public PolicyEventResource(Jdbi jdbi, Access access) {
        this.jdbi = jdbi;
        this.access = access;
    }

    /** A violation row the judge could not decide: the engine records these with a fixed explanation. */
    private static final String JUDGE_FAILURE =
            "(COALESCE(evaluator, '') = :judgeEvaluator AND COALESCE(explanation, '') = :judgeUnavailable)";

    /** The two kinds of rows, which share their shape but for the text column and the violation-only fields. */
    private enum Kind {
        VIOLATION("policy_violation", "violations", "explanation"),
        ALERT("policy_alert", "alerts", "message");

        final String table;
        final String listField;
        /** The column and field of the row's text. */
        final String text;

        Kind(String table, String listField, String text) {
            this.table = table;
            this.listField = listField;
            this.text = text;
        }
    }

    /** A filter: a column and the values it may hold. */
    private record In(String column, List<?> values) {
    }

    @Override
    public void register(ApiRoutes routes) {
        routes.get("/policy/violations", req -> list(req, Kind.VIOLATION, null));
        routes.get("/policy/alerts", req -> list(req, Kind.ALERT, null));
        routes.get("/policy/{policyId}/violations", req -> list(req, Kind.VIOLATION, req.pathId("policyId", "Policy")));
        routes.get("/policy/{policyId}/alerts", req -> list(req, Kind.ALERT, req.pathId("policyId", "Policy")));
    }

    private Reply list(ApiRequest req, Kind kind, String policyId) {
        Principal caller = req.principal();
        Page page = req.page();
        Instant from = Fields.optionalInstant(req.query("from").orElse(null), "from");
        Instant to = Fields.optionalInstant(req.query("to").orElse(null), "to");
        if (from != null && to != null && from.isAfter(to)) {
            throw ApiException.badRequest("from must not be after to");
        }
        List<In> filters = new ArrayList<>();
        addFilter(filters, "workspace_id", req.queryList("workspaceId"));
        addFilter(filters, "repo_id", req.queryList("repoId"));
        addFilter(filters, "policy_id", policyId != null ? List.of(policyId) : req.queryList("policyId"));
        addFilter(filters, "llm_type", req.queryList("llmType").stream().map(v -> v.toUpperCase(Locale.ROOT)).toList());
        addFilter(filters, "llm_model", req.queryList("llmModel"));
        addFilter(filters, "host", req.queryList("host"));
        addFilter(filters, "request_id", req.queryList("requestId"));
        addFilter(filters, "user_id", req.queryList("userId"));
        addFilter(filters, "conversation_id", req.queryList("conversationId"));
        addFilter(filters, "action_type", req.queryList("actionType").stream().map(PolicyEventResource::actionCode).toList());
        if (kind == Kind.VIOLATION) {
            addFilter(filters, "severity", req.queryList("severity").stream().map(v -> RiskType.parse(v, "severity").name()).toList());
            addFilter(filters, "block", req.queryList("block").stream().map(v -> parseBoolean(v, "block")).distinct().toList());
        } else if (!req.queryList("severity").isEmpty() || !req.queryList("block").isEmpty() || req.query("judgeFailure").isPresent()) {
            throw ApiException.badRequest("Alerts have no severity, block or judgeFailure; filter violations by them");
        }
        Boolean judgeFailure = req.query("judgeFailure").map(v -> parseBoolean(v, "judgeFailure")).orElse(null);

        StringBuilder where = new StringBuilder(" WHERE org_id = :orgId");
        if (!caller.managesOrganization()) {
            where.append(" AND workspace_id IN (SELECT m.workspace_id FROM workspace_member m WHERE m.user_id = :userId)");
        }
        if (from != null) {
            where.append(" AND ts >= :from");
        }
        if (to != null) {
            where.append(" AND ts <= :to");
        }
        if (judgeFailure != null) {
            where.append(judgeFailure ? " AND " : " AND NOT ").append(JUDGE_FAILURE);
        }
        for (int i = 0; i < filters.size(); i++) {
            where.append(" AND ").append(filters.get(i).column()).append(" IN (<f").append(i).append(">)");
        }
        return jdbi.withHandle(h -> {
            if (policyId != null) {
                PolicyResource.visible(h, access, caller, policyId, AccessType.READ);
            }
            Query count = h.createQuery("SELECT COUNT(*) FROM " + kind.table + where);
            Query select = h.createQuery("SELECT * FROM " + kind.table + where
                    + " ORDER BY ts DESC, id DESC LIMIT :take OFFSET :skip");
            for (Query q : List.of(count, select)) {
                q.bind("orgId", caller.orgId()).bind("userId", caller.userId()).bind("from", from).bind("to", to)
                        .bind("judgeEvaluator", Violation.JUDGE).bind("judgeUnavailable", Violation.JUDGE_UNAVAILABLE)
                        .bind("take", page.take()).bind("skip", page.skip());
                for (int i = 0; i < filters.size(); i++) {
                    q.bindList("f" + i, filters.get(i).values());
                }
            }
            long total = count.mapTo(Long.class).one();
            List<Map<String, Object>> rows = select.map((rs, ctx) -> view(rs, kind)).list();
            Map<String, String> names = Users.memberNames(h, caller.orgId(), rows.stream()
                    .map(r -> (String) r.get("userId")).filter(Objects::nonNull).collect(Collectors.toSet()));
            rows.forEach(r -> r.put("userName", names.get((String) r.get("userId"))));
            return Reply.page(kind.listField, rows, total, page);
        });
    }

    private static void addFilter(List<In> filters, String column, List<?> values) {
        if (!values.isEmpty()) {
            filters.add(new In(column, values));
        }
    }

    private static Integer actionCode(String raw) {
        try {
            return Integer.valueOf(raw);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("actionType must be an action code (0 log, 1 alert, 2 block, 3 redact)");
        }
    }

    private static Boolean parseBoolean(String raw, String name) {
        return switch (raw.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw ApiException.badRequest(name + " must be true or false");
        };
    }

    private static Map<String, Object> view(ResultSet rs, Kind kind) throws SQLException {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("id", rs.getString("id"));
        row.put("policyId", rs.getString("policy_id"));
        row.put("policyName", rs.getString("policy_name"));
        row.put("timestamp", Columns.instant(rs, "ts"));
        row.put(kind.text, rs.getString(kind.text));
        row.put("conversationId", rs.getString("conversation_id"));
        row.put("requestId", rs.getString("request_id"));
        row.put("workspaceId", rs.getString("workspace_id"));
        row.put("repoId", rs.getString("repo_id"));
        row.put("repoName", rs.getString("repo_name"));
        row.put("userId", rs.getString("user_id"));
        row.put("userName", null);
        row.put("repoAiApiKeyId", rs.getString("api_key_id"));
        row.put("repoAiApiKeyName", rs.getString("api_key_name"));
        row.put("actionType", rs.getInt("action_type"));
        if (kind == Kind.VIOLATION) {
            row.put("severity", rs.getString("severity"));
            row.put("block", rs.getBoolean("block"));
            int masked = rs.getInt("masked_spans");
            row.put("maskedSpans", rs.wasNull() ? null : masked);
            row.put("evaluator", rs.getString("evaluator"));
            row.put("judgeFailure", Violation.JUDGE.equals(rs.getString("evaluator"))
                    && Violation.JUDGE_UNAVAILABLE.equals(rs.getString("explanation")));
        }
        row.put("llmType", rs.getString("llm_type"));
        row.put("llmModel", rs.getString("llm_model"));
        row.put("host", rs.getString("host"));
        row.put("direction", rs.getString("direction"));
        return row;
    }
}
