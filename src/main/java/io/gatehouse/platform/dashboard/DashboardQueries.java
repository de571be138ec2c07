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
 * window's buckets) or per entity of a dimension, and distinct conversations from the conversation roll-up where the
 * family counts them. Portable SQL only (PostgreSQL and SQLite): grouping by the stored
 * bucket start and folding in Java needs no engine's date functions.
 */
final class DashboardQueries {
    /**
     * An entity's values ({@link Family#width()}) and, for users of private chat, how many conversations (keys) its
     * traffic came from.
     */
    record Group(String entityId, long[] values, long conversations) {
    }

    private DashboardQueries() {
    }

    /** The family's values per window bucket, every bucket present (zeros where nothing was counted). */
    static long[][] series(Handle h, Family family, Selection s) {
        long[][] buckets = new long[s.buckets().size()][family.width()];
        Query query = query(h, "SELECT u.bucket_start, " + sums(family) + from(family, s, null)
                + " GROUP BY u.bucket_start", s);
        query.map((rs, ctx) -> {
            int i = s.bucketOf(Columns.instant(rs, "bucket_start"));
            if (i >= 0) {
                add(buckets[i], rs, 2, family.columns().size());
            }
            return i;
        }).list();
        if (family.countsConversations()) {
            long[] counts = conversationsPerBucket(h, family, s, null, List.of()).getOrDefault("", new long[buckets.length]);
            for (int i = 0; i < buckets.length; i++) {
                buckets[i][family.columns().size()] = counts[i];
            }
        }
        return buckets;
    }

    /** Every entity's values over the window; entities the request never reached ({@code ''}) are left out. */
    static List<Group> groups(Handle h, Family family, Selection s, Dimension d) {
        String conversations = d == Dimension.USERS ? ", COUNT(DISTINCT u.api_key_id) AS conversations" : "";
        List<Group> groups = query(h, "SELECT " + d.column() + " AS entity, " + sums(family) + conversations
                + from(family, s, d) + " AND " + d.column() + " <> '' GROUP BY " + d.column(), s)
                .map((rs, ctx) -> {
                    long[] values = new long[family.width()];
                    add(values, rs, 2, family.columns().size());
                    return new Group(rs.getString("entity"), values, conversations.isEmpty() ? 0 : rs.getLong("conversations"));
                }).list();
        if (family.countsConversations()) {
            Map<String, Long> counts = new HashMap<>();
            query(h, "SELECT " + d.column() + " AS entity, COUNT(DISTINCT u.conversation_id) AS n"
                    + conversationsFrom(family, s, d) + " AND " + d.column() + " <> '' GROUP BY " + d.column(), s)
                    .map((rs, ctx) -> counts.put(rs.getString("entity"), rs.getLong("n"))).list();
            groups.forEach(g -> g.values()[family.columns().size()] = counts.getOrDefault(g.entityId(), 0L));
        }
        return groups;
    }

    /** The named entities' values per window bucket. */
    static Map<String, long[][]> groupSeries(Handle h, Family family, Selection s, Dimension d, List<String> ids) {
        Map<String, long[][]> series = new HashMap<>();
        if (ids.isEmpty()) {
            return series;
        }
        query(h, "SELECT " + d.column() + " AS entity, u.bucket_start, " + sums(family) + from(family, s, d)
                + " AND " + d.column() + " IN (<entities>) GROUP BY " + d.column() + ", u.bucket_start", s)
                .bindList("entities", ids)
                .map((rs, ctx) -> {
                    int i = s.bucketOf(Columns.instant(rs, "bucket_start"));
                    if (i >= 0) {
                        add(entitySeries(series, rs.getString("entity"), family, s)[i], rs, 3, family.columns().size());
                    }
                    return i;
                }).list();
        if (family.countsConversations()) {
            conversationsPerBucket(h, family, s, d, ids).forEach((entity, counts) -> {
                long[][] buckets = entitySeries(series, entity, family, s);
                for (int i = 0; i < counts.length; i++) {
                    buckets[i][family.columns().size()] = counts[i];
                }
            });
        }
        return series;
    }

