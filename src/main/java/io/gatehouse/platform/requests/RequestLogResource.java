package io.gatehouse.platform.requests;

import io.gatehouse.platform.ApiException;
import io.gatehouse.platform.ApiRequest;
import io.gatehouse.platform.ApiResource;
import io.gatehouse.platform.ApiRoutes;
import io.gatehouse.platform.Page;
import io.gatehouse.platform.Principal;
import io.gatehouse.platform.Reply;
import org.jdbi.v3.core.Jdbi;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * {@code GET /aistats/requests}: the request log, newest first, {@code take} (≤ 100) at a time from {@code skip}
 * (≤ {@value #MAX_SKIP}), with {@code hasMore} instead of a total (counting a busy window would read all of it).
 * {@code GET /aistats/requests/summary}: p50 and p95 latency and the requests per status and per outcome among the
 * newest {@code sampleCap} requests matching the same filters; {@code capped} says the window held more. Both see
 * what {@code /aistats} sees: the caller's organization, and for members only their workspaces.
 */
public final class RequestLogResource implements ApiResource {
    static final int MAX_SKIP = 10_000;

    private final Jdbi jdbi;
    private final Clock clock;
    private final int sampleCap;

    public RequestLogResource(Jdbi jdbi, Clock clock, int sampleCap) {
        this.jdbi = jdbi;
        this.clock = clock;
        this.sampleCap = sampleCap;
    }

    @Override
    public void register(ApiRoutes routes) {
        routes.get("/aistats/requests", this::log);
        routes.get("/aistats/requests/summary", this::summary);
    }

    private Reply log(ApiRequest req) {
        Principal caller = req.principal();
        RequestFilter filter = RequestFilter.parse(req, clock.instant());
        Page page = req.page();
        if (page.skip() > MAX_SKIP) {
            throw ApiException.badRequest("skip must be at most " + MAX_SKIP + "; narrow the dates instead");
        }
        List<RequestLog.Entry> rows = jdbi.withHandle(h -> RequestLog.page(h, caller, filter, page.skip(), page.take()));
        boolean more = rows.size() > page.take();
        return Reply.ok("requests", more ? rows.subList(0, page.take()) : rows).put("hasMore", more)
                .put("startDate", filter.from()).put("endDate", filter.to());
    }

    private Reply summary(ApiRequest req) {
        Principal caller = req.principal();
        RequestFilter filter = RequestFilter.parse(req, clock.instant());
        List<RequestLog.Sample> sample = jdbi.withHandle(h -> RequestLog.sample(h, caller, filter, sampleCap));
        long[] latencies = sample.stream().mapToLong(RequestLog.Sample::latencyMs).sorted().toArray();
        Map<String, Object> latency = new LinkedHashMap<>();
        latency.put("p50", percentile(latencies, 50));
        latency.put("p95", percentile(latencies, 95));
        return Reply.ok("requests", sample.size()).put("capped", sample.size() >= sampleCap)
                .put("latencyMs", latency)
                .put("statuses", counts(sample, s -> Integer.toString(s.status()), "status"))
                .put("outcomes", counts(sample, RequestLog.Sample::outcome, "outcome"))
                .put("startDate", filter.from()).put("endDate", filter.to());
    }

    /** The nearest-rank percentile of sorted values; null when there are none. */
    static Long percentile(long[] sorted, int p) {
        if (sorted.length == 0) {
            return null;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(rank, 1) - 1];
    }

    /** {@code [{<name>: value, count}]}, most frequent first. */
    private static List<Map<String, Object>> counts(List<RequestLog.Sample> sample, Function<RequestLog.Sample, String> key,
                                                    String name) {
        Map<String, Long> by = sample.stream().collect(Collectors.groupingBy(key, TreeMap::new, Collectors.counting()));
        return by.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .map(e -> {
                    Map<String, Object> row = new LinkedHashMap<>();
                    row.put(name, e.getKey());
                    row.put("count", e.getValue());
                    return row;
                }).toList();
    }
}
