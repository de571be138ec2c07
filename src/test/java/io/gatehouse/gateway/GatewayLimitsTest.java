package io.gatehouse.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.errors.RateLimitException;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
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
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The limits stage on one node (in-process counters), on a clock stopped one second into a minute so a window never
 * ends mid-test: the {@code x-ratelimit-*} headers on every answer of a limited key, streamed or not, on both
 * ingresses; the 429 in each ingress's shape with {@code retry-after}; the usage record's outcome {@code limited} and
 * the refusal metric; token budgets settled with the provider's usage; repository and workspace limits through their
 * Platform API PUT and GET.
 */
class GatewayLimitsTest {
    private static final String SECRET = "sk-fake-openai-key-0123456789";
    private static final String CHAT = "{\"model\":\"gpt-4o\",\"stream\":%s,\"max_tokens\":5,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
    private static final String MESSAGES = "{\"model\":\"gpt-4o\",\"stream\":%s,\"max_tokens\":5,"
            + "\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
    private static TestServer server;
    private static FakeOpenAi openai;
    private static String workspace;
    private static String config;

    @BeforeAll
    static void start() {
        Instant minute = Instant.now().truncatedTo(ChronoUnit.MINUTES).plusSeconds(1);
        server = TestServer.start(GatewayWorld.settings(), Clock.fixed(minute, ZoneOffset.UTC));
        openai = new FakeOpenAi(SECRET);
        var api = server.owner().api();
        workspace = server.defaultWorkspace(server.owner());
        config = PlatformCalls.aiLlm(api, workspace, "oa", "OPENAI", openai.endpoint(), SECRET);
        PlatformCalls.validate(api, config);
    }

    @AfterAll
    static void stop() {
        server.close();
        openai.close();
    }

    /** A key of a new repository in {@code ws}, created with {@code limits}. */
    private static GatewayWorld.Key key(String ws, String cfg, Map<String, Object> limits) {
        var api = server.owner().api();
        String repo = PlatformCalls.repo(api, ws, "repo-" + System.nanoTime(), cfg);
        return GatewayWorld.key(server, repo, "limited", limits);
    }

    private static HttpResult chat(String key, boolean stream) {
        return GatewayWorld.post(server, "/v1/chat/completions", key, CHAT.formatted(stream));
    }

    private static HttpResult messages(String key, boolean stream) {
        return GatewayWorld.post(server, "/anthropic/v1/messages", key, MESSAGES.formatted(stream));
    }

    @Test
    void everyAnswerOfALimitedKeyCarriesTheHeadersAndAUsedUpLimitIsA429InTheOpenAiShape() {
        String before = Prometheus.scrape(server);
        GatewayWorld.Key key = key(workspace, config, Map.of("rpm", 2, "tpm", 100_000));
        HttpResult plain = chat(key.secret(), false);
        assertThat(plain.status()).isEqualTo(200);
        assertThat(plain.header("x-ratelimit-limit-requests")).isEqualTo("2");
        assertThat(plain.header("x-ratelimit-remaining-requests")).isEqualTo("1");
        assertThat(plain.header("x-ratelimit-reset-requests")).isEqualTo("59s");
        assertThat(plain.header("x-ratelimit-limit-tokens")).isEqualTo("100000");
        assertThat(Long.parseLong(plain.header("x-ratelimit-remaining-tokens"))).isBetween(99_900L, 99_990L);
        HttpResult stream = chat(key.secret(), true);
        assertThat(stream.status()).isEqualTo(200);
        assertThat(stream.body()).contains("data: [DONE]");
        assertThat(stream.header("x-ratelimit-remaining-requests")).isEqualTo("0");
        assertThat(stream.header("x-ratelimit-limit-tokens")).isEqualTo("100000");

        HttpResult refused = chat(key.secret(), false);
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.header("retry-after")).isEqualTo("59");
        assertThat(refused.header("x-ratelimit-remaining-requests")).isEqualTo("0");
        assertThat(refused.header("x-ratelimit-limit-tokens")).isEqualTo("100000");
        JsonNode error = refused.json().path("error");
        assertThat(error.path("type").asText()).isEqualTo("rate_limit_error");
        assertThat(error.path("code").asText()).isEqualTo("rate_limit_exceeded");
        assertThat(error.path("message").asText()).contains("this key allows 2 requests per minute (limits.rpm)");
        // The stream is refused before it starts: a plain 429, not an event stream.
        assertThat(chat(key.secret(), true).status()).isEqualTo(429);

