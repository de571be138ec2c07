package io.gatehouse.platform.audit;

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
import io.gatehouse.store.Columns;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The audit log. {@code GET /systemevent} filters by query parameters: time ({@code from_timestamp},
 * {@code to_timestamp}; {@code from}/{@code to} also), {@code context} and {@code event} by name, {@code contextId},
 * {@code userId} and {@code workspaceId}. {@code POST /systemevent} takes the vendor's query body
 * ({@code SystemEventQueryRequest}: the same filters, {@code context} and {@code event} by the vendor's numbers,
 * {@code showUnread}, {@code skip}, {@code take}) and answers its {@code SystemEventResponse} rows, each with
 * {@code showUnread} for the caller. {@code POST /systemevent/read} marks events read for the caller,
 * {@code DELETE /systemevent/read} unread again ({@code {id}} or {@code {ids}}). Organization managers see their
 * whole organization; other members see the events of their workspaces and their own actions, and can mark only those.
 */
public final class SystemEventResource implements ApiResource {
    private static final TypeReference<Map<String, Object>> DETAILS = new TypeReference<>() {
    };
    static final int MAX_MARK = 1000;

    private final Jdbi jdbi;
    private final Clock clock;

    public SystemEventResource(Jdbi jdbi, Clock clock) {
        this.jdbi = jdbi;
        this.clock = clock;
    }

    /** The vendor's query body; numbers for context and event. */
    record QueryBody(String from_timestamp, String to_timestamp, String contextId, Integer context, Integer event,
                     String userId, String workspaceId, Boolean showUnread, Integer skip, Integer take) {
    }

    record ReadBody(Long id, List<Long> ids) {
    }

    /** What to select: every field optional; lists empty for "any". */
    record Filter(Instant from, Instant to, List<String> contexts, List<String> events, String contextId, String userId,
                  String workspaceId, boolean unreadOnly) {
    }

    @Override
    public void register(ApiRoutes routes) {
        routes.get("/systemevent", this::list);
        routes.post("/systemevent", this::query);
        routes.post("/systemevent/read", req -> mark(req, true));
        routes.delete("/systemevent/read", req -> mark(req, false));
    }

    private Reply list(ApiRequest req) {
        Filter filter = new Filter(
                Fields.optionalInstant(req.query("from_timestamp").or(() -> req.query("from")).orElse(null), "from_timestamp"),
                Fields.optionalInstant(req.query("to_timestamp").or(() -> req.query("to")).orElse(null), "to_timestamp"),
                names(req.queryList("context"), AuditContext.values(), "context"),
                names(req.queryList("event"), AuditAction.values(), "event"),
                req.query("contextId").orElse(null), req.query("userId").orElse(null), req.query("workspaceId").orElse(null),
                false);
        return page(req.principal(), filter, req.page(), false);
    }

    private Reply query(ApiRequest req) {
        QueryBody body = req.body(QueryBody.class);
        List<String> contexts = body.context() == null ? List.of() : List.of(AuditContext.byNumber(body.context())
                .orElseThrow(() -> ApiException.badRequest("context must be one of " + numbers(AuditContext.values()))).wire());
        List<String> events = body.event() == null ? List.of() : List.of(AuditAction.byNumber(body.event())
                .orElseThrow(() -> ApiException.badRequest("event must be one of " + numbers(AuditAction.values()))).wire());
        Filter filter = new Filter(Fields.optionalInstant(body.from_timestamp(), "from_timestamp"),
                Fields.optionalInstant(body.to_timestamp(), "to_timestamp"), contexts, events, body.contextId(),
                body.userId(), body.workspaceId(), Boolean.TRUE.equals(body.showUnread()));
        return page(req.principal(), filter, Page.of(text(body.skip()), text(body.take())), true);
    }

    private Reply page(Principal caller, Filter filter, Page page, boolean vendorShape) {
        String where = where(caller, filter);
        return jdbi.withHandle(h -> {
            long total = bind(h.createQuery("SELECT COUNT(*) FROM system_event e" + where), caller, filter)
                    .mapTo(Long.class).one();
            List<Map<String, Object>> rows = bind(h.createQuery("""
                    SELECT e.*, u.name AS user_name, u.last_name AS user_last_name, u.email AS user_email,
                        (SELECT COUNT(*) FROM system_event_read r WHERE r.event_id = e.id AND r.user_id = :me) AS was_read
                    FROM system_event e LEFT JOIN app_user u ON u.id = e.actor_user_id""" + where
                    + " ORDER BY e.ts DESC, e.id DESC LIMIT :take OFFSET :skip"), caller, filter)
                    .bind("take", page.take()).bind("skip", page.skip())
                    .map((rs, ctx) -> {
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
                        e.put("showUnread", rs.getLong("was_read") == 0);
                        if (vendorShape) {
                            // SystemEventResponse has these as strings: an event of the server itself has no actor.
                            for (String field : List.of("userId", "userName", "userEmail", "contextId")) {
                                if (e.get(field) == null) {
                                    e.put(field, "");
                                }
                            }
                        }
                        return e;
                    }).list();
            return Reply.page("events", rows, total, page);
        });
    }

