package io.gatehouse.platform.dashboard;

import io.gatehouse.platform.Access;
import io.gatehouse.store.Columns;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Query;

import java.sql.ResultSet;
import java.sql.SQLException;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The dashboards' SQL: sums of a family's roll-up columns over a selection, per roll-up bucket (folded here into the
 * window's buckets) or per entity of a dimension. Portable SQL only (PostgreSQL and SQLite): grouping by the stored
 * bucket start and folding in Java needs no engine's date functions.
 */
final class DashboardQueries {
    /** An entity's sums and, for users of private chat, how many conversations (keys) its traffic came from. */
    record Group(String entityId, long[] sums, long conversations) {
    }

    private DashboardQueries() {
    }

    /** The family's sums per window bucket, every bucket present (zeros where nothing was counted). */
    static long[][] series(Handle h, Family family, Selection s) {
        long[][] buckets = new long[s.buckets().size()][family.columns().size()];
        Query query = query(h, "SELECT u.bucket_start, " + sums(family) + from(family, s, "")
                + " GROUP BY u.bucket_start", s);
        query.map((rs, ctx) -> {
            int i = s.bucketOf(Columns.instant(rs, "bucket_start"));
            if (i >= 0) {
                add(buckets[i], rs, 2);
            }
            return i;
        }).list();
        return buckets;
    }

    /** Every entity's sums over the window; entities the request never reached ({@code ''}) are left out. */
    static List<Group> groups(Handle h, Family family, Selection s, Dimension d) {
        String conversations = d == Dimension.USERS ? ", COUNT(DISTINCT u.api_key_id) AS conversations" : "";
        return query(h, "SELECT " + d.column() + " AS entity, " + sums(family) + conversations + from(family, s, d.join())
                + " AND " + d.column() + " <> '' GROUP BY " + d.column(), s)
                .map((rs, ctx) -> {
                    long[] sums = new long[family.columns().size()];
                    add(sums, rs, 2);
                    return new Group(rs.getString("entity"), sums, conversations.isEmpty() ? 0 : rs.getLong("conversations"));
                }).list();
    }

    /** The named entities' sums per window bucket. */
    static Map<String, long[][]> groupSeries(Handle h, Family family, Selection s, Dimension d, List<String> ids) {
        Map<String, long[][]> series = new HashMap<>();
        if (ids.isEmpty()) {
            return series;
        }
        query(h, "SELECT " + d.column() + " AS entity, u.bucket_start, " + sums(family) + from(family, s, d.join())
                + " AND " + d.column() + " IN (<entities>) GROUP BY " + d.column() + ", u.bucket_start", s)
                .bindList("entities", ids)
                .map((rs, ctx) -> {
                    int i = s.bucketOf(Columns.instant(rs, "bucket_start"));
                    if (i >= 0) {
                        long[][] entity = series.computeIfAbsent(rs.getString("entity"),
                                e -> new long[s.buckets().size()][family.columns().size()]);
                        add(entity[i], rs, 3);
                    }
                    return i;
                }).list();
        return series;
    }

    /** Display names of the entities, where the dimension has them. */
    static Map<String, String> names(Handle h, Dimension d, List<String> ids) {
        Map<String, String> names = new LinkedHashMap<>();
        if (d.names() != null && !ids.isEmpty()) {
            h.createQuery(d.names()).bindList("ids", ids)
                    .map((rs, ctx) -> Map.entry(rs.getString("id"), rs.getString("name")))
                    .forEach(e -> names.put(e.getKey(), e.getValue()));
        }
        return names;
    }

    /** When each user last spoke in a private-chat conversation of the selection's scope (epoch milliseconds). */
    static Map<String, Long> lastActive(Handle h, Selection s, List<String> userIds) {
        Map<String, Long> last = new HashMap<>();
        if (userIds.isEmpty()) {
            return last;
        }
        String scope = switch (s.scope()) {
            case "workspace" -> " AND c.workspace_id = :scopeId";
            case "repo" -> " AND c.repo_id = :scopeId";
            default -> Access.visibleWorkspaces(s.caller(), "c.workspace_id");
        };
        Query query = h.createQuery("SELECT c.created_by, MAX(c.last_updated_at) AS last FROM conversation c"
                        + " WHERE c.org_id = :orgId AND c.created_by IN (<users>)" + scope + " GROUP BY c.created_by")
                .bind("orgId", s.caller().orgId()).bindList("users", userIds);
        for (String name : List.of("scopeId", "userId")) {
            if (s.bindings().containsKey(name)) {
                query.bind(name, s.bindings().get(name));
            }
        }
        query.map((rs, ctx) -> Map.entry(rs.getString("created_by"), Columns.instant(rs, "last")))
                .forEach(e -> last.put(e.getKey(), e.getValue().toEpochMilli()));
        return last;
    }

    private static String sums(Family family) {
        return family.columns().stream().map(c -> "SUM(u." + c + ") AS " + c).collect(Collectors.joining(", "));
    }

    private static String from(Family family, Selection s, String join) {
        return " FROM " + family.source().table(s.window().granularity()) + " u" + join
                + " WHERE u.bucket_start >= :from AND u.bucket_start < :to" + s.condition() + family.traffic().condition();
    }

    private static Query query(Handle h, String sql, Selection s) {
        Query query = h.createQuery(sql)
                .bind("from", OffsetDateTime.ofInstant(s.from(), ZoneOffset.UTC))
                .bind("to", OffsetDateTime.ofInstant(s.to(), ZoneOffset.UTC));
        s.bindings().forEach(query::bind);
        return query;
    }

    /** Adds the row's sums, which start at column {@code firstColumn}. */
    private static void add(long[] into, ResultSet rs, int firstColumn) throws SQLException {
        for (int c = 0; c < into.length; c++) {
            into[c] += rs.getLong(firstColumn + c);
        }
    }
}
