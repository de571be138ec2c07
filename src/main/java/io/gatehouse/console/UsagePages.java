package io.gatehouse.console;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.console.view.Attribution;
import io.gatehouse.console.view.ChartTable;
import io.gatehouse.console.view.Configuration;
import io.gatehouse.console.view.DashboardSummary;
import io.gatehouse.console.view.KeyUse;
import io.gatehouse.console.view.Repo;
import io.gatehouse.console.view.RepoKey;
import io.gatehouse.console.view.RequestEntry;
import io.gatehouse.console.view.RequestSummary;
import io.gatehouse.console.view.UsageRow;
import io.gatehouse.console.view.UsageTotal;
import io.gatehouse.usage.AttributionIds;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * The usage dashboard of a workspace: requests, tokens in and out, violations and blocks over time (minute buckets
 * up to a day, day buckets beyond), and the same broken down by repository, configuration, model and key. The page
 * holds a server-rendered table of tokens and cost per model over the range, and canvases; each chart's data comes
 * as JSON from {@code usage/data}, read from {@code /aistats/minute|daily} as the user (so it holds counts and names,
 * never a secret).
 */
final class UsagePages {
    /** The time-range picker: label → (length, bucket). */
    enum Range {
        H1("Last hour", Duration.ofHours(1), true),
        H6("Last 6 hours", Duration.ofHours(6), true),
        H24("Last 24 hours", Duration.ofHours(24), true),
        D7("Last 7 days", Duration.ofDays(7), false),
        D30("Last 30 days", Duration.ofDays(30), false);

        final String label;
        final Duration length;
        final boolean minutes;

        Range(String label, Duration length, boolean minutes) {
            this.label = label;
            this.length = length;
            this.minutes = minutes;
        }

        String code() {
            return name().toLowerCase();
        }

        static Range of(String code) {
            for (Range r : values()) {
                if (r.code().equals(code)) {
                    return r;
                }
            }
            return H24;
        }

        /** The shortest range holding a request made at {@code newest}; the last 24 hours when there is none. */
        static Range holding(Instant newest, Instant now) {
            for (Range r : List.of(H24, D7, D30)) {
                if (newest != null && !newest.isBefore(now.minus(r.length))) {
                    return r;
                }
            }
            return newest == null ? H24 : D30;
        }
    }

    static final List<String> CHARTS = List.of("requests", "tokens", "policy", "by-repo", "by-config", "by-model", "by-key");
    private static final Map<String, String> TITLES = Map.of("requests", "Requests", "tokens", "Tokens in / out",
            "policy", "Violations and blocks", "by-repo", "By repository", "by-config", "By configuration",
            "by-model", "By model", "by-key", "By key");
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("MM-dd").withZone(ZoneOffset.UTC);

    void register(ConsoleRoutes routes) {
        routes.page("/ui/w/:ws/usage", this::page);
        routes.page("/ui/w/:ws/usage/data", this::data);
    }

    private ConsoleReply page(ConsoleCall call) {
        Frame frame = call.frame("usage");
        String ws = frame.workspace().id();
        Instant end = Instant.now();
        // Without a choice, the range that holds the newest request: usage from last week is not an empty page.
        Range range = call.query("range").isEmpty()
                ? Range.holding(OverviewPages.newestRequest(call, ws, end).map(RequestEntry::timestamp).orElse(null), end)
                : Range.of(call.query("range"));
        String repoId = call.query("repoId");
        Attribution only = attribution(call);
        Map<String, String> pageQuery = Map.of("range", range.code(), "repoId", repoId);
        Map<String, String> narrowed = new LinkedHashMap<>(pageQuery);
        narrowed.putAll(only.query());
        String query = PlatformClient.queryString(narrowed);
        List<Repo> repos = RepoPages.repos(call, ws);
        Map<String, UsageTotal> byModel = new TreeMap<>();
        UsageTotal total = UsageTotal.empty("All models");
        Instant start = end.minus(range.length);
        List<UsageRow> rows = rows(call, range, end, repos, repoId, only);
        for (UsageRow row : rows) {
            String model = Objects.requireNonNullElse(row.llmModel(), "(none)");
            byModel.put(model, byModel.getOrDefault(model, UsageTotal.empty(model)).plus(row));
            total = total.plus(row);
        }
        RequestSummary summary = OverviewPages.summary(call, Map.of("workspaceId", ws, "repoId", repoId,
                "startDate", start.toString(), "endDate", end.toString()));
        List<String> repoIds = repoId.isEmpty() ? repos.stream().map(Repo::id).toList() : List.of(repoId);
        List<ChartTable> tables = new ArrayList<>();
        for (String chart : CHARTS) {
            tables.add(ChartTable.of(chart, TITLES.get(chart), chart(call, chart, rows, range, start, end, repos, repoIds)));
        }
        UsageDashboard dashboard = new UsageDashboard(call, ws, repoId, range);
        JsonNode series = dashboard.series();
        List<ChartTable> aiTables = new ArrayList<>();
        UsageDashboard.CHARTS.forEach((id, title) -> aiTables.add(ChartTable.of(id, title, UsageDashboard.chart(id, series))));
        return call.page("usage", frame, "repos", repos, "range", range.code(),
                "ranges", Arrays.stream(Range.values()).map(r -> new Option(r.code(), r.label)).toList(),
                "repoId", repoId, "query", query, "models", List.copyOf(byModel.values()), "total", total,
                "summary", summary, "keys", lastUsed(call, rows, repoIds), "tables", tables,
                "rangeText", range.label, "only", only, "everyone", PlatformClient.queryString(pageQuery),
                "ai", DashboardSummary.of(series), "aiTables", aiTables, "top", UsageDashboard.TOP,
                "users", dashboard.spenders("users", pageQuery), "conversations", dashboard.spenders("conversations", pageQuery));
    }

