package io.gatehouse.platform.dashboard;

import io.gatehouse.platform.Access;
import io.gatehouse.platform.ApiException;
import io.gatehouse.platform.ApiRequest;
import io.gatehouse.platform.ApiResource;
import io.gatehouse.platform.ApiRoutes;
import io.gatehouse.platform.Reply;
import io.gatehouse.platform.dashboard.DashboardQueries.Group;
import io.gatehouse.platform.dashboard.Selection.Filter;
import org.jdbi.v3.core.Jdbi;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /v2/stats/ai}, {@code /v2/stats/policies}, {@code /v2/stats/policies/tokens}, {@code /v2/stats/private-chat}
 * ({@code TimeSeriesResponse}) and their {@code /breakdown/{by}} ({@code BreakdownResponse}), as the vendor's
 * dashboard client reads them. A series has every bucket of the window, zeros included, and {@code summary} is over
 * the family's headline value per bucket (requests, violations, policy tokens). Breakdowns order entities by that
 * value, largest first, and page them with {@code limit} and {@code offset}.
 */
public final class DashboardResource implements ApiResource {
    static final int DEFAULT_LIMIT = 10;
    static final int MAX_LIMIT = 100;
    static final int MAX_OFFSET = 100_000;

    private final Jdbi jdbi;
    private final Access access;
    private final Clock clock;

    public DashboardResource(Jdbi jdbi, Access access, Clock clock) {
        this.jdbi = jdbi;
        this.access = access;
        this.clock = clock;
    }

    @Override
    public void register(ApiRoutes routes) {
        routes.get("/v2/stats/ai", req -> series(req, Family.AI, List.of(Filter.MODEL, Filter.API_KEY)));
        routes.get("/v2/stats/ai/breakdown/{by}", req -> breakdown(req, Family.AI, Dimension.parse(req.pathParam("by"),
                Dimension.of(Dimension.WORKSPACES, Dimension.REPOS, Dimension.MODELS, Dimension.PROVIDERS,
                        Dimension.AI_CONFIGS, Dimension.END_USERS, Dimension.CONVERSATIONS))));
        routes.get("/v2/stats/policies", req -> req.query("ruleId").filter(id -> !id.isBlank()).isPresent()
                ? series(req, Family.RULE, List.of(Filter.RULE, Filter.API_KEY))
                : series(req, Family.POLICIES, List.of(Filter.API_KEY)));
        routes.get("/v2/stats/policies/tokens", req -> series(req, Family.POLICY_TOKENS, List.of()));
        routes.get("/v2/stats/policies/breakdown/{by}", req -> {
            Dimension by = Dimension.parse(req.pathParam("by"), Dimension.of(Dimension.RULES, Dimension.END_USERS));
            return breakdown(req, by == Dimension.RULES ? Family.RULES : Family.END_USERS, by);
        });
        routes.get("/v2/stats/private-chat", req -> series(req, Family.PRIVATE_CHAT,
                List.of(Filter.MODEL, Filter.USER, Filter.API_KEY)));
        routes.get("/v2/stats/private-chat/breakdown/{by}", req -> breakdown(req, Family.PRIVATE_CHAT,
                Dimension.parse(req.pathParam("by"), Dimension.of(Dimension.MODELS, Dimension.USERS))));
    }

    private Reply series(ApiRequest req, Family family, List<Filter> filters) {
        Instant now = clock.instant();
        return jdbi.withHandle(h -> {
            Selection s = Selection.parse(h, access, req, now, null, filters);
            long[][] buckets = DashboardQueries.series(h, family, s);
            List<Map<String, Object>> series = new ArrayList<>(buckets.length);
            double[] headline = new double[buckets.length];
            for (int i = 0; i < buckets.length; i++) {
                series.add(point(s.buckets().get(i), family.metrics(buckets[i])));
                headline[i] = family.headline(buckets[i]);
            }
            Map<String, Object> meta = s.meta(now);
            meta.put("window", s.window().label());
            meta.put("timeBucketSize", s.window().bucketLabel());
            if (!s.resourceFilter().isEmpty()) {
                meta.put("resourceFilter", s.resourceFilter());
            }
            return Reply.ok("meta", meta).put("summary", Summary.of(headline)).put("series", series);
        });
    }

