package io.gatehouse.observe;

import io.gatehouse.config.Settings;
import io.gatehouse.usage.UsageRecord;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Where the gateway reports each request: it starts the request's span and, once the request's usage record is
 * complete (exactly once per request, whatever the ending), counts it in the metrics, ends the span and queues the
 * access log line. Everything here runs on the event loop and only touches cached meters and queues.
 */
public final class GatewayObserver implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GatewayObserver.class);
    /** A refused request's path is the client's: long ones are cut in the access log. */
    private static final int MAX_LOGGED_PATH = 256;
    private static final long WARN_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);
    private final GatewayMetrics metrics;
    private final AccessLog accessLog;
    private final Tracing tracing;
    private final AtomicLong lastClampWarning = new AtomicLong(System.nanoTime() - WARN_EVERY_NANOS);

    public GatewayObserver(GatewayMetrics metrics, AccessLog accessLog, Tracing tracing) {
        this.metrics = metrics;
        this.accessLog = accessLog;
        this.tracing = tracing;
    }

    /**
     * As configured: meters on {@code registry} (at most {@code metrics.max.series} label combinations each),
     * the access log ({@link AccessLog#fromSettings}, bodies masked by the policy detectors) and tracing
     * ({@link Tracing#fromSettings}).
     */
    public static GatewayObserver fromSettings(Settings settings, Map<String, String> environment, MeterRegistry registry) {
        return new GatewayObserver(
                new GatewayMetrics(registry, settings.getInt("metrics.max.series", GatewayMetrics.DEFAULT_MAX_SERIES)),
                AccessLog.fromSettings(settings, AccessLog::redactWithDetectors, registry),
                Tracing.fromSettings(settings, environment));
    }

    /** Meters on a private registry, no access log, no tracing (fixture tests). */
    public static GatewayObserver quiet() {
        return new GatewayObserver(new GatewayMetrics(new SimpleMeterRegistry()), AccessLog.off(), Tracing.off());
    }

    /** The meters, for the parts of the gateway that count events within a request (policy outcomes, judge calls). */
    public GatewayMetrics metrics() {
        return metrics;
    }

    /** Whether request and answer bodies should be kept for the access log. */
    public boolean logsBodies() {
        return accessLog.logsBodies();
    }

    /** How many characters of a body the access log keeps. */
    public int maxBodyChars() {
        return accessLog.maxBodyChars();
    }

    public RequestSpan startRequest(String method, String route, Function<String, String> header) {
        return tracing.startRequest(method, route, header);
    }

    /** The request is over: meters, span end and access log line, from its completed usage record. */
    public void ended(RequestSpan span, RequestEnd end) {
        UsageRecord u = end.usage();
        String provider = providerLabel(u.llmType());
        // The model name is the client's: one no catalog lists and no provider accepted is not worth a series.
        String model = end.modelKnown() || u.llmModel() == null ? u.llmModel() : GatewayMetrics.OTHER;
        metrics.request(u.repoId(), provider, model, u.status(), u.outcome(), end.durationNanos());
        if (u.tokensIn() != 0 || u.tokensOut() != 0) {
            metrics.tokens(u.repoId(), provider, model, u.tokensIn(), u.tokensOut());
        }
        Long overhead = null;
        if (end.upstreamNanos() > 0) {
            long nanos = Math.max(0, end.durationNanos() - end.upstreamNanos());
            metrics.gatewayOverhead(provider, nanos);
            overhead = TimeUnit.NANOSECONDS.toMillis(nanos);
        }
        Long firstChunk = null;
        if (end.firstChunkNanos() >= 0) {
            metrics.timeToFirstChunk(provider, model, end.firstChunkNanos());
            firstChunk = TimeUnit.NANOSECONDS.toMillis(end.firstChunkNanos());
        }
        String action = policyAction(u);
        String traceId = span.recording() ? span.traceId() : null;
        span.caller(u.repoId(), u.repoAiApiKeyId()).policyAction(action).end(u.status());
        accessLog.write(new AccessLogEntry()
                .request(u.timestamp(), end.requestId(), end.method(),
                        end.path(), end.clientAddress(), end.userAgent())
                .traceId(traceId)
                .caller(u.repoId(), u.repoAiApiKeyId())
                .route(u.aiLlmId(), u.llmType() == null ? null : provider, u.llmModel(), u.streamed())
                .tokens(u.tokensIn(), u.tokensOut())
                .result(u.status(), u.outcome(), end.errorKind())
                .timing(TimeUnit.NANOSECONDS.toMillis(end.durationNanos()), overhead, firstChunk)
                .policyAction(action)
                .bodies(end.prompt(), end.completion()));
    }

    /**
     * A request answered before the pipeline (unknown path, wrong method): counted with outcome {@code refused} and
     * logged, with no repository, provider or model to attribute it to. No span: nothing of Gatehouse's ran.
     */
    public void refused(String requestId, String method, String path, String clientAddress, String userAgent,
                        int status, String errorKind, long durationNanos) {
        metrics.request(null, null, null, status, "refused", durationNanos);
        accessLog.write(new AccessLogEntry()
                .request(Instant.now(), requestId, method, path.length() <= MAX_LOGGED_PATH ? path
                        : path.substring(0, MAX_LOGGED_PATH) + "…", clientAddress, userAgent)
                .result(status, "refused", errorKind)
                .timing(TimeUnit.NANOSECONDS.toMillis(durationNanos), null, null));
    }

    /**
     * A provider's answer reported token counts out of range (negative, or absurdly large) and they were clamped:
     * counted, and a warning logged at most once a minute (every event loop reports here).
     */
    public void usageClamped(String aiType, String aiLlmId, String requestId) {
        metrics.usageClamped(providerLabel(aiType));
        long now = System.nanoTime();
        long last = lastClampWarning.get();
        if (now - last >= WARN_EVERY_NANOS && lastClampWarning.compareAndSet(last, now)) {
            log.warn("The provider of AI LLM configuration {} reported token counts out of range (request {}); they"
                    + " were clamped to 0..2147483647 (gatehouse_usage_clamped_total counts every such answer)",
                    aiLlmId, requestId);
        }
    }

    /** The provider label of metrics and log lines: the configuration's type in lower case ({@code openai}, …). */
    public static String providerLabel(String aiType) {
        return aiType == null ? null : aiType.toLowerCase(Locale.ROOT);
    }

    /** The strongest policy action the usage record shows (block, alert, log), or {@code null} when none acted. */
    private static String policyAction(UsageRecord u) {
        if (u.blocks() > 0) {
            return "block";
        }
        if (u.alerts() > 0) {
            return "alert";
        }
        return u.policyViolations() > 0 ? "log" : null;
    }

    /** Writes the access log lines still queued and flushes the spans still buffered. */
    @Override
    public void close() {
        accessLog.close();
        tracing.close();
    }
}
