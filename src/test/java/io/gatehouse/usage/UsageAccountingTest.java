package io.gatehouse.usage;

import com.fasterxml.jackson.databind.JsonNode;
import io.gatehouse.testing.Api;
import io.gatehouse.testing.GatewayWorld;
import io.gatehouse.testing.HttpResult;
import io.gatehouse.testing.PlatformCalls;
import io.gatehouse.testing.Prometheus;
import io.gatehouse.testing.TestServer;
import io.gatehouse.testing.fake.FakeAnthropic;
import io.gatehouse.testing.fake.FakeOpenAi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 6, "must hold": N concurrent requests of every kind (plain and streamed, through translation and not,
 * cancelled by the client mid-stream, failed by the provider) are each counted exactly once, with exactly the
 * tokens the providers reported, in the minute and day roll-ups ({@code /aistats/minute}, {@code /aistats/daily}),
 * the per-configuration totals ({@code /ai/llm/stats}) and {@code /metrics}.
 */
@Tag("db")
class UsageAccountingTest {
    static final String OPENAI_KEY = "sk-fake-openai-key-0123456789";
    static final String ANTHROPIC_KEY = "sk-ant-fake-0123456789";

    static TestServer server;
    static FakeOpenAi openai;
    static FakeOpenAi broken;
    static FakeAnthropic anthropic;
    static String repo;
    static List<String> aiLlms;
    static GatewayWorld.Key key;

    /** How each request goes, what the client does and what the providers report for it. */
    enum Kind {
        OPENAI_PLAIN("ok"), OPENAI_STREAM("ok"), OPENAI_CANCELLED("cancelled"),
        CLAUDE_TRANSLATED_PLAIN("ok"), CLAUDE_TRANSLATED_STREAM("ok"), ANTHROPIC_NATIVE_STREAM("ok"),
        UPSTREAM_FAILS_PLAIN("upstream_error"), UPSTREAM_FAILS_STREAM("upstream_error");
        // Requests blocked by policy (outcome "blocked") are to join here once the policy engine is merged (issue 5):
        // a BLOCKED_BY_POLICY kind whose request a policy of the repository refuses, adding no provider tokens.

        final String outcome;

        Kind(String outcome) {
            this.outcome = outcome;
        }
    }

    /** One request of the run: {@code n} makes the fake OpenAI's token counts differ per request. */
    record Call(Kind kind, int n) {
        long tokensIn() {
            return switch (kind) {
                case OPENAI_PLAIN, OPENAI_STREAM, OPENAI_CANCELLED -> 100 + n;
                case CLAUDE_TRANSLATED_PLAIN, CLAUDE_TRANSLATED_STREAM, ANTHROPIC_NATIVE_STREAM -> 21;
                case UPSTREAM_FAILS_PLAIN, UPSTREAM_FAILS_STREAM -> 0;
            };
        }

        long tokensOut() {
            return switch (kind) {
                case OPENAI_PLAIN, OPENAI_STREAM, OPENAI_CANCELLED -> 3L * n + 1;
                case CLAUDE_TRANSLATED_PLAIN, CLAUDE_TRANSLATED_STREAM, ANTHROPIC_NATIVE_STREAM -> 9;
                case UPSTREAM_FAILS_PLAIN, UPSTREAM_FAILS_STREAM -> 0;
            };
        }
    }

    @BeforeAll
    static void start() throws Exception {
        Map<String, String> settings = new HashMap<>(GatewayWorld.settings());
        // A cancelled stream is read on until the provider's usage arrives, so what the provider reported is counted.
        settings.put("gateway.disconnect.grace", "20s");
        server = TestServer.start(settings);
        openai = new FakeOpenAi(OPENAI_KEY);
        openai.usage(body -> 100 + n(body), body -> 3L * n(body) + 1);
        openai.streamGap(Duration.ofMillis(100));
        broken = new FakeOpenAi(OPENAI_KEY);
        broken.models(List.of("gpt-broken"));
        broken.respond("POST", "/v1/chat/completions", r -> broken.serverError());
        anthropic = new FakeAnthropic(ANTHROPIC_KEY);
        anthropic.streamGap(Duration.ofMillis(20));

        Api api = server.owner().api();
        String ws = server.defaultWorkspace(server.owner());
        String oa = PlatformCalls.aiLlm(api, ws, "oa", "OPENAI", openai.endpoint(), OPENAI_KEY);
        String down = PlatformCalls.aiLlm(api, ws, "down", "OPENAI", broken.endpoint(), OPENAI_KEY);
        String claude = PlatformCalls.aiLlm(api, ws, "claude", "ANTHROPIC", anthropic.endpoint(), ANTHROPIC_KEY);
        for (String cfg : List.of(oa, down, claude)) {
            PlatformCalls.validate(api, cfg);
        }
        aiLlms = List.of(oa, down, claude);
        repo = PlatformCalls.repo(api, ws, "accounted", oa, down, claude);
        key = GatewayWorld.key(server, repo, "accounted key");
        warmUp(api, ws);
    }

