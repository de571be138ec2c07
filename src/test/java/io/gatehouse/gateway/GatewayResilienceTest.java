package io.gatehouse.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatehouse.testing.GatewayWorld;
import io.gatehouse.testing.HttpResult;
import io.gatehouse.testing.PlatformCalls;
import io.gatehouse.testing.TestServer;
import io.gatehouse.testing.fake.FakeAnthropic;
import io.gatehouse.testing.fake.FakeGemini;
import io.gatehouse.testing.fake.FakeOpenAi;
import io.gatehouse.testing.fake.FakeProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * When things go wrong: fallback before the first byte (PITFALLS 28), credential failures (29), mid-stream errors with
 * usage (27), streaming without buffering (31), timeouts, unreachable upstreams, and clients that leave mid-stream.
 */
@Tag("db")
class GatewayResilienceTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String CLAUDE = "{\"model\":\"claude-sonnet-4-5\",\"stream\":%s,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
    static TestServer server;
    static FakeAnthropic first;
    static FakeAnthropic second;
    static FakeOpenAi slow;
    static FakeGemini gemini;
    static GatewayWorld.Key twoClaudes;
    static GatewayWorld.Key oneClaude;
    static GatewayWorld.Key slowKey;
    static GatewayWorld.Key geminiKey;
    static String geminiConfig;

    @BeforeAll
    static void start() {
        Map<String, String> settings = new HashMap<>(GatewayWorld.settings());
        settings.put("gateway.timeout.first.byte", "1s");
        settings.put("gateway.timeout.idle", "800ms");
        settings.put("gateway.timeout.total", "2s");
        settings.put("gateway.disconnect.grace", "300ms");
        settings.put("aillm.recheck.first", "100ms");
        settings.put("aillm.recheck.max", "200ms");
        server = TestServer.start(settings);
        first = new FakeAnthropic("sk-ant-first-0123456789");
        second = new FakeAnthropic("sk-ant-second-0123456789");
        slow = new FakeOpenAi(null);
        gemini = new FakeGemini("AIza-resilience-0123456789");
        var platform = server.owner().api();
        String ws = server.defaultWorkspace(server.owner());
        String a = PlatformCalls.aiLlm(platform, ws, "first", "ANTHROPIC", first.endpoint(), "sk-ant-first-0123456789");
        String b = PlatformCalls.aiLlm(platform, ws, "second", "ANTHROPIC", second.endpoint(), "sk-ant-second-0123456789");
        String s = PlatformCalls.aiLlm(platform, ws, "slow", "OTHER", slow.endpoint(), null);
        String dead = PlatformCalls.aiLlm(platform, ws, "dead", "OTHER", "http://127.0.0.1:" + freePort() + "/v1", null);
        geminiConfig = PlatformCalls.aiLlm(platform, ws, "gem", "GOOGLE", gemini.endpoint(), "AIza-resilience-0123456789");
        for (String id : List.of(a, b, s, geminiConfig)) {
            PlatformCalls.validate(platform, id);
        }
        twoClaudes = GatewayWorld.key(server, PlatformCalls.repo(platform, ws, "two", a, b), "two");
        oneClaude = GatewayWorld.key(server, PlatformCalls.repo(platform, ws, "one", a), "one");
        slowKey = GatewayWorld.key(server, PlatformCalls.repo(platform, ws, "slow", s, dead), "slow");
        geminiKey = GatewayWorld.key(server, PlatformCalls.repo(platform, ws, "gem", geminiConfig), "gem");
    }

    @AfterAll
    static void stop() {
        server.close();
        first.close();
        second.close();
        slow.close();
        gemini.close();
    }

    @BeforeEach
    void reset() {
        for (FakeProvider f : List.of(first, second, slow, gemini)) {
            f.reset();
        }
        first.streamGap(Duration.ZERO);
        slow.streamGap(Duration.ZERO);
    }

    static String fixture(String name) throws Exception {
        try (InputStream in = GatewayResilienceTest.class.getResourceAsStream("/wire/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static JsonNode expectation(String input) throws Exception {
        for (JsonNode c : JSON.readTree(fixture("cross/errors-to-openai.json"))) {
            if (c.path("input").asText().equals(input)) {
                return c.path("expect");
            }
        }
        throw new AssertionError("no expectation for " + input);
    }

    static int freePort() {
        try (var socket = new java.net.ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void overloadedBeforeTheFirstByteFallsBackToTheNextConfiguration() throws Exception {
        first.failNext(FakeProvider.Answer.errorFixture(fixture("anthropic/04-error-529.json")));
        HttpResult r = GatewayWorld.post(server, "/v1/chat/completions", twoClaudes.secret(), CLAUDE.formatted(false));
        assertThat(r.status()).isEqualTo(200);
        assertThat(first.requests()).hasSize(1);
        assertThat(second.requests()).hasSize(1);
        assertThat(GatewayWorld.usage(server, twoClaudes.id(), 1).getLast().get("host")).isEqualTo("127.0.0.1");
    }

    @Test
    void overloadedWithoutFallbackIs503InOpenAiShape() throws Exception {
        first.failNext(FakeProvider.Answer.errorFixture(fixture("anthropic/04-error-529.json")));
        HttpResult r = GatewayWorld.post(server, "/v1/chat/completions", oneClaude.secret(), CLAUDE.formatted(false));
        JsonNode expect = expectation("anthropic/04-error-529.json");
        assertThat(r.status()).isEqualTo(expect.path("status").asInt());
        assertThat(r.json()).isEqualTo(expect.path("body"));
    }

    @Test
    void geminiErrorsInEveryShape() throws Exception {
        for (String input : List.of("gemini/04-error-429.json", "gemini/06-error-array-wrapped.json")) {
            gemini.failNext(FakeProvider.Answer.errorFixture(fixture(input)));
            HttpResult r = GatewayWorld.post(server, "/v1/chat/completions", geminiKey.secret(),
                    "{\"model\":\"gemini-2.5-flash\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
            JsonNode expect = expectation(input);
            assertThat(r.status()).as(input).isEqualTo(expect.path("status").asInt());
            assertThat(r.json()).as(input).isEqualTo(expect.path("body"));
            expect.path("headers").properties().forEach(h -> assertThat(r.header(h.getKey())).isEqualTo(h.getValue().asText()));
        }
    }

    @Test
    void midStreamErrorReachesTheClientAndUsageIsRecordedWithTheError() throws Exception {
        first.failNext(FakeProvider.Answer.sse(fixture("anthropic/05-midstream-error.sse"), Duration.ZERO));
        String body = GatewayWorld.post(server, "/v1/chat/completions", oneClaude.secret(), CLAUDE.formatted(true)).body();
        JsonNode expect = expectation("anthropic/05-midstream-error.sse");
        assertThat(body).endsWith(expect.path("stream_tail").asText()).doesNotContain("[DONE]");
        assertThat(body).contains("\"content\":");
        Map<String, Object> row = GatewayWorld.usage(server, oneClaude.id(), 1).getLast();
        assertThat(row).containsEntry("outcome", "upstream_error").containsEntry("streamed", true);
        assertThat((Long) row.get("tokens_in")).isPositive();
    }

    @Test
    void streamsAreForwardedAsTheyArrive() throws Exception {
        first.streamGap(Duration.ofMillis(200));
        List<Long> arrivals = new ArrayList<>();
        long sent = System.nanoTime();
        HttpURLConnection c = open("/v1/chat/completions", oneClaude.secret(), CLAUDE.formatted(true));
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(c.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.startsWith("data: ")) {
                    arrivals.add(System.nanoTime());
                }
            }
        }
        // The fake sends message_start at once, then one event every 200 ms: the first chunk may not wait for the next,
        // so it arrives well before it (a bound on its own latency would measure the machine's load, not the relay).
        assertThat(Duration.ofNanos(arrivals.get(0) - sent)).isLessThan(Duration.ofSeconds(1));
        assertThat(Duration.ofNanos(arrivals.get(1) - arrivals.get(0))).isGreaterThan(Duration.ofMillis(100));
    }

    @Test
    void aClientLeavingMidStreamCancelsTheUpstreamAndIsStillMetered() throws Exception {
        first.streamGap(Duration.ofMillis(400));
        int abandonedBefore = first.abandoned();
        HttpURLConnection c = open("/v1/chat/completions", oneClaude.secret(), CLAUDE.formatted(true));
        InputStream in = c.getInputStream();
        assertThat(in.read(new byte[64])).isPositive();
        c.disconnect();
        in.close();
        await().atMost(Duration.ofSeconds(3)).until(() -> first.abandoned() > abandonedBefore);
        Map<String, Object> row = GatewayWorld.usage(server, oneClaude.id(), 1).getLast();
        assertThat(row).containsEntry("outcome", "cancelled").containsEntry("tokens_in", 21L);
    }

    @Test
    void firstByteTimeoutIs504AndFallsBackWhenItCan() {
        slow.delay(Duration.ofMillis(1500));
        HttpResult r = GatewayWorld.post(server, "/v1/chat/completions", slowKey.secret(),
                "{\"model\":\"slow/gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
        assertThat(r.status()).isEqualTo(504);
        assertThat(r.json().path("error").path("code").asText()).isEqualTo("timeout");
    }

    @Test
    void idleAndTotalTimeoutsEndTheStreamWithAnErrorFrame() {
        slow.streamGap(Duration.ofMillis(1200));
        String idle = GatewayWorld.post(server, "/v1/chat/completions", slowKey.secret(),
                "{\"model\":\"slow/gpt-4o\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}").body();
        assertThat(idle).contains("chat.completion.chunk").contains("data: {\"error\":").doesNotContain("[DONE]");
        slow.streamGap(Duration.ofMillis(600));
        long started = System.nanoTime();
        String total = GatewayWorld.post(server, "/v1/chat/completions", slowKey.secret(),
                "{\"model\":\"slow/gpt-4o\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}").body();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(2400));
        assertThat(total).contains("data: {\"error\":").doesNotContain("[DONE]");
        assertThat(GatewayWorld.usage(server, slowKey.id(), 2).getLast()).containsEntry("outcome", "timeout");
    }

    @Test
    void anUnreachableUpstreamIs502() {
        HttpResult r = GatewayWorld.post(server, "/v1/chat/completions", slowKey.secret(),
                "{\"model\":\"dead/gpt-4o\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
        assertThat(r.status()).isEqualTo(502);
        assertThat(r.json().path("error").path("code").asText()).isEqualTo("upstream_unreachable");
    }

    @Test
    void oneRefusedCallIsNotProofButAConfirmedRefusalIsFailedUntilTheProviderAcceptsTheKeyAgain() throws Exception {
        String chat = "{\"model\":\"gemini-2.5-flash\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
        JsonNode expect = expectation("gemini/05-error-invalid-key.json");
        gemini.failNext(FakeProvider.Answer.errorFixture(fixture("gemini/05-error-invalid-key.json")));
        HttpResult once = GatewayWorld.post(server, "/v1/chat/completions", geminiKey.secret(), chat);
        assertThat(once.status()).isEqualTo(502);
        assertThat(once.json()).isEqualTo(expect.path("body"));
        // Validated again at once: the provider lists its models with the key, so nothing is marked.
        await().atMost(Duration.ofSeconds(5)).until(() -> gemini.requests().stream().anyMatch(r -> r.path().equals("/v1beta/models")));
        assertThat(status(geminiConfig)).isEqualTo("VALID");
        assertThat(GatewayWorld.post(server, "/v1/chat/completions", geminiKey.secret(), chat).status()).isEqualTo(200);

        // The key is revoked: every call and validation is refused, so the configuration is FAILED and not routed.
        gemini.respond("POST", "/v1beta/models/{model}:generateContent",
                r -> FakeProvider.Answer.errorFixture(fixture("gemini/05-error-invalid-key.json")));
        gemini.respond("GET", "/v1beta/models", r -> FakeProvider.Answer.errorFixture(fixture("gemini/05-error-invalid-key.json")));
        assertThat(GatewayWorld.post(server, "/v1/chat/completions", geminiKey.secret(), chat).status()).isEqualTo(502);
        await().atMost(Duration.ofSeconds(5)).until(() -> "FAILED".equals(status(geminiConfig)));
        await().atMost(Duration.ofSeconds(3)).until(() -> GatewayWorld.post(server, "/v1/chat/completions",
                geminiKey.secret(), chat).status() == 404);

        // The key works again: the background re-validation finds out, and the route is back without anyone's help.
        gemini.reset();
        await().atMost(Duration.ofSeconds(10)).until(() -> "VALID".equals(status(geminiConfig)));
        await().atMost(Duration.ofSeconds(3)).until(() -> GatewayWorld.post(server, "/v1/chat/completions",
                geminiKey.secret(), chat).status() == 200);
    }

    static String status(String aiLlmId) {
        return server.owner().api().get("/ai/llm/" + aiLlmId).json().path("aiLlm").path("validationStatus").asText();
    }

    static HttpURLConnection open(String path, String key, String body) throws Exception {
        HttpURLConnection c = (HttpURLConnection) URI.create(server.gatewayUrl() + path).toURL().openConnection();
        c.setRequestMethod("POST");
        c.setDoOutput(true);
        c.setRequestProperty("Authorization", "Bearer " + key);
        c.setRequestProperty("Content-Type", "application/json");
        c.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
        return c;
    }
}
