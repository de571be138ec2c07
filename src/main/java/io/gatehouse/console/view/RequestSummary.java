package io.gatehouse.console.view;

import java.util.List;

/**
 * {@code /aistats/requests/summary}: latency percentiles and the requests per status and outcome among the newest
 * {@code requests} of a window ({@code capped}: the window held more than were read).
 */
public record RequestSummary(int requests, boolean capped, Latency latencyMs, List<StatusCount> statuses,
                             List<OutcomeCount> outcomes) {

    public record Latency(Long p50, Long p95) {
    }

    public record StatusCount(String status, long count) {
    }

    public record OutcomeCount(String outcome, long count) {
    }

    /** Requests that failed: neither answered ({@code ok}) nor refused by a policy ({@code blocked}). */
    public long errors() {
        return outcomes.stream().filter(o -> !o.outcome().equals("ok") && !o.outcome().equals("blocked"))
                .mapToLong(OutcomeCount::count).sum();
    }

    public long blocked() {
        return outcomes.stream().filter(o -> o.outcome().equals("blocked")).mapToLong(OutcomeCount::count).sum();
    }

    /** A latency as shown: milliseconds, or a dash without requests. */
    public static String ms(Long value) {
        return value == null ? "—" : value + " ms";
    }
}
