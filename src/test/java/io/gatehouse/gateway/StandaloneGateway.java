package io.gatehouse.gateway;

import io.gatehouse.config.GatehouseConfig;
import io.gatehouse.config.Settings;
import io.gatehouse.egress.EgressPolicy;
import io.gatehouse.route.Endpoint;
import io.gatehouse.gateway.snapshot.GatewaySnapshot;
import io.gatehouse.gateway.snapshot.KeyEntry;
import io.gatehouse.route.RepoRoutes;
import io.gatehouse.route.Upstream;
import io.gatehouse.guard.FailureThrottle;
import io.gatehouse.guard.ListenerGuard;
import io.gatehouse.observe.AccessLog;
import io.gatehouse.observe.GatewayMetrics;
import io.gatehouse.observe.GatewayObserver;
import io.gatehouse.observe.Tracing;
import io.gatehouse.limit.Limiter;
import io.gatehouse.limit.LocalCounters;
import io.gatehouse.model.AiType;
import io.gatehouse.model.ValidationStatus;
import io.gatehouse.policy.PolicyEngine;
import io.gatehouse.policy.PolicySets;
import io.gatehouse.provider.IdGenerator;
import io.gatehouse.model.ModelEntry;
import io.gatehouse.testing.TestServer;
import io.gatehouse.usage.UsageRecord;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * A gateway listener without a store, for tests of the data plane alone: one repository reaching the given
 * configurations, one key ({@link #KEY}), a fixed clock and scripted ids, usage records kept in a list and meters on
 * a registry the test reads. Provider calls may reach 127.0.0.1 (the fakes), as on a {@link TestServer}.
 */
final class StandaloneGateway implements AutoCloseable {
    static final String KEY = "ghk_replay-key";
    static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(1764150000L), ZoneOffset.UTC);
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** Ids handed out in order; once empty, {@code <prefix>unexpected}. */
    final Deque<String> ids = new ArrayDeque<>();
    final List<UsageRecord> usage = new CopyOnWriteArrayList<>();
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final GatewayContext context;
    final Vertx vertx;
    private final GatewayVerticle gateway;

    private StandaloneGateway(List<Upstream> upstreams, Map<String, String> extra) throws Exception {
        RepoRoutes repo = new RepoRoutes("repo-1", "org-1", "ws-1", "replay", false, upstreams);
        String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(KEY.getBytes(StandardCharsets.UTF_8)));
        GatewaySnapshot snapshot = new GatewaySnapshot(1, Map.of(hash, new KeyEntry("key-1", "replay", repo, Long.MAX_VALUE, null, null)),
                Map.of(), PolicySets.NONE);
        Map<String, String> settings = new HashMap<>(TestServer.PROVIDER_EGRESS);
        settings.putAll(extra);
        IdGenerator next = prefix -> {
            String id = ids.poll();
            return id != null ? id : prefix + "unexpected";
        };
        vertx = Vertx.vertx();
        context = context(vertx, Settings.of(settings), () -> snapshot, usage::add, next,
                new GatewayObserver(new GatewayMetrics(registry), AccessLog.off(), Tracing.off()));
        gateway = new GatewayVerticle(context, "127.0.0.1", 0, new Readiness(), new ListenerGuard("gateway",
                new GatehouseConfig(Settings.of(Map.of())).gatewayLimits(), GatewayVerticle.ERRORS, new SimpleMeterRegistry()));
        vertx.deployVerticle(gateway, new DeploymentOptions()).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    static StandaloneGateway start(List<Upstream> upstreams) throws Exception {
        return start(upstreams, Map.of());
    }

    /** With further settings (e.g. shorter gateway timeouts). */
    static StandaloneGateway start(List<Upstream> upstreams, Map<String, String> settings) throws Exception {
        return new StandaloneGateway(upstreams, settings);
    }

    /** A gateway context on {@code settings} without a store: no judge, no credential bookkeeping. */
    static GatewayContext context(Vertx vertx, Settings settings, java.util.function.Supplier<GatewaySnapshot> snapshot,
                                  java.util.function.Consumer<UsageRecord> usage, IdGenerator ids, GatewayObserver observer) {
        return new GatewayContext(GatewaySettings.from(settings), snapshot, usage,
                new FailureThrottle(100, Duration.ofMinutes(1), CLOCK), (u, m) -> { }, CLOCK, ids, observer,
                new PolicyEngine(q -> Future.failedFuture("no judge"), e -> { }, CLOCK, Duration.ofSeconds(1), 0,
                        new SimpleMeterRegistry(), (outcome, nanos) -> { }), EgressPolicy.from(settings),
                new Limiter(new LocalCounters(CLOCK), Limiter.OnFailure.OPEN, CLOCK, new SimpleMeterRegistry()),
                new MemoryResponses());
    }

    /** Kept responses in memory, for a gateway without a store. */
    static final class MemoryResponses implements ResponseStore {
        private final Map<String, Stored> kept = new java.util.concurrent.ConcurrentHashMap<>();

        @Override
        public void keep(Stored response) {
            kept.put(response.id(), response);
        }

        @Override
        public Stored find(String repoId, String id) {
            Stored stored = kept.get(id);
            return stored != null && stored.repoId().equals(repoId) ? stored : null;
        }

        @Override
        public boolean delete(String repoId, String id) {
            return find(repoId, id) != null && kept.remove(id) != null;
        }
    }

    /** A validated configuration serving {@code model}. */
    static Upstream upstream(String name, AiType type, String endpoint, String model) {
        return new Upstream("cfg-" + name, "org-1", "ws-1", name, type, Endpoint.parse(endpoint),
                null, ValidationStatus.VALID,
                Map.of(model, new ModelEntry(model, model, 0, null, 64_000, List.of())));
    }

    int port() {
        return gateway.actualPort();
    }

    /** A POST with the key and a JSON body; the client gives up after 20 s (a request left hanging fails the test). */
    HttpResponse<String> post(String path, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + path))
                .timeout(Duration.ofSeconds(20))
                .header("Authorization", "Bearer " + KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The sum of a counter's series whose tags include {@code tags} (name, value, …). */
    double count(String name, String... tags) {
        var search = registry.find(name);
        for (int i = 0; i + 1 < tags.length; i += 2) {
            search = search.tag(tags[i], tags[i + 1]);
        }
        return search.counters().stream().mapToDouble(c -> c.count()).sum();
    }

    @Override
    public void close() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
