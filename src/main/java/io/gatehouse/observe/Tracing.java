package io.gatehouse.observe;

import io.gatehouse.config.ConfigException;
import io.gatehouse.config.Settings;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporterBuilder;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * OpenTelemetry tracing of gateway requests, off unless an OTLP endpoint is configured
 * ({@code otel.exporter.otlp.endpoint}, or the standard {@code OTEL_EXPORTER_OTLP_ENDPOINT}). Spans go out over
 * OTLP/HTTP (protobuf) in batches, off the request path; when off, spans are no-ops that cost next to nothing.
 * A request is a SERVER span that continues the client's W3C {@code traceparent}; each provider call within it
 * (several with retries or fallbacks) is a CLIENT span carrying the GenAI semantic-convention attributes
 * ({@link GenAiSpan}). Spans never hold prompts, completions or credentials.
 */
public final class Tracing implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Tracing.class);
    private static final String INSTRUMENTATION = "io.gatehouse";

    private static final TextMapGetter<Function<String, String>> HEADERS = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Function<String, String> carrier) {
            return List.of("traceparent", "tracestate");
        }

        @Override
        public String get(Function<String, String> carrier, String key) {
            return carrier == null ? null : carrier.apply(key);
        }
    };

    /** The span of every request while tracing is off: records nothing, costs nothing. */
    private static final RequestSpan OFF = new RequestSpan(OpenTelemetry.noop().getTracer(INSTRUMENTATION), Span.getInvalid());

    private final SdkTracerProvider provider;
    private final Tracer tracer;

    private Tracing(SdkTracerProvider provider, Tracer tracer) {
        this.provider = provider;
        this.tracer = tracer;
    }

    /** Tracing that records nothing. */
    public static Tracing off() {
        return new Tracing(null, OpenTelemetry.noop().getTracer(INSTRUMENTATION));
    }

    /**
     * Tracing as configured: exporting to {@code otel.exporter.otlp.endpoint} (falling back to the environment's
     * {@code OTEL_EXPORTER_OTLP_ENDPOINT}), else off.
     */
    public static Tracing fromSettings(Settings settings, Map<String, String> environment) {
        Optional<String> endpoint = settings.get("otel.exporter.otlp.endpoint")
                .or(() -> Optional.ofNullable(environment.get("OTEL_EXPORTER_OTLP_ENDPOINT")))
                .map(String::trim).filter(s -> !s.isEmpty());
        if (endpoint.isEmpty()) {
            return off();
        }
        String base = endpoint.get().replaceAll("/+$", "");
        if (!base.startsWith("http://") && !base.startsWith("https://")) {
            throw new ConfigException("Setting otel.exporter.otlp.endpoint must be an http(s) URL such as http://collector:4318");
        }
        OtlpHttpSpanExporterBuilder exporter = OtlpHttpSpanExporter.builder()
                .setEndpoint(base + "/v1/traces")
                .setTimeout(settings.getDuration("otel.exporter.otlp.timeout", Duration.ofSeconds(10)));
        settings.get("otel.exporter.otlp.headers").ifPresent(headers -> addHeaders(exporter, headers));
        double ratio = ratio(settings.get("otel.traces.sampler.ratio", "1.0"));
        String service = settings.get("otel.service.name", "gatehouse");
        log.info("Tracing: exporting spans of service '{}' to {} (sampling {})", service, base, ratio);
        return exportingTo(BatchSpanProcessor.builder(exporter.build())
                .setScheduleDelay(settings.getDuration("otel.bsp.schedule.delay", Duration.ofSeconds(5))).build(), service, ratio);
    }

    /** Tracing that hands every span to {@code exporter} as soon as it ends (tests, local debugging). */
    public static Tracing exportingTo(SpanExporter exporter) {
        return exportingTo(SimpleSpanProcessor.create(exporter), "gatehouse", 1.0);
    }

    private static Tracing exportingTo(SpanProcessor processor, String service, double ratio) {
        SdkTracerProvider provider = SdkTracerProvider.builder()
                .setResource(Resource.getDefault().merge(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), service))))
                .setSampler(Sampler.parentBased(Sampler.traceIdRatioBased(ratio)))
                .addSpanProcessor(processor)
                .build();
        return new Tracing(provider, provider.get(INSTRUMENTATION));
    }

    public boolean enabled() {
        return provider != null;
    }

    /**
     * Starts the span of one gateway request, continuing the trace of the client's {@code traceparent} header when
     * it sends one. {@code header} reads a request header by name (null when absent).
     */
    public RequestSpan startRequest(String method, String route, Function<String, String> header) {
        if (provider == null) {
            return OFF;
        }
        Context parent = W3CTraceContextPropagator.getInstance().extract(Context.root(), header, HEADERS);
        return new RequestSpan(tracer, tracer.spanBuilder(method + " " + route)
                .setSpanKind(SpanKind.SERVER)
                .setParent(parent)
                .setAttribute(RequestSpan.HTTP_METHOD, method)
                .setAttribute(RequestSpan.HTTP_ROUTE, route)
                .startSpan());
    }

    /** Flushes the spans still buffered and stops exporting. */
    @Override
    public void close() {
        if (provider != null) {
            provider.shutdown().join(10, TimeUnit.SECONDS);
        }
    }

    private static void addHeaders(OtlpHttpSpanExporterBuilder exporter, String headers) {
        for (String pair : headers.split(",")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new ConfigException("Setting otel.exporter.otlp.headers must be name=value pairs separated by commas");
            }
            exporter.addHeader(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
        }
    }

    private static double ratio(String raw) {
        try {
            double ratio = Double.parseDouble(raw.trim());
            if (ratio >= 0 && ratio <= 1) {
                return ratio;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new ConfigException("Setting otel.traces.sampler.ratio must be a number from 0 to 1, got '" + raw + "'");
    }
}
