package io.gatehouse.limit;

import io.gatehouse.testing.GatewayWorld;
import io.gatehouse.testing.HttpResult;
import io.gatehouse.testing.PlatformCalls;
import io.gatehouse.testing.PrivateRedis;
import io.gatehouse.testing.TestDatabase;
import io.gatehouse.testing.TestServer;
import io.gatehouse.testing.fake.FakeOpenAi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Clock;
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
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Three Gatehouse nodes on one PostgreSQL and one Redis (a private {@code redis-server} on a free port), on a clock
 * stopped one second into a minute so every request falls in the same windows: limits hold across nodes exactly,
 * however the requests are spread and however many arrive at once.
 */
@Tag("db")
class CrossNodeLimitsTest {
    private static final String SECRET = "sk-fake-openai-key-0123456789";
    private static final int CLIENTS = 50;
    private static final String CHAT = "{\"model\":\"gpt-4o\",\"max_tokens\":5,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
    private static PrivateRedis redis;
    private static FakeOpenAi openai;
    private static final List<TestServer> nodes = new ArrayList<>();
    private static String repo;

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeTrue(TestDatabase.postgres(), "three nodes share one PostgreSQL: the PostgreSQL run only");
        redis = PrivateRedis.start();
        openai = new FakeOpenAi(SECRET);
        Map<String, String> settings = new HashMap<>(GatewayWorld.settings());
        settings.put("redis.url", redis.url());
        // Exactness is what is checked here, not the outage path (RedisOutageTest): on a loaded build machine a
        // reservation can take longer than the default 250 ms, which would let requests through uncounted.
        settings.put("limits.redis.timeout", "10s");
        settings.put("limits.redis.failure", "closed");
        Instant minute = Instant.now().truncatedTo(ChronoUnit.MINUTES).plusSeconds(1);
        TestServer first = TestServer.start(settings, Clock.fixed(minute, ZoneOffset.UTC));
        nodes.add(first);
        nodes.add(first.sibling());
        nodes.add(first.sibling());
        var api = first.owner().api();
        String ws = first.defaultWorkspace(first.owner());
        String cfg = PlatformCalls.aiLlm(api, ws, "oa", "OPENAI", openai.endpoint(), SECRET);
        PlatformCalls.validate(api, cfg);
        repo = PlatformCalls.repo(api, ws, "hammered", cfg);
    }

    @AfterAll
    static void stop() throws Exception {
        for (TestServer node : nodes.reversed()) {
            node.close();
        }
        if (openai != null) {
            openai.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    private static GatewayWorld.Key key(Map<String, Object> limits) {
        HttpResult created = nodes.getFirst().owner().api().post("/repo/" + repo + "/ai/apikey",
                Map.of("name", "hammered-" + System.nanoTime(), "limits", limits));
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        GatewayWorld.Key key = new GatewayWorld.Key(created.text("id"), created.text("secret"));
        nodes.forEach(node -> GatewayWorld.awaitKnown(node, key.secret()));
        return key;
    }

    /** {@code CLIENTS} clients at once, each sending {@code each} requests, client i to node i mod 3 and on. */
    private static List<HttpResult> hammer(String key, int each) throws Exception {
        ConcurrentLinkedQueue<HttpResult> answers = new ConcurrentLinkedQueue<>();
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> running = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                int client = c;
                running.add(clients.submit(() -> {
                    for (int i = 0; i < each; i++) {
                        TestServer node = nodes.get((client + i) % nodes.size());
                        answers.add(GatewayWorld.post(node, "/v1/chat/completions", key, CHAT));
                    }
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
        }
        return List.copyOf(answers);
    }

    @Test
    void aKeyWithSixtyRequestsPerMinuteAdmitsExactlySixtyAcrossThreeNodes() throws Exception {
        GatewayWorld.Key key = key(Map.of("rpm", 60));
        List<HttpResult> answers = hammer(key.secret(), 4);
        assertThat(answers).hasSize(200);
        assertThat(answers).extracting(HttpResult::status).containsOnly(200, 429);
        assertThat(answers.stream().filter(a -> a.status() == 200)).hasSize(60);
        assertThat(answers).allSatisfy(a -> assertThat(a.header("x-ratelimit-limit-requests")).isEqualTo("60"));
        // Each node answered some of the admitted ones.
        assertThat(answers.stream().filter(a -> a.status() == 200).map(a -> a.header("x-ratelimit-remaining-requests"))
                .distinct()).hasSize(60);
    }

    @Test
    void aDailyTokenBudgetIsNeverExceededByMoreThanOneReservation() throws Exception {
        long budget = 500;
        GatewayWorld.Key key = key(Map.of("maxTokensPerDay", budget));
        List<HttpResult> answers = hammer(key.secret(), 4);
        assertThat(answers).extracting(HttpResult::status).containsOnly(200, 429);
        long admitted = answers.stream().filter(a -> a.status() == 200).count();
        assertThat(admitted).isLessThan(answers.size());
        var rows = GatewayWorld.usage(nodes.getFirst(), key.id(), answers.size());
        long used = rows.stream().filter(r -> r.get("status").equals(200))
                .mapToLong(r -> ((Number) r.get("tokens_in")).longValue() + ((Number) r.get("tokens_out")).longValue())
                .sum();
        // One request reserves its input estimate ("Hi": 1 token + 16 overhead) and max_tokens 5.
        long reservation = TokenEstimate.input("Hi", true) + 5;
        assertThat(used).isLessThanOrEqualTo(budget + reservation);
        assertThat(used).isGreaterThan(budget - CLIENTS * reservation);
    }
}