    /** Each key with requests in the range: when it was last used (to the bucket: minute or day) and how often. */
    private static List<KeyUse> lastUsed(ConsoleCall call, List<UsageRow> rows, List<String> repoIds) {
        Map<String, KeyUse> by = new HashMap<>();
        for (UsageRow row : rows) {
            if (row.repoAiApiKeyId() != null && row.apiCalls() > 0) {
                KeyUse seen = by.get(row.repoAiApiKeyId());
                long calls = (seen == null ? 0 : seen.requests()) + row.apiCalls();
                long last = seen == null ? row.timestamp() : Math.max(seen.lastUsed().toEpochMilli(), row.timestamp());
                by.put(row.repoAiApiKeyId(), new KeyUse(row.repoAiApiKeyId(), null, Instant.ofEpochMilli(last), calls));
            }
        }
        Map<String, String> names = keyNames(call, repoIds);
        return by.values().stream().map(k -> new KeyUse(k.id(), names.getOrDefault(k.id(), k.id()), k.lastUsed(), k.requests()))
                .sorted(Comparator.comparing(KeyUse::lastUsed).reversed()).toList();
    }


    /** The page's {@code user=} and {@code conversation=} (the per-user and per-conversation tables' links), checked. */
    static Attribution attribution(ConsoleCall call) {
        Attribution a = new Attribution(call.query("user"), call.query("conversation"));
        for (String id : List.of(a.user(), a.conversation())) {
            if (!id.isEmpty() && !AttributionIds.valid(id)) {
                throw new ConsoleFailure(400, "A user or conversation id is " + AttributionIds.rule());
            }
        }
        return a;
    }

    /** The buckets of the range ending at {@code end} for the workspace's repositories, or the one asked for (404 when it is not one). */
    static List<UsageRow> rows(ConsoleCall call, Range range, Instant end, List<Repo> repos, String only) {
        return rows(call, range, end, repos, only, Attribution.NONE);
    }

    /** The same, narrowed to the requests that named a user or conversation when {@code attribution} says so. */
    static List<UsageRow> rows(ConsoleCall call, Range range, Instant end, List<Repo> repos, String only,
                               Attribution attribution) {
        List<String> repoIds = new ArrayList<>(repos.stream().map(Repo::id).toList());
        if (!only.isEmpty()) {
            if (!repoIds.contains(only)) {
                throw new ConsoleFailure(404, "Repository not found");
            }
            repoIds.retainAll(List.of(only));
        }
        Map<String, String> query = new LinkedHashMap<>(Map.of("startDate", end.minus(range.length).toString(),
                "endDate", end.toString(), "repoId", String.join(",", repoIds)));
        query.putAll(attribution.filters());
        return repoIds.isEmpty() ? List.of()
                : call.api().read(range.minutes ? "/aistats/minute" : "/aistats/daily", query).list("data", UsageRow.class);
    }

    /** One chart's data: {@code {type, labels, datasets[{label, data}], total}}. */
    private ConsoleReply data(ConsoleCall call) {
        String ws = call.path("ws");
        call.frame("usage");
        Range range = Range.of(call.query("range"));
        String only = call.query("repoId");
        List<Repo> repos = RepoPages.repos(call, ws);
        if (UsageDashboard.CHARTS.containsKey(call.query("chart"))) {
            // The dashboard reads a repository of this workspace, as the page does.
            if (!only.isEmpty() && repos.stream().noneMatch(r -> r.id().equals(only))) {
                throw new ConsoleFailure(404, "Repository not found");
            }
            return ConsoleReply.json(UsageDashboard.chart(call.query("chart"),
                    new UsageDashboard(call, ws, only, range).series()));
        }
        String chart = CHARTS.contains(call.query("chart")) ? call.query("chart") : "requests";
        Instant end = Instant.now();
        Instant start = end.minus(range.length);
        List<UsageRow> rows = rows(call, range, end, repos, only, attribution(call));
        List<String> repoIds = only.isEmpty() ? repos.stream().map(Repo::id).toList() : List.of(only);
        return ConsoleReply.json(chart(call, chart, rows, range, start, end, repos, repoIds));
    }