    private static long[][] entitySeries(Map<String, long[][]> series, String entity, Family family, Selection s) {
        return series.computeIfAbsent(entity, e -> new long[s.buckets().size()][family.width()]);
    }

    /**
     * Distinct conversations per window bucket, per entity of {@code d} among {@code ids} (or under {@code ""} when
     * {@code d} is null), from the conversation roll-up. A distinct count does not add up, so where a window bucket
     * holds several stored ones (7d: six hours) the SQL groups by the window bucket's index, found by a {@code CASE}
     * over the window's bucket starts: still portable SQL, no engine's date functions.
     */
    private static Map<String, long[]> conversationsPerBucket(Handle h, Family family, Selection s, Dimension d,
                                                              List<String> ids) {
        boolean folds = s.window().folds();
        StringBuilder slot = new StringBuilder("u.bucket_start");
        if (folds) {
            slot.setLength(0);
            slot.append("CASE");
            for (int i = 1; i < s.buckets().size(); i++) {
                slot.append(" WHEN u.bucket_start < :slot").append(i).append(" THEN ").append(i - 1);
            }
            slot.append(" ELSE ").append(s.buckets().size() - 1).append(" END");
        }
        String entity = d == null ? "" : d.column() + " AS entity, ";
        Query query = query(h, "SELECT " + entity + slot + " AS slot, COUNT(DISTINCT u.conversation_id) AS n"
                + conversationsFrom(family, s, d) + (d == null ? "" : " AND " + d.column() + " IN (<entities>)")
                + " GROUP BY " + (d == null ? "" : "entity, ") + "slot", s);
        if (d != null) {
            query.bindList("entities", ids);
        }
        for (int i = 1; folds && i < s.buckets().size(); i++) {
            query.bind("slot" + i, OffsetDateTime.ofInstant(s.buckets().get(i), ZoneOffset.UTC));
        }
        Map<String, long[]> counts = new HashMap<>();
        query.map((rs, ctx) -> {
            int i = folds ? rs.getInt("slot") : s.bucketOf(Columns.instant(rs, "slot"));
            if (i >= 0) {
                counts.computeIfAbsent(d == null ? "" : rs.getString("entity"), e -> new long[s.buckets().size()])[i] =
                        rs.getLong("n");
            }
            return i;
        }).list();
        return counts;
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

    /** The family's roll-up rows of the selection, split by {@code d} (null: not split). */
    private static String from(Family family, Selection s, Dimension d) {
        return from(family.source(d), family, s, d);
    }

    /** The conversation roll-up's rows of the selection that named a conversation. */
    private static String conversationsFrom(Family family, Selection s, Dimension d) {
        return from(Family.Source.CONVERSATIONS, family, s, d) + " AND u.conversation_id <> ''";
    }

    private static String from(Family.Source source, Family family, Selection s, Dimension d) {
        return " FROM " + source.table(s.window().granularity()) + " u" + (d == null ? "" : d.join())
                + " WHERE u.bucket_start >= :from AND u.bucket_start < :to" + s.condition() + family.traffic().condition();
    }

    private static Query query(Handle h, String sql, Selection s) {
        Query query = h.createQuery(sql)
                .bind("from", OffsetDateTime.ofInstant(s.from(), ZoneOffset.UTC))
                .bind("to", OffsetDateTime.ofInstant(s.to(), ZoneOffset.UTC));
        s.bindings().forEach(query::bind);
        return query;
    }

    /** Adds the row's {@code count} sums, which start at column {@code firstColumn}. */
    private static void add(long[] into, ResultSet rs, int firstColumn, int count) throws SQLException {
        for (int c = 0; c < count; c++) {
            into[c] += rs.getLong(firstColumn + c);
        }
    }
}
