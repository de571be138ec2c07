package io.gatehouse.observe;

import io.gatehouse.provider.ErrorKind;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * The gateway's request metrics, exposed on {@code /metrics}. Calls take plain values and are cheap enough for the
 * event loop: meters are cached per label combination, and combinations are capped ({@link BoundedMeters}).
 * Histograms have fixed buckets (Prometheus {@code _bucket{le=…}} series) chosen for LLM calls, which take
 * seconds, and for the gateway's own overhead, which should take well under a millisecond.
 *
 * <ul>
 *   <li>{@code gatehouse_request_duration_seconds{repo, provider, model, status, outcome}}: one observation per
 *       request; its {@code _count} is the request count ({@code outcome} tells a stream the client cancelled or
 *       the provider cut from one that completed, all of which answered 200)</li>
 *   <li>{@code gatehouse_tokens_total{repo, provider, model, type=input|output}}: provider-reported tokens</li>
 *   <li>{@code gatehouse_gateway_overhead_seconds{provider}}: request time not spent waiting on the provider</li>
 *   <li>{@code gatehouse_time_to_first_chunk_seconds{provider, model}}: streams, request start to first chunk sent</li>
 *   <li>{@code gatehouse_upstream_errors_total{provider, kind}}: provider failures by {@link ErrorKind}</li>
 *   <li>{@code gatehouse_upstream_resent_total{provider}}: requests sent again because the provider closed their
 *       pooled connection before any answer (not failures: the client got the answer of the second send)</li>
 *   <li>{@code gatehouse_usage_clamped_total{provider}}: answers whose reported token counts were negative or
 *       absurd and were clamped</li>
 *   <li>{@code gatehouse_policy_outcomes_total{action, direction}}: policy decisions (log, alert, block, redact)</li>
 *   <li>{@code gatehouse_judge_duration_seconds{outcome}}: policy judge calls</li>
 * </ul>
 * Labels that are unknown (a request refused before routing) read {@code none}.
 */
public final class GatewayMetrics {
    /** Distinct label combinations kept per metric before new ones fold into {@code other}. */
    public static final int DEFAULT_MAX_SERIES = 2000;
    static final String NONE = "none";
    static final String OTHER = "other";

    private static final Duration[] REQUEST_BUCKETS = seconds(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300);
    private static final Duration[] OVERHEAD_BUCKETS = seconds(0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
            0.05, 0.1, 0.25, 1);
    private static final Duration[] FIRST_CHUNK_BUCKETS = seconds(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60);
    private static final Duration[] JUDGE_BUCKETS = seconds(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30);

    private record RequestKey(String repo, String provider, String model, int status, String outcome) {
    }

    private record ModelKey(String repo, String provider, String model) {
    }

    private record Pair(String first, String second) {
    }

    private record Tokens(Counter input, Counter output) {
    }

    private final BoundedMeters<RequestKey, Timer> requests;
    private final BoundedMeters<ModelKey, Tokens> tokens;
    private final BoundedMeters<String, Timer> overhead;
    private final BoundedMeters<Pair, Timer> firstChunk;
    private final BoundedMeters<Pair, Counter> upstreamErrors;
    private final BoundedMeters<String, Counter> upstreamResent;
    private final BoundedMeters<String, Counter> usageClamped;
    private final BoundedMeters<Pair, Counter> policyOutcomes;
    private final BoundedMeters<String, Timer> judge;

    public GatewayMetrics(MeterRegistry registry) {
        this(registry, DEFAULT_MAX_SERIES);
    }