    /** One chart's data over the rows read: the JSON a canvas draws, and the table beside it. */
    private static Map<String, Object> chart(ConsoleCall call, String chart, List<UsageRow> rows, Range range, Instant start,
                                             Instant end, List<Repo> repos, List<String> repoIds) {
        return switch (chart) {
            case "tokens" -> overTime(rows, range, start, end, Map.of("Tokens in", UsageRow::tokensIn, "Tokens out", UsageRow::tokensOut));
            case "policy" -> overTime(rows, range, start, end, Map.of("Violations", UsageRow::policyViolations, "Blocks", UsageRow::numBlocks));
            case "by-repo" -> breakdown(rows, UsageRow::repoId, names(repos, Repo::id, Repo::name));
            case "by-config" -> breakdown(rows, UsageRow::aiLlmId,
                    names(ConfigurationPages.configurations(call, call.path("ws")), Configuration::id, Configuration::name));
            case "by-model" -> breakdown(rows, UsageRow::llmModel, Map.of());
            case "by-key" -> breakdown(rows, UsageRow::repoAiApiKeyId, keyNames(call, repoIds));
            default -> overTime(rows, range, start, end, Map.of("Requests", UsageRow::apiCalls));
        };
    }

    private static Map<String, Object> overTime(List<UsageRow> rows, Range range, Instant start, Instant end,
                                                Map<String, ToLongFunction<UsageRow>> series) {
        ChronoUnit unit = range.minutes ? ChronoUnit.MINUTES : ChronoUnit.DAYS;
        TreeMap<Long, long[]> buckets = new TreeMap<>();
        for (Instant t = start.truncatedTo(unit); !t.isAfter(end); t = t.plus(1, unit)) {
            buckets.put(t.toEpochMilli(), new long[series.size()]);
        }
        List<String> names = new ArrayList<>(new TreeMap<>(series).keySet());
        long total = 0;
        for (UsageRow row : rows) {
            long[] counts = buckets.computeIfAbsent(row.timestamp(), k -> new long[series.size()]);
            for (int i = 0; i < names.size(); i++) {
                long v = series.get(names.get(i)).applyAsLong(row);
                counts[i] += v;
                total += v;
            }
        }
        DateTimeFormatter format = range.minutes ? MINUTE : DAY;
        List<String> labels = buckets.keySet().stream().map(ms -> format.format(Instant.ofEpochMilli(ms))).toList();
        List<Map<String, Object>> datasets = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            int index = i;
            datasets.add(Map.of("label", names.get(i), "data", buckets.values().stream().map(c -> c[index]).toList(),
                    "pointRadius", 0, "borderWidth", 2));
        }
        return chart("line", labels, datasets, total);
    }

    /** Requests and tokens per value of one dimension (null: "(none)"), biggest first. */
    private static Map<String, Object> breakdown(List<UsageRow> rows, Function<UsageRow, String> dimension, Map<String, String> names) {
        Map<String, long[]> by = new HashMap<>();
        for (UsageRow row : rows) {
            String id = Objects.requireNonNullElse(dimension.apply(row), "(none)");
            long[] c = by.computeIfAbsent(id, k -> new long[2]);
            c[0] += row.apiCalls();
            c[1] += row.tokensIn() + row.tokensOut();
        }
        List<Map.Entry<String, long[]>> sorted = by.entrySet().stream()
                .sorted((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0])).limit(20).toList();
        Function<String, String> label = id -> names.getOrDefault(id, id);
        return chart("bar", sorted.stream().map(e -> label.apply(e.getKey())).toList(), List.of(
                Map.of("label", "Requests", "data", sorted.stream().map(e -> e.getValue()[0]).toList()),
                Map.of("label", "Tokens", "data", sorted.stream().map(e -> e.getValue()[1]).toList(), "hidden", true)),
                sorted.stream().mapToLong(e -> e.getValue()[0]).sum());
    }

    private static Map<String, Object> chart(String type, List<String> labels, List<Map<String, Object>> datasets, long total) {
        Map<String, Object> chart = new LinkedHashMap<>();
        chart.put("type", type);
        chart.put("labels", labels);
        chart.put("datasets", datasets);
        chart.put("total", total);
        return chart;
    }

    private static <T> Map<String, String> names(List<T> items, Function<T, String> id, Function<T, String> name) {
        Map<String, String> names = new HashMap<>();
        items.forEach(i -> names.put(id.apply(i), name.apply(i)));
        return names;
    }

    private static Map<String, String> keyNames(ConsoleCall call, List<String> repoIds) {
        Map<String, String> names = new HashMap<>();
        for (String repoId : repoIds.subList(0, Math.min(repoIds.size(), 20))) {
            names.putAll(names(RepoPages.keys(call, repoId), RepoKey::id, RepoKey::name));
        }
        return names;
    }
}
