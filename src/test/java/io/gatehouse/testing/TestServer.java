package io.gatehouse.testing;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.Gatehouse;
import io.gatehouse.config.GatehouseConfig;
import io.gatehouse.config.Settings;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * A real Gatehouse node for integration tests: both listeners on free ports, a fresh database (SQLite or
 * PostgreSQL, see {@link TestDatabase}), a known owner account and self-service registration switched on so
 * tests can found further organizations. Tests speak HTTP to it through {@link Api}.
 */
public final class TestServer implements AutoCloseable {
    public static final String OWNER_EMAIL = "owner@gatehouse.test";
    public static final String OWNER_PASSWORD = "owner-password-0123";
    public static final String PASSWORD = "member-password-0123";
    /**
     * Every fake provider listens on 127.0.0.1, which the egress policy refuses by default: test nodes allow private
     * targets (tests of the refusal itself start with {@code providers.allow.private=false}).
     */
    public static final Map<String, String> PROVIDER_EGRESS = Map.of("providers.allow.private", "true");

    private final TestDatabase database;
    private final boolean ownsDatabase;
    private final Map<String, String> settings;
    private final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private Gatehouse node;
    private Session owner;
    private java.time.Clock clock = java.time.Clock.systemUTC();

    /** Someone signed in: its bearer token, ids and a client that sends the token. */
    public record Session(String token, String userId, String orgId, String email, Api api) {
    }

    private TestServer(TestDatabase database, Map<String, String> settings, boolean ownsDatabase) {
        this.database = database;
        this.settings = settings;
        this.ownsDatabase = ownsDatabase;
    }

    public static TestServer start() {
        return start(Map.of());
    }

    public static TestServer start(Map<String, String> extra) {
        return start(extra, java.time.Clock.systemUTC());
    }

    /**
     * A node (and its siblings) on {@code clock}: e.g. one whose minute starts when the test does, for tests of
     * per-minute limits.
     */
    public static TestServer start(Map<String, String> extra, java.time.Clock clock) {
        TestDatabase db = TestDatabase.create();
        Map<String, String> settings = new HashMap<>(db.settings());
        settings.put("gateway.port", "0");
        settings.put("gateway.host", "127.0.0.1");
        settings.put("admin.port", "0");
        settings.put("gateway.instances", "2");
        settings.put("admin.email", OWNER_EMAIL);
        settings.put("admin.password", OWNER_PASSWORD);
        settings.put("auth.registration.enabled", "true");
        settings.put("shutdown.drain.timeout", "5s");
        // Strict: an event-loop task over 1 s is logged as blocked, and close() fails the test class for it. Real
        // blocking (awaiting a call, a lock, a timeout) shows up far above that; a lower bar only measured how
        // loaded the machine was (on 2 shared cores a runnable thread can wait hundreds of milliseconds).
        settings.put("vertx.max.event.loop.execute.time", "1s");
        // Access log lines go to the data directory, not into the build's output; accessLog() reads them.
        settings.put("access.log.file", db.dataDir().resolve("access.jsonl").toString());
        settings.putAll(PROVIDER_EGRESS);
        settings.putAll(extra);
        TestServer server = new TestServer(db, settings, true);
        server.clock = clock;
        try {
            server.boot();
        } catch (RuntimeException e) {
            db.close();
            throw e;
        }
        return server;
    }

    private void boot() {
        node = Gatehouse.start(new GatehouseConfig(Settings.of(settings)), new PrintStream(console, true, StandardCharsets.UTF_8),
                clock);
    }


    /**
     * A second node on the same database and data directory (so the same master key), as a second gateway behind a
     * load balancer would be; closing it leaves the database to this server.
     */
    public TestServer sibling() {
        TestServer other = new TestServer(database, new HashMap<>(settings), false);
        other.clock = clock;
        other.boot();
        return other;
    }

    /** Stops the node and starts a new one on the same database and data directory (ports change). */
    public void restart() {
        restart(() -> { });
    }