    public GatewayMetrics(MeterRegistry registry, int maxSeries) {
        requests = new BoundedMeters<>("gatehouse_request_duration", maxSeries,
                k -> new RequestKey(OTHER, k.provider(), OTHER, k.status(), k.outcome()),
                k -> Timer.builder("gatehouse_request_duration").description("Gateway requests, from arrival to the last byte sent")
                        .tags("repo", k.repo(), "provider", k.provider(), "model", k.model(), "status", Integer.toString(k.status()),
                                "outcome", k.outcome())
                        .serviceLevelObjectives(REQUEST_BUCKETS).register(registry));
        tokens = new BoundedMeters<>("gatehouse_tokens", maxSeries,
                k -> new ModelKey(OTHER, k.provider(), OTHER),
                k -> new Tokens(tokenCounter(registry, k, "input"), tokenCounter(registry, k, "output")));
        overhead = new BoundedMeters<>("gatehouse_gateway_overhead", maxSeries, k -> OTHER,
                k -> Timer.builder("gatehouse_gateway_overhead").description("Request time not spent waiting on the provider")
                        .tag("provider", k).serviceLevelObjectives(OVERHEAD_BUCKETS).register(registry));
        firstChunk = new BoundedMeters<>("gatehouse_time_to_first_chunk", maxSeries, k -> new Pair(k.first(), OTHER),
                k -> Timer.builder("gatehouse_time_to_first_chunk").description("Streams: from arrival to the first chunk sent")
                        .tags("provider", k.first(), "model", k.second()).serviceLevelObjectives(FIRST_CHUNK_BUCKETS).register(registry));
        upstreamErrors = new BoundedMeters<>("gatehouse_upstream_errors", maxSeries, k -> new Pair(OTHER, k.second()),
                k -> Counter.builder("gatehouse_upstream_errors").description("Failed provider calls, by kind of failure")
                        .tags("provider", k.first(), "kind", k.second()).register(registry));
        upstreamResent = new BoundedMeters<>("gatehouse_upstream_resent", maxSeries, k -> OTHER,
                k -> Counter.builder("gatehouse_upstream_resent")
                        .description("Requests sent again after the provider closed their pooled connection before answering")
                        .tag("provider", k).register(registry));
        usageClamped = new BoundedMeters<>("gatehouse_usage_clamped", maxSeries, k -> OTHER,
                k -> Counter.builder("gatehouse_usage_clamped")
                        .description("Provider answers whose token counts were out of range and were clamped")
                        .tag("provider", k).register(registry));
        policyOutcomes = new BoundedMeters<>("gatehouse_policy_outcomes", maxSeries, k -> new Pair(OTHER, k.second()),
                k -> Counter.builder("gatehouse_policy_outcomes").description("Policy decisions, by action taken")
                        .tags("action", k.first(), "direction", k.second()).register(registry));
        judge = new BoundedMeters<>("gatehouse_judge_duration", maxSeries, k -> OTHER,
                k -> Timer.builder("gatehouse_judge_duration").description("Policy judge calls")
                        .tag("outcome", k).serviceLevelObjectives(JUDGE_BUCKETS).register(registry));
    }

    /** A finished request: its status as the client saw it, how it ended ({@code ok}, {@code cancelled}, …), its duration. */
    public void request(String repoId, String provider, String model, int status, String outcome, long durationNanos) {
        requests.get(new RequestKey(label(repoId), label(provider), label(model), status, label(outcome)))
                .record(durationNanos, TimeUnit.NANOSECONDS);
    }

    /** The provider's token counts for one request. */
    public void tokens(String repoId, String provider, String model, long input, long output) {
        Tokens t = tokens.get(new ModelKey(label(repoId), label(provider), label(model)));
        t.input().increment(input);
        t.output().increment(output);
    }

    /** The part of a request's time the gateway itself spent (total minus waiting on the provider). */
    public void gatewayOverhead(String provider, long nanos) {
        overhead.get(label(provider)).record(nanos, TimeUnit.NANOSECONDS);
    }

    public void timeToFirstChunk(String provider, String model, long nanos) {
        firstChunk.get(new Pair(label(provider), label(model))).record(nanos, TimeUnit.NANOSECONDS);
    }

    public void upstreamError(String provider, ErrorKind kind) {
        upstreamErrors.get(new Pair(label(provider), kind.name().toLowerCase(Locale.ROOT))).increment();
    }

    /** A request was sent again: its pooled connection closed before any byte of answer. */
    public void upstreamResent(String provider) {
        upstreamResent.get(label(provider)).increment();
    }

    /** A provider reported token counts that are not counts (negative, or past 2^31 - 1); they were clamped. */
    public void usageClamped(String provider) {
        usageClamped.get(label(provider)).increment();
    }

    /** A policy decision: {@code action} log, alert, block or redact; {@code direction} input or output. */
    public void policyOutcome(String action, String direction) {
        policyOutcomes.get(new Pair(label(action), label(direction))).increment();
    }

    /** One judge call: {@code outcome} such as ok, error or timeout. */
    public void judgeLatency(String outcome, long nanos) {
        judge.get(label(outcome)).record(nanos, TimeUnit.NANOSECONDS);
    }

    private static Counter tokenCounter(MeterRegistry registry, ModelKey k, String type) {
        return Counter.builder("gatehouse_tokens").description("Tokens the providers reported")
                .tags("repo", k.repo(), "provider", k.provider(), "model", k.model(), "type", type).register(registry);
    }

    private static String label(String value) {
        return value == null || value.isEmpty() ? NONE : value;
    }

    private static Duration[] seconds(double... values) {
        return Arrays.stream(values).mapToObj(v -> Duration.ofNanos(Math.round(v * 1e9))).toArray(Duration[]::new);
    }
}
