package io.gatehouse.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.testing.GatewayWorld;
import io.gatehouse.testing.HttpResult;
import io.gatehouse.testing.PlatformCalls;
import io.gatehouse.testing.Prometheus;
import io.gatehouse.testing.TestServer;
import io.gatehouse.testing.fake.FakeOpenAi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Money budgets ({@code maxCostPerDay}, {@code maxCostPerMonth}) on one node, on a clock stopped one second into a
 * minute: a key is refused once the cost of its answered requests — priced by the configuration's own prices, from the
 * fake's known usage — reaches its budget, overshooting by at most one request; a model without a price is refused
 * under a money budget until the configuration prices it; repositories and workspaces take the budgets through their
 * PUT, show them in their GET and have them enforced for their keys.
 */
class GatewayBudgetsTest {
    private static final String SECRET = "sk-fake-openai-key-0123456789";
    private static final String CHAT = "{\"model\":\"%s\",\"stream\":%s,\"max_tokens\":100,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
    /** Ten dollars per million tokens, in and out: ten micro-dollars a token. */
    private static final String PRICES = "{\"prices\":{\"gpt-4o\":{\"input\":10,\"output\":10}}}";
    private static TestServer server;
    private static FakeOpenAi openai;
    private static FakeOpenAi local;
    private static String workspace;
    private static String priced;

    @BeforeAll
    static void start() {
        Instant minute = Instant.now().truncatedTo(ChronoUnit.MINUTES).plusSeconds(1);
        server = TestServer.start(GatewayWorld.settings(), Clock.fixed(minute, ZoneOffset.UTC));
        openai = new FakeOpenAi(SECRET);
        local = new FakeOpenAi(null);
        local.models(List.of("mystery-model"));
        var api = server.owner().api();
        workspace = server.defaultWorkspace(server.owner());
        priced = PlatformCalls.aiLlm(api, workspace, "priced", "OPENAI", openai.endpoint(), SECRET);
        HttpResult prices = api.put("/ai/llm/" + priced, PRICES);
        assertThat(prices.status()).as(prices.toString()).isEqualTo(200);
        PlatformCalls.validate(api, priced);
    }

    @AfterAll
    static void stop() {
        server.close();
        openai.close();
        local.close();
    }

    /** A key of a new repository attached to {@code cfg}, created with {@code limits}. */
    private static GatewayWorld.Key key(String cfg, Map<String, Object> limits) {
        var api = server.owner().api();
        String repo = PlatformCalls.repo(api, workspace, "repo-" + System.nanoTime(), cfg);
        return GatewayWorld.key(server, repo, "budgeted", limits);
    }

    private static HttpResult chat(String key, String model) {
        return chat(key, model, false);
    }

    private static HttpResult chat(String key, String model, boolean stream) {
        return GatewayWorld.post(server, "/v1/chat/completions", key, CHAT.formatted(model, stream));
    }

    @Test
    void aKeyIsRefusedOnceTheCostOfItsAnswersReachesItsDailyBudget() {
        String before = Prometheus.scrape(server);
        // Each request reserves at least its 100 output tokens at 10 µ$ (1,000 µ$, above the budget: only settling
        // with the real cost lets a second one in); each answer counts 11 + 7 tokens: 180 µ$. The budget, 300 µ$, is
        // crossed by the second answer.
        GatewayWorld.Key key = key(priced, Map.of("maxCostPerDay", "0.0003"));
        HttpResult first = chat(key.secret(), "gpt-4o");
        assertThat(first.status()).as(first.toString()).isEqualTo(200);
        GatewayWorld.usage(server, key.id(), 1);
        // A stream is settled with the cost of its final usage, like a whole answer.
        HttpResult stream = chat(key.secret(), "gpt-4o", true);
        assertThat(stream.status()).isEqualTo(200);
        assertThat(stream.body()).contains("data: [DONE]");
        var answered = GatewayWorld.usage(server, key.id(), 2);
        assertThat(answered).extracting(r -> ((Number) r.get("cost_micros")).longValue()).containsExactly(180L, 180L);

        HttpResult refused = chat(key.secret(), "gpt-4o");
        assertThat(refused.status()).as(refused.toString()).isEqualTo(429);
        assertThat(refused.header("retry-after")).isNotNull();
        JsonNode error = refused.json().path("error");
        assertThat(error.path("type").asText()).isEqualTo("rate_limit_error");
        assertThat(error.path("code").asText()).isEqualTo("rate_limit_exceeded");
        assertThat(error.path("message").asText())
                .contains("this key allows USD 0.000300 of cost per day (UTC) (limits.maxCostPerDay)");
        var rows = GatewayWorld.usage(server, key.id(), 3);
        assertThat(rows).extracting(r -> r.get("outcome")).containsExactly("ok", "ok", "limited");
        // Spent: 360 µ$ against 300, over by less than one request's reservation (over 1,000 µ$).
        long spent = rows.stream().mapToLong(r -> ((Number) r.get("cost_micros")).longValue()).sum();
        assertThat(spent).isEqualTo(360).isLessThan(300 + 1000);
        assertThat(Prometheus.delta(before, Prometheus.scrape(server), "gatehouse_limit_refusals_total",
                "scope", "key", "limit", "maxCostPerDay")).isEqualTo(1);
    }