    /** Stops the node, runs {@code whileStopped} (on its files, say), then starts a new one as {@link #restart()}. */
    public void restart(Runnable whileStopped) {
        node.close();
        owner = null;
        whileStopped.run();
        boot();
    }

    /** {@link #restart()} with some settings changed. */
    public void restart(Map<String, String> changed) {
        settings.putAll(changed);
        restart();
    }

    public Gatehouse node() {
        return node;
    }

    public TestDatabase database() {
        return database;
    }

    public Map<String, String> settings() {
        return Map.copyOf(settings);
    }

    public String consoleOutput() {
        return console.toString(StandardCharsets.UTF_8);
    }

    /** The admin listener, unauthenticated. */
    public Api admin() {
        return new Api("http://127.0.0.1:" + node.adminPort(), null);
    }

    /** The access log lines written so far (unless a test set {@code access.log.file} elsewhere). */
    public java.util.List<String> accessLog() {
        try {
            java.nio.file.Path file = java.nio.file.Path.of(settings.get("access.log.file"));
            return java.nio.file.Files.exists(file) ? java.nio.file.Files.readAllLines(file) : java.util.List.of();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public String gatewayUrl() {
        return "http://127.0.0.1:" + node.gatewayPort();
    }

    /** The gateway listener with the given bearer (a repo key), or none. */
    public Api gateway(String bearer) {
        return new Api(gatewayUrl(), bearer);
    }

    /** The owner of the default organization, signed in once per server. */
    public Session owner() {
        if (owner == null) {
            owner = login(OWNER_EMAIL, OWNER_PASSWORD);
        }
        return owner;
    }

    public Session login(String email, String password) {
        HttpResult r = admin().post("/user/login", Map.of("email", email, "password", password));
        if (r.status() != 200) {
            throw new AssertionError("login of " + email + " failed: " + r);
        }
        JsonNode body = r.json();
        String token = body.path("accessToken").asText();
        return new Session(token, body.path("user").path("id").asText(), body.path("user").path("orgId").asText(),
                email, admin().as(token));
    }

    /** Founds another organization (another tenant) and signs its owner in. */
    public Session registerOrganization(String company) {
        String email = "owner-" + UUID.randomUUID().toString().substring(0, 8) + "@" + company.toLowerCase().replaceAll("[^a-z0-9]", "") + ".test";
        HttpResult r = admin().post("/user/register", Map.of("email", email, "password", PASSWORD,
                "firstName", "Owner", "lastName", company, "companyName", company));
        if (r.status() != 200) {
            throw new AssertionError("registration failed: " + r);
        }
        return login(email, PASSWORD);
    }

    /** Creates a user in the manager's organization with the given org role code, and signs it in. */
    public Session createUser(Session manager, int orgRole) {
        String email = "user-" + UUID.randomUUID().toString().substring(0, 8) + "@gatehouse.test";
        HttpResult r = manager.api().post("/organization/users", Map.of("email", email, "password", PASSWORD,
                "firstName", "Test", "lastName", "User", "orgRole", orgRole));
        if (r.status() != 200) {
            throw new AssertionError("user creation failed: " + r);
        }
        return login(email, PASSWORD);
    }

    /** The default workspace of a session's organization. */
    public String defaultWorkspace(Session session) {
        for (JsonNode ws : session.api().get("/workspace?take=100").json().path("workspaces")) {
            if (ws.path("default").asBoolean()) {
                return ws.path("id").asText();
            }
        }
        throw new AssertionError("no default workspace visible to " + session.email());
    }

    @Override
    public void close() {
        try {
            if (node != null) {
                node.close();
            }
        } finally {
            if (ownsDatabase) {
                database.close();
            }
        }
        String blocked = CapturedLogs.matching("has been blocked for");
        if (!blocked.isEmpty()) {
            throw new AssertionError("An event loop was blocked (vertx.max.event.loop.execute.time):\n" + blocked);
        }
    }
}
