package io.gatehouse.console.view;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The headline of the usage page's AI dashboard from a {@code /v2/stats/ai} answer: its window and bucket size, and
 * the summary of requests per bucket (total, mean, median, 90th percentile, busiest bucket), as shown.
 */
public record DashboardSummary(String window, String bucket, String total, String avg, String p50, String p90, String max) {

    public static DashboardSummary of(JsonNode answer) {
        JsonNode meta = answer.path("meta");
        JsonNode s = answer.path("summary");
        return new DashboardSummary(meta.path("window").asText(), meta.path("timeBucketSize").asText(),
                number(s, "total"), number(s, "avg"), number(s, "p50"), number(s, "p90"), number(s, "max"));
    }

    /** Whole numbers as they are, others to two decimals. */
    private static String number(JsonNode summary, String field) {
        double value = summary.path(field).asDouble();
        return value == Math.rint(value) ? String.valueOf((long) value) : String.format(java.util.Locale.ROOT, "%.2f", value);
    }
}