    /**
     * One request of every kind first, through a repository and configurations of their own (so they are not part
     * of the totals checked): the run then starts on loaded classes, not with both event loops loading them at once.
     */
    private static void warmUp(Api api, String ws) throws Exception {
        String oa = PlatformCalls.aiLlm(api, ws, "oa-warm", "OPENAI", openai.endpoint(), OPENAI_KEY);
        String down = PlatformCalls.aiLlm(api, ws, "down-warm", "OPENAI", broken.endpoint(), OPENAI_KEY);
        String claude = PlatformCalls.aiLlm(api, ws, "claude-warm", "ANTHROPIC", anthropic.endpoint(), ANTHROPIC_KEY);
        for (String cfg : List.of(oa, down, claude)) {
            PlatformCalls.validate(api, cfg);
        }
        GatewayWorld.Key warm = GatewayWorld.key(server, PlatformCalls.repo(api, ws, "warm-up", oa, down, claude), "warm-up key");
        for (Kind kind : Kind.values()) {
            send(new Call(kind, 0), warm.secret());
        }
    }

    @AfterAll
    static void stop() {
        server.close();
        openai.close();
        broken.close();
        anthropic.close();
    }

    private static long n(JsonNode body) {
        return Long.parseLong(body.path("messages").path(0).path("content").asText().replace("call ", ""));
    }

