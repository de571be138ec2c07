package io.gatehouse.store;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.testing.CapturedLogs;
import io.gatehouse.testing.GatewayWorld;
import io.gatehouse.testing.HttpResult;
import io.gatehouse.testing.PlatformCalls;
import io.gatehouse.testing.PrivatePostgres;
import io.gatehouse.testing.Prometheus;
import io.gatehouse.testing.TestServer;
import io.gatehouse.testing.fake.FakeOpenAi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * PostgreSQL stopped and started again under load, on a server of the test's own: the gateway answers every request
 * from its snapshot while the store is away, usage waits in the bounded queue and is written, exactly, when the store
 * returns; the Platform API answers a 503 {@code store_unavailable} in its own shape meanwhile (after
 * {@code db.connect.timeout}, never a hang or a stack trace); {@code /readyz} stays ready and names the store's state.
 * Past the queue's bound, records are dropped, counted and logged.
 */
@Tag("fault")
class PostgresOutageTest {
    private static final String CHAT = "{\"model\":\"gpt-4o\",\"stream\":%s,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
    private static final Duration OUTAGE = Duration.ofSeconds(4);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(1);
    private static PrivatePostgres postgres;
    private static FakeOpenAi provider;

    @BeforeAll
    static void start() throws Exception {
        postgres = PrivatePostgres.start();
        provider = new FakeOpenAi(null);
    }

    @AfterAll
    static void stop() {
        if (provider != null) {
            provider.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    /** A node on a new database of the private server, with the given usage queue settings. */
    private static TestServer node(Map<String, String> usage) throws Exception {
        Map<String, String> settings = new java.util.HashMap<>(GatewayWorld.settings());
        settings.put("db.url", postgres.createDatabase());
        settings.put("db.user", "postgres");
        settings.put("db.connect.timeout", CONNECT_TIMEOUT.toMillis() + "ms");
        settings.put("db.check.interval", "300ms");
        settings.putAll(usage);
        return TestServer.start(settings);
    }

    private static GatewayWorld.Key key(TestServer server) {
        var platform = server.owner().api();
        String ws = server.defaultWorkspace(server.owner());
        String llm = PlatformCalls.aiLlm(platform, ws, "fake", "OTHER", provider.endpoint(), null);
        return GatewayWorld.key(server, PlatformCalls.repo(platform, ws, "outage", llm), "outage");
    }

    @Test
    void theGatewayServesThroughAnOutageAndUsageIsWrittenWhenTheStoreReturns() throws Exception {
        try (TestServer server = node(Map.of("usage.batch.size", "20"))) {
            GatewayWorld.Key key = key(server);
            String repoList = "/repo?workspaceId=" + server.defaultWorkspace(server.owner());
            Traffic traffic = new Traffic(server, key.secret(), 3);
            try {
                Thread.sleep(500);
                postgres.stopServer();
                long answeredBeforeOutage = traffic.answered.get();

                // The Platform API: a clear 503 in its shape, soon (one connection timeout), nothing of the exception.
                long asked = System.nanoTime();
                HttpResult repos = server.owner().api().get(repoList);
                assertThat(repos.status()).as(repos.toString()).isEqualTo(503);
                assertThat(Duration.ofNanos(System.nanoTime() - asked)).isLessThan(CONNECT_TIMEOUT.multipliedBy(5));
                assertThat(repos.json().path("success").asBoolean(true)).isFalse();
                assertThat(repos.json().path("error_code").asText()).isEqualTo("store_unavailable");
                assertThat(repos.json().path("message").asText()).isNotBlank();
                assertThat(repos.body()).doesNotContain("Exception").doesNotContain("at io.");
                assertThat(repos.header("Retry-After")).isNotNull();
                HttpResult login = server.admin().post("/user/login",
                        Map.of("email", TestServer.OWNER_EMAIL, "password", TestServer.OWNER_PASSWORD));
                assertThat(login.status()).as(login.toString()).isEqualTo(503);
                assertThat(login.json().path("error_code").asText()).isEqualTo("store_unavailable");

                // Still ready (the gateway serves), the store named unreachable; usage waits in the queue.
                await().atMost(Duration.ofSeconds(5)).until(() -> readyz(server).path("store").asText().equals("unreachable"));
                HttpResult ready = server.gateway(null).get("/readyz");
                assertThat(ready.status()).isEqualTo(200);
                assertThat(ready.json().path("status").asText()).isEqualTo("ready");
                assertThat(Prometheus.sum(Prometheus.scrape(server), "gatehouse_store_reachable")).isZero();
                await().atMost(OUTAGE).until(() -> Prometheus.sum(Prometheus.scrape(server), "gatehouse_usage_queue_depth") > 0);
                Thread.sleep(Math.max(0, OUTAGE.toMillis() - Duration.ofNanos(System.nanoTime() - asked).toMillis()));
                assertThat(traffic.answered.get()).as("requests answered while the store was away")
                        .isGreaterThan(answeredBeforeOutage);
                postgres.startServer();
                Thread.sleep(500);
            } finally {
                traffic.stop();
            }
            assertThat(traffic.failures).as("requests that failed").isEmpty();
            long answered = traffic.answered.get();
            await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
                    .until(() -> usageRows(server) == answered);
            String scrape = Prometheus.scrape(server);
            assertThat(Prometheus.sum(scrape, "gatehouse_usage_dropped_total")).isZero();
            assertThat(Prometheus.sum(scrape, "gatehouse_usage_write_failures_total")).isPositive();
            assertThat(server.owner().api().get(repoList).status()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(5)).until(() -> readyz(server).path("store").asText().equals("reachable"));
        }
    }

    @Test
    void pastTheQueuesBoundRecordsAreDroppedCountedAndLogged() throws Exception {
        // The queue holds 20 records and the batch being retried 10: everything else answered meanwhile is dropped.
        try (TestServer server = node(Map.of("usage.queue.capacity", "20", "usage.batch.size", "10"))) {
            GatewayWorld.Key key = key(server);
            postgres.stopServer();
            int answered = 0;
            try {
                for (int i = 0; i < 60; i++) {
                    HttpResult r = GatewayWorld.post(server, "/v1/chat/completions", key.secret(), CHAT.formatted(i % 2 == 0));
                    assertThat(r.status()).as(r.toString()).isEqualTo(200);
                    answered++;
                }
                assertThat(Prometheus.sum(Prometheus.scrape(server), "gatehouse_usage_queue_depth")).isLessThanOrEqualTo(20);
            } finally {
                postgres.startServer();
            }
            long total = answered;
            await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200)).until(() ->
                    usageRows(server) + (long) Prometheus.sum(Prometheus.scrape(server), "gatehouse_usage_dropped_total") == total);
            assertThat(usageRows(server)).isBetween(1L, 30L);
            assertThat(CapturedLogs.matching("dropping usage records")).isNotEmpty();
        }
    }