    private Reply breakdown(ApiRequest req, Family family, Dimension by) {
        Instant now = clock.instant();
        boolean includeSeries = bool(req, "includeSeries");
        int limit = integer(req, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        int offset = integer(req, "offset", 0, 0, MAX_OFFSET);
        return jdbi.withHandle(h -> {
            Selection s = Selection.parse(h, access, req, now, "org", List.of());
            List<Group> groups = new ArrayList<>(DashboardQueries.groups(h, family, s, by));
            groups.sort(Comparator.comparingDouble((Group g) -> -family.headline(g.values())).thenComparing(Group::entityId));
            double total = groups.stream().mapToDouble(g -> family.headline(g.values())).sum();
            List<Group> page = groups.subList(Math.min(offset, groups.size()), Math.min(offset + limit, groups.size()));
            List<String> ids = page.stream().map(Group::entityId).toList();
            Map<String, String> names = DashboardQueries.names(h, by, ids);
            Map<String, long[][]> series = includeSeries ? DashboardQueries.groupSeries(h, family, s, by, ids) : Map.of();
            Map<String, Long> lastActive = by == Dimension.USERS ? DashboardQueries.lastActive(h, s, ids) : Map.of();

            List<Map<String, Object>> entities = new ArrayList<>(page.size());
            for (Group g : page) {
                Map<String, Object> entity = new LinkedHashMap<>();
                entity.put("entityId", g.entityId());
                if (names.containsKey(g.entityId())) {
                    entity.put("entityName", names.get(g.entityId()));
                }
                Map<String, Object> totals = family.metrics(g.values());
                if (by == Dimension.USERS) {
                    totals.put("conversationsCount", g.conversations());
                    if (lastActive.containsKey(g.entityId())) {
                        totals.put("lastActiveAt", lastActive.get(g.entityId()));
                    }
                }
                entity.put("totals", totals);
                if (includeSeries) {
                    long[][] buckets = series.getOrDefault(g.entityId(), new long[s.buckets().size()][family.width()]);
                    List<Map<String, Object>> points = new ArrayList<>(buckets.length);
                    for (int i = 0; i < buckets.length; i++) {
                        points.add(point(s.buckets().get(i), family.metrics(buckets[i])));
                    }
                    entity.put("series", points);
                }
                entities.add(entity);
            }
            Map<String, Object> meta = s.meta(now);
            meta.put("breakdownBy", by.label());
            meta.put("includesSeries", includeSeries);
            meta.put("limit", limit);
            meta.put("offset", offset);
            meta.put("totalEntities", groups.size());
            return Reply.ok("meta", meta).put("summary", Map.of("total", (long) total)).put("entities", entities);
        });
    }

    private static Map<String, Object> point(Instant bucket, Map<String, Object> metrics) {
        Map<String, Object> point = new LinkedHashMap<>();
        point.put("ts", bucket.toEpochMilli());
        point.putAll(metrics);
        return point;
    }

    private static boolean bool(ApiRequest req, String name) {
        String raw = req.query(name).map(String::trim).orElse("false");
        return switch (raw) {
            case "true" -> true;
            case "false" -> false;
            default -> throw ApiException.badRequest(name + " must be true or false");
        };
    }

    private static int integer(ApiRequest req, String name, int fallback, int min, int max) {
        String raw = req.query(name).map(String::trim).orElse(null);
        if (raw == null || raw.isEmpty()) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(raw);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below like an out-of-range number
        }
        throw ApiException.badRequest(name + " must be a whole number from " + min + " to " + max);
    }
}
