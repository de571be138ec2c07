package io.gatehouse.console;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.console.UsagePages.Range;
import io.gatehouse.console.view.Spender;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The usage page's AI gateway dashboard: the v2 series of {@code /v2/stats/ai} (requests and active conversations,
 * tokens, cost per bucket) and its per-user and per-conversation breakdowns, for the dashboard window that covers the
 * page's range (24h for a day or less, else 7d or 30d) and the workspace or the chosen repository. Read as the user,
 * like every console page; the series become the same chart JSON as the page's other charts.
 */
final class UsageDashboard {
    /** The charts drawn from the v2 series: id → title. */
    static final Map<String, String> CHARTS = charts();
    /** How many users and conversations the tables list: the biggest by requests. */
    static final int TOP = 20;
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("MM-dd HH:mm").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("MM-dd").withZone(ZoneOffset.UTC);

    private final ConsoleCall call;
    private final Map<String, String> selection;

    UsageDashboard(ConsoleCall call, String ws, String repoId, Range range) {
        this.call = call;
        this.selection = repoId.isEmpty()
                ? Map.of("scope", "workspace", "id", ws, "window", window(range))
                : Map.of("scope", "repo", "id", repoId, "window", window(range));
    }

    private static Map<String, String> charts() {
        Map<String, String> charts = new LinkedHashMap<>();
        charts.put("ai-requests", "Requests and active conversations");
        charts.put("ai-tokens", "Tokens in / out");
        charts.put("ai-cost", "Cost (USD)");
        return charts;
    }

    /** The dashboard window covering a range of the page. */
    static String window(Range range) {
        return switch (range) {
            case H1, H6, H24 -> "24h";
            case D7 -> "7d";
            case D30 -> "30d";
        };
    }

    /** The v2 time series answer: {@code meta}, {@code summary}, {@code series}. */
    JsonNode series() {
        return call.api().read("/v2/stats/ai", selection).json();
    }

    /** One chart's JSON ({@code {type, labels, datasets, total}}) from the series. */
    static Map<String, Object> chart(String id, JsonNode series) {
        DateTimeFormatter format = series.path("meta").path("timeBucketSize").asText().equals("1d") ? DAY : HOUR;
        List<String> labels = new ArrayList<>();
        series.path("series").forEach(p -> labels.add(format.format(Instant.ofEpochMilli(p.path("ts").asLong()))));
        Map<String, String> fields = switch (id) {
            case "ai-tokens" -> Map.of("Tokens in", "tokensIn", "Tokens out", "tokensOut");
            case "ai-cost" -> Map.of("Cost (USD)", "cost");
            default -> Map.of("Requests", "requests", "Active conversations", "activeConversations");
        };
        List<Map<String, Object>> datasets = new ArrayList<>();
        BigDecimal total = BigDecimal.ZERO;
        for (String label : fields.keySet().stream().sorted().toList()) {
            List<Number> data = new ArrayList<>();
            for (JsonNode point : series.path("series")) {
                BigDecimal value = point.path(fields.get(label)).decimalValue();
                data.add(id.equals("ai-cost") ? value : value.longValue());
                total = total.add(value);
            }
            datasets.add(Map.of("label", label, "data", data, "pointRadius", 0, "borderWidth", 2));
        }
        Map<String, Object> chart = new LinkedHashMap<>();
        chart.put("type", "line");
        chart.put("labels", labels);
        chart.put("datasets", datasets);
        chart.put("total", total);
        return chart;
    }

    /**
     * The biggest spenders by requests of a breakdown ({@code users} or {@code conversations}), each with the page
     * narrowed to it: {@code pageQuery} plus {@code user=} or {@code conversation=}.
     */
    List<Spender> spenders(String by, Map<String, String> pageQuery) {
        Map<String, String> query = new LinkedHashMap<>(selection);
        query.put("limit", String.valueOf(TOP));
        String filter = by.equals("users") ? "user" : "conversation";
        List<Spender> spenders = new ArrayList<>();
        for (JsonNode e : call.api().read("/v2/stats/ai/breakdown/" + by, query).json().path("entities")) {
            JsonNode t = e.path("totals");
            String id = e.path("entityId").asText();
            Map<String, String> narrowed = new LinkedHashMap<>(pageQuery);
            narrowed.put(filter, id);
            spenders.add(new Spender(id, e.path("entityName").asText(id), t.path("requests").asLong(),
                    t.path("tokensIn").asLong(), t.path("tokensOut").asLong(), t.path("activeConversations").asLong(),
                    t.path("cost").decimalValue(), PlatformClient.queryString(narrowed)));
        }
        return spenders;
    }
}
