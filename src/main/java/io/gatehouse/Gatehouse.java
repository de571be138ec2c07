package io.gatehouse;

import io.gatehouse.config.GatehouseConfig;
import io.gatehouse.console.Console;
import io.gatehouse.crypto.KeyringException;
import io.gatehouse.crypto.MasterKeyring;
import io.gatehouse.crypto.Secret;
import io.gatehouse.crypto.SecretBox;
import io.gatehouse.crypto.ServerSecrets;
import io.gatehouse.egress.EgressPolicy;
import io.gatehouse.gateway.GatewayContext;
import io.gatehouse.gateway.GatewaySettings;
import io.gatehouse.gateway.GatewayVerticle;
import io.gatehouse.gateway.ProviderChat;
import io.gatehouse.gateway.Readiness;
import io.gatehouse.gateway.StoredCredentialFailures;
import io.gatehouse.gateway.StoredResponses;
import io.gatehouse.gateway.snapshot.GatewaySnapshot;
import io.gatehouse.gateway.snapshot.SnapshotLoader;
import io.gatehouse.gateway.snapshot.SnapshotRefresher;
import io.gatehouse.gateway.upstream.ProviderConnections;
import io.gatehouse.provider.IdGenerator;
import io.gatehouse.guard.FailureThrottle;
import io.gatehouse.guard.ListenerGuard;
import io.gatehouse.limit.Limiter;
import io.gatehouse.observe.GatewayObserver;
import io.gatehouse.observe.Metrics;
import io.gatehouse.platform.Access;
import io.gatehouse.platform.AdminServer;
import io.gatehouse.platform.ApiResource;
import io.gatehouse.platform.aillm.AiLlmResource;
import io.gatehouse.platform.aillm.ProviderProbe;
import io.gatehouse.platform.aillm.Validator;
import io.gatehouse.platform.apikey.RepoKeyResource;
import io.gatehouse.platform.conversation.ConversationResource;
import io.gatehouse.platform.dashboard.DashboardResource;
import io.gatehouse.platform.audit.AuditLog;
import io.gatehouse.platform.audit.SystemEventResource;
import io.gatehouse.platform.providerkey.ProviderKeyResource;
import io.gatehouse.platform.settings.SettingsResource;
import io.gatehouse.platform.org.Bootstrap;
import io.gatehouse.platform.org.OrganizationResource;
import io.gatehouse.platform.policy.OrgSettingsResource;
import io.gatehouse.platform.policy.PolicyEventResource;
import io.gatehouse.platform.policy.PolicyResource;
import io.gatehouse.platform.repo.RepoResource;
import io.gatehouse.platform.stats.AiStatsResource;
import io.gatehouse.platform.requests.RequestLogResource;
import io.gatehouse.platform.user.OrgUsersResource;
import io.gatehouse.platform.user.SessionService;
import io.gatehouse.platform.user.UserResource;
import io.gatehouse.platform.workspace.WorkspaceResource;
import io.gatehouse.platform.policy.PolicyAdviceResource;
import io.gatehouse.policy.AlertNotifier;
import io.gatehouse.policy.alert.WebhookDispatcher;
import io.gatehouse.policy.judge.JsonChat;
import io.gatehouse.policy.judge.LlmJudge;
import io.gatehouse.store.Database;
import io.gatehouse.store.BatchWriter;
import io.gatehouse.store.DataDirectory;
import io.gatehouse.store.SealedValues;
import io.gatehouse.store.SealedColumns;
import io.gatehouse.policy.PolicyEngine;
import io.gatehouse.policy.PolicyEvent;
import io.gatehouse.policy.PolicyEventStore;
import io.gatehouse.policy.judge.Judge;
import io.gatehouse.usage.UsageRecorder;
import io.gatehouse.usage.UsageRetention;
import io.gatehouse.usage.UsageStore;
import io.micrometer.core.instrument.Gauge;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.internal.VertxInternal;
import io.vertx.ext.web.Router;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * One Gatehouse node: opens the store (checking the master key before anything is changed), migrates it,
 * bootstraps the first organization, and starts the gateway and admin listeners. {@link #close()} drains
 * in-flight requests and streams, then releases everything in reverse order of creation.
 */
public final class Gatehouse implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Gatehouse.class);

    private final GatehouseConfig config;
    private final Clock clock;
    private final Deque<AutoCloseable> closeables = new ArrayDeque<>();
    private final Readiness readiness = new Readiness();
    private final List<GatewayVerticle> gateways = new ArrayList<>();
    private Database database;
    private Metrics metrics;
    private UsageRecorder usageRecorder;
    private WebhookDispatcher alerts;
    private SecretBox secretBox;
    private Vertx vertx;
    private Limiter limiter;
    private ExecutorService blocking;
    private AdminServer admin;
    private SnapshotRefresher snapshot;
    private int gatewayPort;
    private volatile boolean closed;

    private Gatehouse(GatehouseConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    /** Starts a node and returns once both listeners accept connections; fails without side effects it can avoid. */
    public static Gatehouse start(GatehouseConfig config, PrintStream console) {
        return start(config, console, Clock.systemUTC());
    }

    /** {@link #start(GatehouseConfig, PrintStream)} on another clock (tests that need to know where a window starts). */
    public static Gatehouse start(GatehouseConfig config, PrintStream console, Clock clock) {
        Gatehouse node = new Gatehouse(config, clock);
        try {
            node.startUp(console);
            return node;
        } catch (RuntimeException e) {
            node.close();
            throw e;
        }
    }

    private void startUp(PrintStream console) {
        long started = System.nanoTime();
        metrics = new Metrics();
        closeables.push(metrics);
        // The data directory holds the embedded database and the key files: the node's user's alone.
        boolean usesDataDir = config.dbUrl().isEmpty() || config.masterKey().isEmpty();
        if (usesDataDir) {
            DataDirectory.prepare(config.dataDir());
        }
        database = Database.open(config);
        closeables.push(database);

        // The master key must open what is already stored before the schema or data is touched.
        boolean existing = database.holdsSealedSecrets();
        secretBox = new SecretBox(MasterKeyring.load(config, !existing), () -> MasterKeyring.load(config, false));
        ServerSecrets serverSecrets = new ServerSecrets(database.jdbi(), secretBox, clock);
        if (existing) {
            try {
                SealedValues.verify(database.jdbi(), secretBox, SealedColumns.ALL);
            } catch (KeyringException e) {
                throw new KeyringException("The master key from " + secretBox.keyring().source()
                        + " does not open the secrets in this store: " + e.getMessage()
                        + ". Start with the master key used before; nothing was changed.");
            }
        }
        database.migrate();
        if (usesDataDir) {
            DataDirectory.narrowFiles(config.dataDir());
        }

        AuditLog audit = new AuditLog(clock);
        Bootstrap.run(database.jdbi(), audit, config, clock, console);

        var settings = config.settings();
        usageRecorder = new UsageRecorder(new UsageStore(database.jdbi()),
                BatchWriter.Limits.from(settings, "usage"), metrics.registry());
        closeables.push(usageRecorder);
        UsageRetention retention = new UsageRetention(database.jdbi(), database.engine(), clock,
                UsageRetention.Policy.from(settings), metrics.registry());
        retention.start(settings.getDuration("usage.retention.interval", Duration.ofMinutes(5)));
        closeables.push(retention);
        alerts = new WebhookDispatcher(database.jdbi(), secretBox, WebhookDispatcher.Options.from(settings), clock,
                metrics.registry());
        closeables.push(alerts);

        blocking = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("gatehouse-api-", 0).factory());
        boolean nativeTransport = settings.getBoolean("vertx.native.transport", true);
        vertx = Vertx.vertx(new VertxOptions()
                .setPreferNativeTransport(nativeTransport)
                .setEventLoopPoolSize(Math.max(2, config.gatewayInstances()))
                .setMaxEventLoopExecuteTime(config.settings().getDuration("vertx.max.event.loop.execute.time", Duration.ofSeconds(2)).toNanos()));
        if (nativeTransport && !vertx.isNativeTransportEnabled()) {
            log.info("Native transport unavailable, using Java NIO: {}", String.valueOf(vertx.unavailableNativeTransportCause()));
        }

        FailureThrottle loginThrottle = new FailureThrottle(settings.getInt("auth.login.max.failures", 10),
                settings.getDuration("auth.login.window", Duration.ofMinutes(5)), clock);
        FailureThrottle tokenThrottle = new FailureThrottle(settings.getInt("auth.token.max.failures", 30),
                settings.getDuration("auth.token.window", Duration.ofMinutes(5)), clock);
        SessionService sessions = new SessionService(database.jdbi(), audit, clock,
                serverSecrets.getOrCreate(ServerSecrets.SESSION_SIGNING_KEY),
                settings.getDuration("auth.access.ttl", Duration.ofHours(1)),
                settings.getDuration("auth.refresh.ttl", Duration.ofDays(30)),
                loginThrottle, tokenThrottle);
        Access access = new Access(database.jdbi());

        // Keys, repositories and configurations are served from memory, rebuilt when the change feed moves.
        snapshot = new SnapshotRefresher(new SnapshotLoader(database.jdbi(), secretBox),
                settings.getDuration("gateway.snapshot.poll", Duration.ofMillis(250)));
        closeables.push(snapshot);
        FailureThrottle keyThrottle = new FailureThrottle(settings.getInt("gateway.key.max.failures", 30),
                settings.getDuration("gateway.key.window", Duration.ofMinutes(5)), clock);
        GatewaySettings gatewaySettings = GatewaySettings.from(settings);
        GatewayObserver observer = GatewayObserver.fromSettings(settings, System.getenv(), metrics.registry());
        closeables.push(observer);
        // Every provider call (validation, /v1, the judge) goes only where the egress policy allows.
        EgressPolicy egress = EgressPolicy.from(settings);
        closeables.push(egress);
        Validator validator = new Validator(database.jdbi(), secretBox, new ProviderProbe(vertx, egress,
                settings.getDuration("aillm.validate.timeout", Duration.ofSeconds(10)),
                settings.get("aillm.anthropic.version", "2023-06-01")), audit, clock);
        // A provider refusing a configuration's credentials on a call: validated again, FAILED only when confirmed,
        // then re-validated with growing pauses until it recovers.
        ScheduledExecutorService recheck = Executors.newSingleThreadScheduledExecutor(
                Thread.ofVirtual().name("gatehouse-recheck").factory());
        closeables.push(recheck::shutdownNow);
        StoredCredentialFailures credentialFailures = new StoredCredentialFailures(validator,
                (task, delay) -> recheck.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS), blocking,
                settings.getDuration("aillm.recheck.first", Duration.ofSeconds(30)),
                settings.getDuration("aillm.recheck.max", Duration.ofMinutes(30)));

        // The judge (and the policy advice endpoints) ask the organization's judge model through the gateway's
        // provider plumbing, on a pooled client of their own that every event loop shares.
        JsonChat judgeChat = new JsonChat(new ProviderChat(vertx,
                new ProviderConnections(vertx, gatewaySettings.upstreamPoolSize()).client(), gatewaySettings,
                credentialFailures, egress, clock));
        GatewayContext gateway = new GatewayContext(gatewaySettings, snapshot, usageRecorder::record,
                keyThrottle, credentialFailures, clock, IdGenerator.random(), observer,
                policyEngine(settings, new LlmJudge(judgeChat), observer), egress,
                limiter(settings, config.redisUrl(), clock),
                new StoredResponses(database.jdbi(), secretBox, blocking));

        List<ApiResource> resources = List.of(
                new UserResource(database.jdbi(), sessions, audit, clock, settings.getBoolean("auth.registration.enabled", false)),
                new OrgUsersResource(database.jdbi(), audit, clock),
                new OrganizationResource(database.jdbi(), audit),
                new WorkspaceResource(database.jdbi(), access, audit, clock),
                new SystemEventResource(database.jdbi(), clock),
                new AiLlmResource(database.jdbi(), access, audit, clock, secretBox, validator),
                new ProviderKeyResource(database.jdbi(), access, audit, clock, secretBox),
                new SettingsResource(database.jdbi(), audit, clock),
                new RepoResource(database.jdbi(), access, audit, clock),
                new RepoKeyResource(database.jdbi(), access, audit, clock),
                // Before PolicyResource: /policy/violations must not be taken for /policy/{policyId}.
                new PolicyEventResource(database.jdbi(), access),
                new PolicyResource(database.jdbi(), access, audit, clock),
                new OrgSettingsResource(database.jdbi(), audit, clock, secretBox),
                new AiStatsResource(database.jdbi(), clock, settings.getInt("stats.max.rows", 10_000)),
                new DashboardResource(database.jdbi(), access, clock),
                new RequestLogResource(database.jdbi(), clock, settings.getInt("stats.requests.sample", 10_000)),
                new ConversationResource(database.jdbi(), access, audit, clock, secretBox,
                        () -> "http://" + reachable(config.gatewayHost()) + ":" + gatewayPort,
                        settings.getDuration("conversation.timeout", Duration.ofMinutes(5))),
                new PolicyAdviceResource(database.jdbi(), access, snapshot, judgeChat,
                        settings.getDuration("policy.advice.timeout", Duration.ofSeconds(60))));

        Console webConsole = new Console(sessions, serverSecrets.getOrCreate(ServerSecrets.CONSOLE_COOKIE_KEY),
                settings.getBoolean("console.cookie.secure", false),
                settings.getDuration("console.session.length", Duration.ofHours(12)),
                () -> "http://" + reachable(config.adminHost()) + ":" + admin.actualPort(),
                () -> "http://" + reachable(config.gatewayHost()) + ":" + gatewayPort, blocking, clock);
        Optional<Secret> metricsToken = settings.get("metrics.token").filter(t -> !t.isBlank()).map(Secret::new);
        List<Consumer<Router>> mounts = List.of(router -> metrics.mount(router, metricsToken), webConsole);
        admin = new AdminServer(vertx, sessions, blocking, resources, mounts, snapshot::refreshQuietly);
        ListenerGuard.warnAboveFileLimit(ListenerGuard.maxOpenFiles(), config.gatewayLimits(), config.adminLimits());
        ListenerGuard adminGuard = new ListenerGuard("admin", config.adminLimits(), AdminServer.ERRORS, metrics.registry());
        await(admin.listen(config.adminHost(), config.adminPort(), adminGuard), "admin listener on " + config.adminHost() + ":" + config.adminPort());

        // Port 0 asks for a random port; -1 makes every gateway instance share that same random port.
        int port = config.gatewayPort() == 0 ? -1 : config.gatewayPort();
        ListenerGuard gatewayGuard = new ListenerGuard("gateway", config.gatewayLimits(), GatewayVerticle.ERRORS,
                metrics.registry());
        for (int i = 0; i < config.gatewayInstances(); i++) {
            GatewayVerticle verticle = new GatewayVerticle(gateway, config.gatewayHost(), port, readiness, gatewayGuard);
            await(vertx.deployVerticle(verticle, new DeploymentOptions()), "gateway listener on " + config.gatewayHost() + ":" + config.gatewayPort());
            gateways.add(verticle);
        }
        gatewayPort = gateways.getFirst().actualPort();
        egress.ownListener(admin.actualPort());
        egress.ownListener(gatewayPort);
        credentialFailures.resume();

        watchStore(settings.getDuration("db.check.interval", Duration.ofSeconds(5)));
        readiness.markStarted();
        log.info("Gatehouse ready in {} ms ({} ms since the JVM started): gateway http://{}:{} admin http://{}:{} store {}",
                (System.nanoTime() - started) / 1_000_000, ManagementFactory.getRuntimeMXBean().getUptime(),
                config.gatewayHost(), gatewayPort,
                config.adminHost(), admin.actualPort(), database.engine());
    }

    /**
     * Checks the store every {@code db.check.interval} (5 s) off the event loop: its state goes to {@code /readyz}
     * (which stays ready, decision 0010), to {@code gatehouse_store_reachable}, and to the log when it changes.
     */
    private void watchStore(Duration interval) {
        Gauge.builder("gatehouse_store_reachable", readiness, r -> r.isStoreReachable() ? 1 : 0)
                .description("1 while the last store check (db.check.interval) succeeded, 0 while the store is unreachable")
                .register(metrics.registry());
        vertx.setPeriodic(interval.toMillis(), id -> vertx.executeBlocking(() -> database.isHealthy(), false).onComplete(r -> {
            boolean reachable = r.succeeded() && r.result();
            if (reachable != readiness.isStoreReachable()) {
                if (reachable) {
                    log.info("The store is reachable again");
                } else {
                    log.warn("The store is unreachable: the gateway serves from its snapshot and queues usage, "
                            + "the Platform API answers 503 store_unavailable");
                }
            }
            readiness.storeReachable(reachable);
        }));
    }

    /** How this node reaches its own listener: a wildcard bind is reached on loopback. */
    private static String reachable(String host) {
        return switch (host) {
            case "0.0.0.0", "::", "[::]", "" -> "127.0.0.1";
            default -> host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
        };
    }

    /** The policy engine and the batch writer of its violations and alerts (which go on to the webhooks). */
    /** The limits' counters: in Redis when {@code redis.url} is set (shared by every node), else per node. */
    private Limiter limiter(io.gatehouse.config.Settings settings, Optional<String> redisUrl, Clock clock) {
        // Closed before Vert.x (see close()): its Redis connections live on Vert.x's event loops.
        limiter = Limiter.from(settings, redisUrl, ((VertxInternal) vertx).nettyEventLoopGroup(), clock,
                metrics.registry());
        return limiter;
    }

    private PolicyEngine policyEngine(io.gatehouse.config.Settings settings, Judge judge, GatewayObserver observer) {
        BatchWriter<PolicyEvent> events = new BatchWriter<>("policy_events",
                new PolicyEventStore(database.jdbi(), List.of(alerts)), BatchWriter.Limits.from(settings, "policy"),
                metrics.registry());
        closeables.push(events);
        return new PolicyEngine(judge, events::record, clock,
                settings.getDuration("policy.judge.timeout", Duration.ofSeconds(10)),
                settings.getInt("policy.verdict.cache.size", 10_000), metrics.registry(), observer.metrics()::judgeLatency);
    }

    private static <T> T await(Future<T> future, String what) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw new io.gatehouse.config.ConfigException("Cannot start the " + what + ": " + cause.getMessage());
        }
    }

    public int gatewayPort() {
        return gatewayPort;
    }

    public int adminPort() {
        return admin.actualPort();
    }

    public Database database() {
        return database;
    }

    public AdminServer admin() {
        return admin;
    }

    public UsageRecorder usageRecorder() {
        return usageRecorder;
    }

    /** Where the policy engine sends the alerts it records (to the organization's webhooks). */
    public AlertNotifier alertNotifier() {
        return alerts;
    }

    public Metrics metrics() {
        return metrics;
    }

    /** What the gateway serves from memory right now (keys, routes, policies). */
    public GatewaySnapshot gatewaySnapshot() {
        return snapshot.get();
    }

    public GatehouseConfig config() {
        return config;
    }

    /** Graceful shutdown: unready, drain listeners (in-flight streams finish), flush, release. Idempotent. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        readiness.markDraining();
        Duration drain = config.settings().getDuration("shutdown.drain.timeout", Duration.ofSeconds(30));
        List<Future<Void>> draining = new ArrayList<>();
        gateways.forEach(g -> draining.add(g.drain(drain)));
        if (admin != null) {
            draining.add(admin.drain(Duration.ofSeconds(5)));
        }
        try {
            Future.join(draining).toCompletionStage().toCompletableFuture().get(drain.toSeconds() + 5, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.warn("Shutdown drain did not finish cleanly: {}", e.toString());
        }
        if (blocking != null) {
            blocking.shutdown();
            try {
                blocking.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (limiter != null) {
            limiter.close();
        }
        if (vertx != null) {
            try {
                vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                log.warn("Vert.x did not close cleanly: {}", e.toString());
            }
        }
        while (!closeables.isEmpty()) {
            try {
                closeables.pop().close();
            } catch (Exception e) {
                log.warn("Error while shutting down: {}", e.toString());
            }
        }
        log.info("Gatehouse stopped");
    }
}