        // The official SDK reads it as a rate limit.
        OpenAIClient sdk = GatewayWorld.openAi(server, key.secret());
        assertThatThrownBy(() -> sdk.chat().completions().create(ChatCompletionCreateParams.builder()
                .model("gpt-4o").addUserMessage("Hi").build())).isInstanceOf(RateLimitException.class);

        var rows = GatewayWorld.usage(server, key.id(), 5);
        assertThat(rows).extracting(r -> r.get("outcome")).containsExactly("ok", "ok", "limited", "limited", "limited");
        assertThat(rows).extracting(r -> r.get("status")).containsExactly(200, 200, 429, 429, 429);
        assertThat(Prometheus.delta(before, Prometheus.scrape(server), "gatehouse_limit_refusals_total",
                "scope", "key", "limit", "rpm")).isEqualTo(3);
    }

    @Test
    void theGeminiIngressGetsTheHeadersAndGooglesErrorShape() {
        GatewayWorld.Key key = key(workspace, config, Map.of("rpm", 1));
        String body = "{\"contents\":[{\"role\":\"user\",\"parts\":[{\"text\":\"Hi\"}]}]}";
        HttpResult plain = GatewayWorld.post(server, "/v1beta/models/gpt-4o:generateContent", null, body,
                "x-goog-api-key", key.secret());
        assertThat(plain.status()).as(plain.toString()).isEqualTo(200);
        assertThat(plain.header("x-ratelimit-remaining-requests")).isEqualTo("0");
        HttpResult refused = GatewayWorld.post(server, "/v1beta/models/gpt-4o:streamGenerateContent?alt=sse", null, body,
                "x-goog-api-key", key.secret());
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.header("retry-after")).isNotNull();
        assertThat(refused.json().path("error").path("status").asText()).isEqualTo("RESOURCE_EXHAUSTED");
        assertThat(refused.json().path("error").path("message").asText()).contains("(limits.rpm)");
    }

    @Test
    void theAnthropicIngressGetsTheHeadersAndItsOwnErrorShape() {
        GatewayWorld.Key key = key(workspace, config, Map.of("rpm", 2));
        HttpResult plain = messages(key.secret(), false);
        assertThat(plain.status()).as(plain.toString()).isEqualTo(200);
        assertThat(plain.header("x-ratelimit-remaining-requests")).isEqualTo("1");
        HttpResult stream = messages(key.secret(), true);
        assertThat(stream.status()).isEqualTo(200);
        assertThat(stream.body()).contains("event: message_stop");
        assertThat(stream.header("x-ratelimit-remaining-requests")).isEqualTo("0");
        assertThat(stream.header("x-ratelimit-limit-tokens")).isNull();

        HttpResult refused = messages(key.secret(), true);
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.header("retry-after")).isEqualTo("59");
        assertThat(refused.header("x-ratelimit-limit-requests")).isEqualTo("2");
        assertThat(refused.json().path("type").asText()).isEqualTo("error");
        assertThat(refused.json().path("error").path("type").asText()).isEqualTo("rate_limit_error");
        assertThat(refused.json().path("error").path("message").asText()).contains("requests per minute");
    }

    @Test
    void aStreamThatCrossesATokenBudgetFinishesAndTheNextRequestIsRefused() {
        // Each answer counts 11 + 7 = 18 tokens: the second starts below 30 and ends at 36.
        GatewayWorld.Key key = key(workspace, config, Map.of("maxTokensPerDay", 30));
        HttpResult first = chat(key.secret(), true);
        assertThat(first.header("x-ratelimit-limit-tokens")).isEqualTo("30");
        assertThat(first.header("x-ratelimit-reset-tokens")).endsWith("m59s");
        await().atMost(Duration.ofSeconds(5)).until(() -> GatewayWorld.usage(server, key.id(), 1).size() == 1);
        HttpResult second = chat(key.secret(), true);
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.body()).contains(FakeOpenAi.TEXT.substring(0, 5)).contains("data: [DONE]");
        GatewayWorld.usage(server, key.id(), 2);
        await().atMost(Duration.ofSeconds(5)).until(() -> chat(key.secret(), false).status() == 429);
        HttpResult refused = chat(key.secret(), false);
        assertThat(refused.json().path("error").path("message").asText())
                .contains("30 tokens per day (UTC) (limits.maxTokensPerDay)");
        assertThat(refused.header("x-ratelimit-remaining-tokens")).isEqualTo("0");
    }

    @Test
    void repositoryAndWorkspaceLimitsAreSetByTheirPutShownByTheirGetAndEnforcedForEveryKey() {
        var api = server.owner().api();
        String ws = PlatformCalls.workspace(api, "limited-ws");
        String cfg = PlatformCalls.aiLlm(api, ws, "oa", "OPENAI", openai.endpoint(), SECRET);
        PlatformCalls.validate(api, cfg);
        String repo = PlatformCalls.repo(api, ws, "shared", cfg);
        GatewayWorld.Key one = GatewayWorld.key(server, repo, "one");
        GatewayWorld.Key two = GatewayWorld.key(server, repo, "two");

        HttpResult put = api.put("/repo/" + repo, Map.of("limits", Map.of("rpm", 1)));
        assertThat(put.status()).as(put.toString()).isEqualTo(200);
        assertThat(put.json().path("repo").path("limits").path("rpm").asLong()).isEqualTo(1);
        assertThat(api.get("/repo/" + repo).json().path("repo").path("limits").path("rpm").asLong()).isEqualTo(1);
        await().atMost(Duration.ofSeconds(5)).until(() -> chat(one.secret(), false).header("x-ratelimit-limit-requests") != null);
        HttpResult refused = chat(two.secret(), false);
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.json().path("error").path("message").asText()).contains("this key's repository allows 1");

        // {} removes them; the workspace's apply to every repository in it.
        assertThat(api.put("/repo/" + repo, Map.of("limits", Map.of())).json().path("repo").path("limits")
                .path("rpm").isNull()).isTrue();
        HttpResult wsPut = api.put("/workspace/" + ws, Map.of("limits", Map.of("rpm", 1, "maxTokensPerMonth", 1000)));
        assertThat(wsPut.status()).as(wsPut.toString()).isEqualTo(200);
        assertThat(wsPut.json().path("workspace").path("limits").path("maxTokensPerMonth").asLong()).isEqualTo(1000);
        JsonNode shown = api.get("/workspace/" + ws).json().path("workspace").path("limits");
        assertThat(shown.path("rpm").asLong()).isEqualTo(1);
        assertThat(shown.path("tpm").isNull()).isTrue();
        await().atMost(Duration.ofSeconds(5)).until(() -> "1".equals(chat(one.secret(), false).header("x-ratelimit-limit-requests"))
                && chat(two.secret(), false).status() == 429);
        assertThat(chat(two.secret(), false).json().path("error").path("message").asText())
                .contains("this key's workspace allows 1 requests per minute");

        HttpResult invalid = api.put("/workspace/" + ws, Map.of("limits", Map.of("rpm", 0)));
        assertThat(invalid.status()).isEqualTo(422);
        assertThat(invalid.json().path("success").asBoolean()).isFalse();
        assertThat(invalid.json().path("message").asText()).contains("limits.rpm");
        assertThat(api.put("/repo/" + repo, Map.of("limits", Map.of("tpm", -1))).status()).isEqualTo(422);
    }
}
