package io.gatehouse.bench;

import io.gatehouse.config.Settings;
import io.gatehouse.observe.AccessLog;
import io.gatehouse.observe.GatewayMetrics;
import io.gatehouse.observe.GatewayObserver;
import io.gatehouse.observe.RequestEnd;
import io.gatehouse.observe.RequestSpan;
import io.gatehouse.observe.Tracing;
import io.gatehouse.testing.Usage;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.ByteArrayOutputStream;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What reporting one finished request costs: on the event loop, the metrics alone and the metrics plus queueing the
 * access log entry; on the access log's writer thread, formatting the line (its share of a batched write comes on
 * top).
 * Compare with the CPU per request of the whole gateway in docs/performance.md. Run with
 * {@code ./mvnw -Pbench test -Djmh.args=ObserverBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ObserverBenchmark {
    private GatewayObserver metricsOnly;
    private GatewayObserver withAccessLog;
    private AccessLog format;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(512);
    private RequestSpan span;
    private RequestEnd end;

    @Setup
    public void setUp() {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        metricsOnly = new GatewayObserver(new GatewayMetrics(registry), AccessLog.off(), Tracing.off());
        withAccessLog = new GatewayObserver(new GatewayMetrics(registry),
                AccessLog.fromSettings(Settings.of(Map.of("access.log.file", "/dev/null")), null, registry), Tracing.off());
        format = AccessLog.withoutBodies();
        span = Tracing.off().startRequest("POST", "/v1/chat/completions", name -> null);
        end = new RequestEnd(Usage.at("2026-11-26T23:00:00Z").dims("repo-7f3a", "llm-1c9e", "key-0b2d")
                .model("OPENAI", "gpt-4o-mini", "127.0.0.1").tokens(48, 20).latency(1).build(),
                "req-1", "POST", "/v1/chat/completions", "127.0.0.1", "wrk/4.2", 450_000, 250_000, -1, null, null, null,
                true);
    }

    @TearDown
    public void tearDown() {
        withAccessLog.close();
    }

    @Benchmark
    public void metricsOnly() {
        metricsOnly.ended(span, end);
    }

    @Benchmark
    public void metricsAndAccessLogQueued() {
        withAccessLog.ended(span, end);
    }

    @Benchmark
    public int accessLogLineFormatted() {
        line.reset();
        format.format(withAccessLogEntry(), line);
        return line.size();
    }

    private io.gatehouse.observe.AccessLogEntry withAccessLogEntry() {
        return new io.gatehouse.observe.AccessLogEntry()
                .request(end.usage().timestamp(), "5f0c9a1e-2x", "POST", "/v1/chat/completions", "127.0.0.1", "wrk/4.2")
                .caller("repo-7f3a", "key-0b2d").route("llm-1c9e", "other", "gpt-4o-mini", false).tokens(48, 20)
                .result(200, "ok", null).timing(0, 0L, null);
    }
}
