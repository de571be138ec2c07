package io.gatehouse.observe;

import io.gatehouse.crypto.Secret;
import io.gatehouse.crypto.Tokens;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.ext.web.Router;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * The node's metrics registry, scraped in Prometheus text format at {@code GET /metrics} on the admin listener
 * (behind a bearer token when {@code metrics.token} is set).
 * Components register their meters on {@link #registry()}; names follow Prometheus conventions
 * ({@code gatehouse_…}, base units, {@code _total} counters).
 */
public final class Metrics implements AutoCloseable {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gcMetrics = new JvmGcMetrics();

    public Metrics() {
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        gcMetrics.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    public MeterRegistry registry() {
        return registry;
    }

    /**
     * Mounts {@code GET /metrics} (Prometheus text exposition format). With a {@code token}, a scrape must send it as
     * {@code Authorization: Bearer <token>}; others fail with 401 (the listener's error handler answers).
     */
    public void mount(Router router, Optional<Secret> token) {
        byte[] expected = token.map(t -> hash(t.reveal())).orElse(null);
        router.get("/metrics").handler(ctx -> {
            if (expected != null && !MessageDigest.isEqual(expected, hash(bearer(ctx.request().getHeader("Authorization"))))) {
                ctx.response().putHeader("WWW-Authenticate", "Bearer realm=\"metrics\"");
                ctx.fail(401);
                return;
            }
            ctx.response()
                    .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
                    .end(registry.scrape());
        });
    }

    private static String bearer(String authorization) {
        return authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                ? authorization.substring(7).trim() : "";
    }

    /** Compared as hashes: equal lengths, so the comparison's time says nothing about the token. */
    private static byte[] hash(String token) {
        return Tokens.hash(token).getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    public void close() {
        gcMetrics.close();
        registry.close();
    }
}