    private static JsonNode readyz(TestServer server) {
        return server.gateway(null).get("/readyz").json();
    }

    private static long usageRows(TestServer server) throws Exception {
        String url = server.settings().get("db.url");
        String database = url.substring(url.lastIndexOf('/') + 1);
        try (Connection c = postgres.connect(database);
             ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM usage_event")) {
            rs.next();
            return rs.getLong(1);
        } catch (java.sql.SQLException e) {
            return -1;
        }
    }

    /** Clients sending chat completions, streamed and not, back to back until stopped. */
    private static final class Traffic {
        final AtomicLong answered = new AtomicLong();
        final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final List<Thread> clients;

        Traffic(TestServer server, String key, int clients) {
            this.clients = java.util.stream.IntStream.range(0, clients).mapToObj(n -> Thread.ofVirtual().start(() -> {
                for (int i = 0; running.get(); i++) {
                    try {
                        HttpResult r = GatewayWorld.post(server, "/v1/chat/completions", key, CHAT.formatted((i + n) % 2 == 0));
                        if (r.status() == 200 && !r.body().contains("\"error\"")) {
                            answered.incrementAndGet();
                        } else {
                            failures.add(r.toString());
                        }
                    } catch (AssertionError e) {
                        failures.add(e.getMessage()); // no answer at all (a reset or the client's timeout)
                    }
                }
            })).toList();
        }

        void stop() throws InterruptedException {
            running.set(false);
            for (Thread client : clients) {
                client.join(Duration.ofSeconds(30));
            }
        }
    }
}