    @Test
    void aModelWithoutAPriceIsRefusedUnderAMoneyBudgetUntilTheConfigurationPricesIt() {
        var api = server.owner().api();
        String unpriced = PlatformCalls.aiLlm(api, workspace, "local-" + System.nanoTime(), "OTHER", local.endpoint(), null);
        PlatformCalls.validate(api, unpriced);
        GatewayWorld.Key key = key(unpriced, Map.of("maxCostPerMonth", 5));

        HttpResult refused = chat(key.secret(), "mystery-model");
        assertThat(refused.status()).as(refused.toString()).isEqualTo(403);
        JsonNode error = refused.json().path("error");
        assertThat(error.path("code").asText()).isEqualTo("model_not_priced");
        assertThat(error.path("message").asText()).contains("'mystery-model'").contains("local-")
                .contains("has no price").contains("prices");
        HttpResult anthropic = GatewayWorld.post(server, "/anthropic/v1/messages", key.secret(),
                CHAT.formatted("mystery-model", false));
        assertThat(anthropic.status()).isEqualTo(403);
        assertThat(anthropic.json().path("type").asText()).isEqualTo("error");
        assertThat(anthropic.json().path("error").path("message").asText()).contains("has no price");
        assertThat(GatewayWorld.usage(server, key.id(), 2)).extracting(r -> r.get("outcome"))
                .containsExactly("unpriced", "unpriced");
        assertThat(local.requests()).noneMatch(r -> r.path().endsWith("/chat/completions"));

        HttpResult prices = api.put("/ai/llm/" + unpriced, "{\"prices\":{\"mystery-*\":{\"input\":1,\"output\":2}}}");
        assertThat(prices.status()).as(prices.toString()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(5)).until(() -> chat(key.secret(), "mystery-model").status() == 200);
    }

    @Test
    void repositoriesAndWorkspacesTakeMoneyBudgetsThroughTheirPutAndShowThemInTheirGet() {
        var api = server.owner().api();
        String ws = PlatformCalls.workspace(api, "budgeted-ws");
        String cfg = PlatformCalls.aiLlm(api, ws, "oa", "OPENAI", openai.endpoint(), SECRET);
        PlatformCalls.validate(api, cfg);
        String repo = PlatformCalls.repo(api, ws, "budgeted", cfg);

        // A number or a decimal string; shown as a decimal string, like costs.
        HttpResult put = api.put("/repo/" + repo, Map.of("limits", Map.of("maxCostPerDay", 12.5,
                "maxCostPerMonth", "300.000000")));
        assertThat(put.status()).as(put.toString()).isEqualTo(200);
        JsonNode shown = api.get("/repo/" + repo).json().path("repo").path("limits");
        assertThat(shown.path("maxCostPerDay").asText()).isEqualTo("12.5");
        assertThat(shown.path("maxCostPerDay").isTextual()).isTrue();
        assertThat(shown.path("maxCostPerMonth").asText()).isEqualTo("300");
        HttpResult wsPut = api.put("/workspace/" + ws, Map.of("limits", Map.of("maxCostPerMonth", "0.000001")));
        assertThat(wsPut.status()).as(wsPut.toString()).isEqualTo(200);
        assertThat(api.get("/workspace/" + ws).json().path("workspace").path("limits").path("maxCostPerMonth")
                .asText()).isEqualTo("0.000001");
        GatewayWorld.Key key = GatewayWorld.key(server, repo, "budgeted", Map.of("maxCostPerMonth", "7.250"));
        HttpResult keys = api.get("/repo/" + repo + "/ai/apikey");
        JsonNode keyLimits = keys.json().path("apiKeys").path(0).path("limits");
        assertThat(keyLimits.path("maxCostPerMonth").asText()).as(keys.toString()).isEqualTo("7.25");
        assertThat(keyLimits.path("maxCostPerDay").isNull()).isTrue();
        // The workspace's micro-dollar is used up by the first answer (gpt-4o at the shipped price: 98 µ$).
        await().atMost(Duration.ofSeconds(5)).until(() -> chat(key.secret(), "gpt-4o").status() == 429);
        assertThat(chat(key.secret(), "gpt-4o").json().path("error").path("message").asText())
                .contains("this key's workspace allows USD 0.000001 of cost per month (UTC) (limits.maxCostPerMonth)");

        for (Object bad : List.of(0, -1, "0.0000001", 2_000_000_000L)) {
            HttpResult refused = api.put("/workspace/" + ws, Map.of("limits", Map.of("maxCostPerDay", bad)));
            assertThat(refused.status()).as(bad + ": " + refused).isEqualTo(422);
            assertThat(refused.json().path("success").asBoolean()).isFalse();
            assertThat(refused.json().path("message").asText()).contains("limits.maxCostPerDay");
        }
        HttpResult notANumber = api.put("/repo/" + repo, Map.of("limits", Map.of("maxCostPerMonth", "ten dollars")));
        assertThat(notANumber.status()).as(notANumber.toString()).isEqualTo(400);
        assertThat(notANumber.json().path("message").asText()).contains("maxCostPerMonth");
        HttpResult keyRefused = api.post("/repo/" + repo + "/ai/apikey",
                Map.of("name", "too precise", "limits", Map.of("maxCostPerMonth", 0.1234567)));
        assertThat(keyRefused.status()).isEqualTo(422);
    }
}
