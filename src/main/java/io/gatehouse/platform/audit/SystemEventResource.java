package io.gatehouse.platform.audit;

import io.gatehouse.store.Columns;
import com.fasterxml.jackson.core.type.TypeReference;
import io.gatehouse.platform.ApiException;
import io.gatehouse.platform.ApiRequest;
import io.gatehouse.platform.ApiResource;
import io.gatehouse.platform.ApiRoutes;
import io.gatehouse.platform.Fields;
import io.gatehouse.platform.Json;
import io.gatehouse.platform.Page;
import io.gatehouse.platform.Principal;
import io.gatehouse.platform.Reply;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code GET /systemevent}: the audit log, newest first, paged, filterable by time ({@code from_timestamp},
 * {@code to_timestamp}; {@code from}/{@code to} also), {@code context}, {@code event}, {@code contextId},
 * {@code userId} and {@code workspaceId}. Organization managers see their whole organization; other members
 * see the events of their workspaces and their own actions.
 */
public final class SystemEventResource implements ApiResource {
    private static final TypeReference<Map<String, Object>> DETAILS = new TypeReference<>() {
    };

    private final Jdbi jdbi;

    public SystemEventResource(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public void register(ApiRoutes routes) {
        routes.get("/systemevent", this::list);
    }

    private Reply list(ApiRequest req) {
        Principal caller = req.principal();
        Page page = req.page();
        Instant from = Fields.optionalInstant(req.query("from_timestamp").or(() -> req.query("from")).orElse(null), "from_timestamp");
        Instant to = Fields.optionalInstant(req.query("to_timestamp").or(() -> req.query("to")).orElse(null), "to_timestamp");
        List<String> contexts = names(req.queryList("context"), AuditContext.values(), "context");
        List<String> events = names(req.queryList("event"), AuditAction.values(), "event");

        StringBuilder where = new StringBuilder(" WHERE e.org_id = :orgId");
        if (!caller.managesOrganization()) {
            where.append(" AND (e.actor_user_id = :me OR e.workspace_id IN"
                    + " (SELECT m.workspace_id FROM workspace_member m WHERE m.user_id = :me))");
        }
        if (from != null) {
            where.append(" AND e.ts >= :from");
        }
        if (to != null) {
            where.append(" AND e.ts <= :to");
        }
        if (!contexts.isEmpty()) {
            where.append(" AND e.context IN (<contexts>)");
        }
        if (!events.isEmpty()) {
            where.append(" AND e.event IN (<events>)");
        }
        req.query("contextId").ifPresent(v -> where.append(" AND e.context_id = :contextId"));
        req.query("userId").ifPresent(v -> where.append(" AND e.actor_user_id = :userId"));
        req.query("workspaceId").ifPresent(v -> where.append(" AND e.workspace_id = :workspaceId"));

        return jdbi.withHandle(h -> {
            Query count = h.createQuery("SELECT COUNT(*) FROM system_event e" + where);
            Query select = h.createQuery("""
                    SELECT e.*, u.name AS user_name, u.last_name AS user_last_name, u.email AS user_email
                    FROM system_event e LEFT JOIN app_user u ON u.id = e.actor_user_id""" + where
                    + " ORDER BY e.ts DESC, e.id DESC LIMIT :take OFFSET :skip");
            for (Query q : List.of(count, select)) {
                q.bind("orgId", caller.orgId()).bind("me", caller.userId()).bind("from", from).bind("to", to)
                        .bind("contextId", req.query("contextId").orElse(null))
                        .bind("userId", req.query("userId").orElse(null))
                        .bind("workspaceId", req.query("workspaceId").orElse(null))
                        .bind("take", page.take()).bind("skip", page.skip());
                if (!contexts.isEmpty()) {
                    q.bindList("contexts", contexts);
                }
                if (!events.isEmpty()) {
                    q.bindList("events", events);
                }
            }
            long total = count.mapTo(Long.class).one();
            List<Map<String, Object>> rows = select.map((rs, ctx) -> {
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("id", rs.getLong("id"));
                e.put("timestamp", Columns.instant(rs, "ts"));
                e.put("orgId", rs.getString("org_id"));
                e.put("workspaceId", rs.getString("workspace_id"));
                e.put("userId", rs.getString("actor_user_id"));
                String name = rs.getString("user_name");
                e.put("userName", name == null ? null : (name + " " + rs.getString("user_last_name")).trim());
                e.put("userEmail", rs.getString("user_email"));
                e.put("context", rs.getString("context"));
                e.put("contextId", rs.getString("context_id"));
                e.put("event", rs.getString("event"));
                String details = rs.getString("details");
                e.put("details", parse(details));
                e.put("jsonData", details);
                return e;
            }).list();
            return Reply.page("events", rows, total, page);
        });
    }

    private static Map<String, Object> parse(String details) {
        if (details == null) {
            return Map.of();
        }
        try {
            return Json.MAPPER.readValue(details, DETAILS);
        } catch (Exception e) {
            return Map.of();
        }
    }

    /** Names such as {@code workspace} or {@code created}, any case; unknown values are a 400 listing the known ones. */
    private static List<String> names(List<String> raw, Enum<?>[] values, String field) {
        List<String> out = new ArrayList<>();
        for (String v : raw) {
            String upper = v.toUpperCase(Locale.ROOT);
            String name = Arrays.stream(values).map(Enum::name).filter(upper::equals).findFirst()
                    .orElseThrow(() -> ApiException.badRequest(field + " must be one of " + Arrays.stream(values)
                            .map(x -> x.name().toLowerCase(Locale.ROOT)).toList()));
            out.add(name.toLowerCase(Locale.ROOT));
        }
        return out;
    }
}
