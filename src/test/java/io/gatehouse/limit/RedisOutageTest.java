package io.gatehouse.limit;

import io.gatehouse.testing.CapturedLogs;
import io.gatehouse.testing.GatewayWorld;
import io.gatehouse.testing.HttpResult;
import io.gatehouse.testing.PlatformCalls;
import io.gatehouse.testing.PrivateRedis;
import io.gatehouse.testing.Prometheus;
import io.gatehouse.testing.TestServer;
import io.gatehouse.testing.fake.FakeOpenAi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Redis stopped and started again under steady traffic spread over three nodes sharing it (a private
 * {@code redis-server}; the shared one is never touched): {@code limits.redis.failure=open} lets requests through
 * uncounted while it is away, {@code closed} refuses them with a 503 in the client's dialect once the node's leases
 * are used up (requests they cover were counted before Redis went away); never a 500 or a hang;
 * counted in {@code gatehouse_limit_counter_failures_total} and logged once; the limits are shared again once Redis is
 * back (Lettuce reconnects by itself).
 */
@Tag("fault")
class RedisOutageTest {
    private static final String SECRET = "sk-fake-openai-key-0123456789";
    private static final String CHAT = "{\"model\":\"gpt-4o\",\"max_tokens\":5,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
    private static final Duration WAIT = Duration.ofSeconds(15);
    private static PrivateRedis redis;
    private static FakeOpenAi openai;

    @BeforeAll
    static void start() throws Exception {
        redis = PrivateRedis.start();
        openai = new FakeOpenAi(SECRET);
    }