    /** The caller's visible events narrowed by the filter; the binds are {@link #bind}'s. */
    private static String where(Principal caller, Filter f) {
        StringBuilder where = new StringBuilder(" WHERE e.org_id = :orgId");
        if (!caller.managesOrganization()) {
            where.append(VISIBLE_TO_MEMBER);
        }
        if (f.from() != null) {
            where.append(" AND e.ts >= :from");
        }
        if (f.to() != null) {
            where.append(" AND e.ts <= :to");
        }
        if (!f.contexts().isEmpty()) {
            where.append(" AND e.context IN (<contexts>)");
        }
        if (!f.events().isEmpty()) {
            where.append(" AND e.event IN (<events>)");
        }
        if (f.contextId() != null) {
            where.append(" AND e.context_id = :contextId");
        }
        if (f.userId() != null) {
            where.append(" AND e.actor_user_id = :userId");
        }
        if (f.workspaceId() != null) {
            where.append(" AND e.workspace_id = :workspaceId");
        }
        if (f.unreadOnly()) {
            where.append(" AND NOT EXISTS (SELECT 1 FROM system_event_read r WHERE r.event_id = e.id AND r.user_id = :me)");
        }
        return where.toString();
    }

    private static final String VISIBLE_TO_MEMBER = " AND (e.actor_user_id = :me OR e.workspace_id IN"
            + " (SELECT m.workspace_id FROM workspace_member m WHERE m.user_id = :me))";

    private static Query bind(Query q, Principal caller, Filter f) {
        q.bind("orgId", caller.orgId()).bind("me", caller.userId()).bind("from", f.from()).bind("to", f.to())
                .bind("contextId", f.contextId()).bind("userId", f.userId()).bind("workspaceId", f.workspaceId());
        if (!f.contexts().isEmpty()) {
            q.bindList("contexts", f.contexts());
        }
        if (!f.events().isEmpty()) {
            q.bindList("events", f.events());
        }
        return q;
    }

    /**
     * Marks events read ({@code read}) or unread for the caller. Every id must name an event the caller sees (404
     * otherwise, nothing marked); marking twice is no error.
     */
    private Reply mark(ApiRequest req, boolean read) {
        Principal caller = req.principal();
        ReadBody body = req.body(ReadBody.class);
        Set<Long> ids = new LinkedHashSet<>();
        if (body.id() != null) {
            ids.add(body.id());
        }
        if (body.ids() != null) {
            for (Long id : body.ids()) {
                if (id == null) {
                    throw ApiException.badRequest("Field 'ids' must be an array of event ids (numbers)");
                }
                ids.add(id);
            }
        }
        if (ids.isEmpty()) {
            throw ApiException.badRequest("Give id (one event) or ids (a non-empty array of events)");
        }
        if (ids.size() > MAX_MARK) {
            throw ApiException.invalid("At most " + MAX_MARK + " events at once");
        }
        Instant now = Instant.now(clock);
        jdbi.useTransaction(h -> {
            long seen = h.createQuery("SELECT COUNT(*) FROM system_event e WHERE e.org_id = :orgId AND e.id IN (<ids>)"
                            + (caller.managesOrganization() ? "" : VISIBLE_TO_MEMBER))
                    .bind("orgId", caller.orgId()).bind("me", caller.userId()).bindList("ids", List.copyOf(ids))
                    .mapTo(Long.class).one();
            if (seen != ids.size()) {
                throw ApiException.notFound("System event");
            }
            Set<Long> marked = new LinkedHashSet<>(h.createQuery(
                            "SELECT event_id FROM system_event_read WHERE user_id = :me AND event_id IN (<ids>)")
                    .bind("me", caller.userId()).bindList("ids", List.copyOf(ids)).mapTo(Long.class).list());
            if (read) {
                var insert = h.prepareBatch("INSERT INTO system_event_read (user_id, event_id, read_at) VALUES (:me, :id, :now)");
                ids.stream().filter(id -> !marked.contains(id))
                        .forEach(id -> insert.bind("me", caller.userId()).bind("id", id).bind("now", now).add());
                if (ids.size() > marked.size()) {
                    insert.execute();
                }
            } else if (!marked.isEmpty()) {
                h.createUpdate("DELETE FROM system_event_read WHERE user_id = :me AND event_id IN (<ids>)")
                        .bind("me", caller.userId()).bindList("ids", List.copyOf(marked)).execute();
            }
        });
        return Reply.ok();
    }

    private static String text(Integer number) {
        return number == null ? null : number.toString();
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

    private static String numbers(Enum<?>[] values) {
        List<String> out = new ArrayList<>();
        for (Enum<?> v : values) {
            int n = v instanceof AuditContext c ? c.number() : ((AuditAction) v).number();
            out.add(n + " (" + v.name().toLowerCase(Locale.ROOT) + ")");
        }
        return String.join(", ", out);
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