    @Test
    void everyRequestIsCountedOnceWithTheTokensTheProvidersReported() throws Exception {
        List<Call> calls = new ArrayList<>();
        int n = 0;
        for (Kind kind : Kind.values()) {
            for (int i = 0; i < 6; i++) {
                calls.add(new Call(kind, ++n));
            }
        }
        int total = calls.size();
        long tokensIn = calls.stream().mapToLong(Call::tokensIn).sum();
        long tokensOut = calls.stream().mapToLong(Call::tokensOut).sum();
        Instant from = Instant.now().minus(1, ChronoUnit.MINUTES);
        String before = Prometheus.scrape(server);

        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> sent = new ArrayList<>();
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Call call : calls) {
                sent.add(clients.submit(() -> {
                    go.await();
                    send(call, key.secret());
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : sent) {
                f.get();
            }
        }

        List<Map<String, Object>> rows = GatewayWorld.usage(server, key.id(), total);
        Thread.sleep(300); // a second flush would show any request recorded twice
        rows = GatewayWorld.usage(server, key.id(), total);
        assertThat(rows).hasSize(total);
        Map<String, Long> outcomes = rows.stream().collect(Collectors.groupingBy(r -> (String) r.get("outcome"), Collectors.counting()));
        Map<String, Long> expectedOutcomes = calls.stream().collect(Collectors.groupingBy(c -> c.kind().outcome, Collectors.counting()));
        assertThat(outcomes).isEqualTo(expectedOutcomes);

        Api api = server.owner().api();
        String range = "repoId=" + repo + "&startDate=" + from + "&endDate=" + Instant.now().plus(1, ChronoUnit.MINUTES);
        for (String bucket : List.of("/aistats/minute?", "/aistats/daily?")) {
            long apiCalls = 0;
            long in = 0;
            long out = 0;
            for (JsonNode row : data(api.get(bucket + range))) {
                apiCalls += row.path("apiCalls").asLong();
                in += Long.parseLong(row.path("tokensIn").asText());
                out += Long.parseLong(row.path("tokensOut").asText());
            }
            assertThat(apiCalls).as(bucket).isEqualTo(total);
            assertThat(in).as(bucket).isEqualTo(tokensIn);
            assertThat(out).as(bucket).isEqualTo(tokensOut);
        }

        long llmCalls = 0;
        long llmIn = 0;
        long llmOut = 0;
        for (JsonNode stats : api.get("/ai/llm/stats").json().path("stats")) {
            if (aiLlms.contains(stats.path("aiLlmId").asText())) {
                llmCalls += Long.parseLong(stats.path("totalApiCalls").asText());
                llmIn += Long.parseLong(stats.path("totalTokensIn").asText());
                llmOut += Long.parseLong(stats.path("totalTokensOut").asText());
            }
        }
        assertThat(llmCalls).isEqualTo(total);
        assertThat(llmIn).isEqualTo(tokensIn);
        assertThat(llmOut).isEqualTo(tokensOut);

        String after = Prometheus.scrape(server);
        assertThat(Prometheus.delta(before, after, "gatehouse_request_duration_seconds_count", "repo", repo)).isEqualTo(total);
        for (Map.Entry<String, Long> outcome : expectedOutcomes.entrySet()) {
            assertThat(Prometheus.delta(before, after, "gatehouse_request_duration_seconds_count", "repo", repo, "outcome", outcome.getKey()))
                    .as(outcome.getKey()).isEqualTo(outcome.getValue().doubleValue());
        }
        assertThat(Prometheus.delta(before, after, "gatehouse_tokens_total", "repo", repo, "type", "input")).isEqualTo(tokensIn);
        assertThat(Prometheus.delta(before, after, "gatehouse_tokens_total", "repo", repo, "type", "output")).isEqualTo(tokensOut);
        assertThat(Prometheus.delta(before, after, "gatehouse_upstream_errors_total", "kind", "server"))
                .isEqualTo(expectedOutcomes.get("upstream_error").doubleValue());
        assertThat(Prometheus.sum(after, "gatehouse_usage_dropped_total")).isZero();
    }

    private static void send(Call call, String secret) throws Exception {
        String message = "[{\"role\":\"user\",\"content\":\"call " + call.n() + "\"}]";
        switch (call.kind()) {
            case OPENAI_PLAIN -> expect(chat(secret, "gpt-4o", false, message), 200);
            case OPENAI_STREAM -> assertThat(chat(secret, "gpt-4o", true, message).body()).endsWith("data: [DONE]\n\n");
            case OPENAI_CANCELLED -> leaveAfterFirstBytes(secret, message);
            case CLAUDE_TRANSLATED_PLAIN -> expect(chat(secret, "claude-sonnet-4-5", false, message), 200);
            case CLAUDE_TRANSLATED_STREAM -> assertThat(chat(secret, "claude-sonnet-4-5", true, message).body())
                    .endsWith("data: [DONE]\n\n");
            case ANTHROPIC_NATIVE_STREAM -> assertThat(GatewayWorld.post(server, "/anthropic/v1/messages", null,
                    "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":64,\"stream\":true,\"messages\":" + message + "}",
                    "x-api-key", secret).body()).contains("event: message_stop");
            case UPSTREAM_FAILS_PLAIN -> expect(chat(secret, "gpt-broken", false, message), 502);
            case UPSTREAM_FAILS_STREAM -> expect(chat(secret, "gpt-broken", true, message), 502);
        }
    }

    private static HttpResult chat(String secret, String model, boolean stream, String messages) {
        return GatewayWorld.post(server, "/v1/chat/completions", secret,
                "{\"model\":\"" + model + "\",\"stream\":" + stream + ",\"messages\":" + messages + "}");
    }

    private static void expect(HttpResult r, int status) {
        assertThat(r.status()).as(r.toString()).isEqualTo(status);
    }

    /** Starts a stream, reads its first bytes and hangs up while the provider is still sending. */
    private static void leaveAfterFirstBytes(String secret, String messages) throws Exception {
        HttpURLConnection c = (HttpURLConnection) URI.create(server.gatewayUrl() + "/v1/chat/completions").toURL().openConnection();
        c.setRequestMethod("POST");
        c.setDoOutput(true);
        c.setRequestProperty("Authorization", "Bearer " + secret);
        c.setRequestProperty("Content-Type", "application/json");
        c.getOutputStream().write(("{\"model\":\"gpt-4o\",\"stream\":true,\"messages\":" + messages + "}")
                .getBytes(StandardCharsets.UTF_8));
        InputStream in = c.getInputStream();
        assertThat(in.read(new byte[64])).isPositive();
        c.disconnect();
        in.close();
    }

    private static List<JsonNode> data(HttpResult r) {
        assertThat(r.status()).as(r.toString()).isEqualTo(200);
        List<JsonNode> rows = new ArrayList<>();
        r.json().path("data").forEach(rows::add);
        return rows;
    }
}