    @AfterAll
    static void stop() throws Exception {
        if (openai != null) {
            openai.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    /** Three nodes sharing the private Redis, with {@code limits.redis.failure=failure}, on a clock stopped in a minute. */
    private static List<TestServer> nodes(String failure) {
        Map<String, String> settings = new HashMap<>(GatewayWorld.settings());
        settings.put("redis.url", redis.url());
        settings.put("limits.redis.failure", failure);
        Instant minute = Instant.now().truncatedTo(ChronoUnit.MINUTES).plusSeconds(1);
        TestServer first = TestServer.start(settings, Clock.fixed(minute, ZoneOffset.UTC));
        return List.of(first, first.sibling(), first.sibling());
    }

    private static GatewayWorld.Key key(List<TestServer> nodes, Map<String, Object> limits) {
        TestServer first = nodes.getFirst();
        var api = first.owner().api();
        String ws = first.defaultWorkspace(first.owner());
        String cfg = PlatformCalls.aiLlm(api, ws, "oa-" + System.nanoTime(), "OPENAI", openai.endpoint(), SECRET);
        PlatformCalls.validate(api, cfg);
        String repo = PlatformCalls.repo(api, ws, "outage-" + System.nanoTime(), cfg);
        HttpResult created = api.post("/repo/" + repo + "/ai/apikey", Map.of("name", "outage", "limits", limits));
        GatewayWorld.Key key = new GatewayWorld.Key(created.text("id"), created.text("secret"));
        nodes.forEach(node -> GatewayWorld.awaitKnown(node, key.secret()));
        return key;
    }

    /** Clients sending requests round the nodes until stopped; every answer kept. */
    private static final class Load implements AutoCloseable {
        final ConcurrentLinkedQueue<HttpResult> answers = new ConcurrentLinkedQueue<>();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor();

        Load(List<TestServer> nodes, String key, String path, String body) {
            for (int c = 0; c < 6; c++) {
                int client = c;
                clients.submit(() -> {
                    for (int i = 0; running.get(); i++) {
                        answers.add(GatewayWorld.post(nodes.get((client + i) % nodes.size()), path, key, body));
                    }
                });
            }
        }

        /** Waits until an answer arriving from now on satisfies {@code condition}. */
        void awaitAnswer(Predicate<HttpResult> condition) {
            int seen = answers.size();
            await().atMost(WAIT).pollInterval(Duration.ofMillis(20))
                    .until(() -> answers.stream().skip(seen).anyMatch(condition));
        }

        @Override
        public void close() {
            running.set(false);
            clients.close();
        }
    }

    /** The first 503 of {@code node}, asked until its leases are used up. */
    private static HttpResult refused(TestServer node, String path, String key) {
        return await().atMost(WAIT).pollInterval(Duration.ofMillis(20))
                .until(() -> GatewayWorld.post(node, path, key, CHAT), a -> a.status() == 503);
    }

    private static double failures(List<TestServer> nodes, String failure) {
        return nodes.stream().mapToDouble(node -> Prometheus.sum(Prometheus.scrape(node),
                "gatehouse_limit_counter_failures_total", "failure", failure)).sum();
    }

    private static int warnings() {
        String lines = CapturedLogs.matching("limit counters cannot be reached");
        return lines.isEmpty() ? 0 : (int) lines.lines().filter(l -> l.contains("limit counters cannot be reached")).count();
    }

    @Test
    void openLetsRequestsThroughUncountedWhileRedisIsAwayAndLimitsHoldAgainWhenItReturns() throws Exception {
        List<TestServer> nodes = nodes("open");
        int warningsBefore = warnings();
        try {
            GatewayWorld.Key key = key(nodes, Map.of("rpm", 5));
            try (Load load = new Load(nodes, key.secret(), "/v1/chat/completions", CHAT)) {
                load.awaitAnswer(a -> a.status() == 429);
                redis.stopServer();
                load.awaitAnswer(a -> a.status() == 200 && a.header("x-ratelimit-limit-requests") == null);
                redis.startServer();
                // Back, and empty: five more admitted with the headers, then refusals again.
                load.awaitAnswer(a -> a.status() == 200 && "5".equals(a.header("x-ratelimit-limit-requests")));
                load.awaitAnswer(a -> a.status() == 429);
                load.close();
                assertThat(load.answers).extracting(HttpResult::status).containsOnly(200, 429);
            }
            assertThat(failures(nodes, "open")).isPositive();
            assertThat(warnings() - warningsBefore).isBetween(1, nodes.size());
        } finally {
            nodes.reversed().forEach(TestServer::close);
        }
    }

    @Test
    void closedRefusesWithA503InTheClientsDialectWhileRedisIsAway() throws Exception {
        List<TestServer> nodes = nodes("closed");
        try {
            GatewayWorld.Key key = key(nodes, Map.of("rpm", 100_000));
            try (Load load = new Load(nodes, key.secret(), "/v1/chat/completions", CHAT)) {
                load.awaitAnswer(a -> a.status() == 200);
                redis.stopServer();
                load.awaitAnswer(a -> a.status() == 503);
                // A node still admits what its leases cover (rpm 100,000 is leased, decision 0027), then refuses.
                HttpResult openAi = refused(nodes.get(1), "/v1/chat/completions", key.secret());
                HttpResult anthropic = refused(nodes.get(2), "/anthropic/v1/messages", key.secret());
                redis.startServer();
                load.awaitAnswer(a -> a.status() == 200 && a.header("x-ratelimit-limit-requests") != null);
                load.close();
                assertThat(load.answers).extracting(HttpResult::status).containsOnly(200, 503);

                assertThat(openAi.status()).isEqualTo(503);
                assertThat(openAi.header("retry-after")).isEqualTo("1");
                assertThat(openAi.json().path("error").path("code").asText()).isEqualTo("limits_unavailable");
                assertThat(anthropic.status()).isEqualTo(503);
                assertThat(anthropic.json().path("type").asText()).isEqualTo("error");
                assertThat(anthropic.json().path("error").path("message").asText()).contains("limits.redis.failure is closed");
            }
            assertThat(failures(nodes, "closed")).isPositive();
            await().atMost(WAIT).until(() -> !GatewayWorld.query(nodes.getFirst(),
                    "SELECT outcome FROM usage_event WHERE api_key_id = ? AND status = 503", key.id()).isEmpty());
            assertThat(GatewayWorld.query(nodes.getFirst(),
                    "SELECT DISTINCT outcome FROM usage_event WHERE api_key_id = ? AND status = 503", key.id()))
                    .extracting(r -> r.get("outcome")).containsExactly("limits_unavailable");
        } finally {
            nodes.reversed().forEach(TestServer::close);
        }
    }
}
