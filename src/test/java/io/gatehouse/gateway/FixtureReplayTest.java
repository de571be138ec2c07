package io.gatehouse.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gatehouse.gateway.snapshot.Endpoint;
import io.gatehouse.gateway.snapshot.GatewaySnapshot;
import io.gatehouse.gateway.snapshot.KeyEntry;
import io.gatehouse.gateway.snapshot.RepoRoutes;
import io.gatehouse.gateway.snapshot.Upstream;
import io.gatehouse.guard.FailureThrottle;
import io.gatehouse.platform.aillm.AiType;
import io.gatehouse.platform.aillm.ValidationStatus;
import io.gatehouse.provider.IdGenerator;
import io.gatehouse.provider.ModelEntry;
import io.gatehouse.testing.fake.FakeAnthropic;
import io.gatehouse.testing.fake.FakeGemini;
import io.gatehouse.testing.fake.FakeOpenAi;
import io.gatehouse.testing.fake.FakeProvider;
import io.gatehouse.usage.UsageRecord;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
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
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The shared wire fixtures replayed through the gateway over HTTP: each provider fixture served by a fake upstream,
 * the client's output compared with the {@code cross/} expectations, and the upstream bodies with the provider-side
 * fixtures. The gateway runs on its own (no store): a hand-built snapshot, a fixed clock and fixed ids.
 */
class FixtureReplayTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String KEY = "ghk_replay-key";
    static final Deque<String> IDS = new ArrayDeque<>();
    static final List<UsageRecord> USAGE = new CopyOnWriteArrayList<>();
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    static Vertx vertx;
    static GatewayVerticle gateway;
    static FakeOpenAi openai;
    static FakeAnthropic anthropic;
    static FakeGemini gemini;

    @BeforeAll
    static void start() throws Exception {
        openai = new FakeOpenAi(null);
        anthropic = new FakeAnthropic(null);
        gemini = new FakeGemini(null);
        List<Upstream> upstreams = List.of(
                upstream("oa", AiType.OPENAI, openai.endpoint(), "gpt-5-mini"),
                upstream("claude", AiType.ANTHROPIC, anthropic.endpoint(), "claude-sonnet-4-5"),
                upstream("gem", AiType.GOOGLE, gemini.endpoint(), "gemini-2.5-flash"));
        RepoRoutes repo = new RepoRoutes("repo-1", "org-1", "ws-1", "replay", false, upstreams);
        String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(KEY.getBytes(StandardCharsets.UTF_8)));
        GatewaySnapshot snapshot = new GatewaySnapshot(1, Map.of(hash, new KeyEntry("key-1", "replay", repo, Long.MAX_VALUE, null)),
                Map.of(), io.gatehouse.policy.PolicySets.NONE);
        Clock clock = Clock.fixed(Instant.ofEpochSecond(1764150000L), ZoneOffset.UTC);
        IdGenerator ids = prefix -> {
            String id = IDS.poll();
            return id != null ? id : prefix + "unexpected";
        };
        GatewayContext context = new GatewayContext(GatewaySettings.from(io.gatehouse.config.Settings.of(Map.of())),
                () -> snapshot, USAGE::add, new FailureThrottle(100, Duration.ofMinutes(1), clock), (u, m) -> { }, clock, ids,
                io.gatehouse.observe.GatewayObserver.quiet(),
                new io.gatehouse.policy.PolicyEngine(q -> io.vertx.core.Future.failedFuture("no judge"), e -> { }, clock,
                        Duration.ofSeconds(1), 0, new io.micrometer.core.instrument.simple.SimpleMeterRegistry(),
                        (outcome, nanos) -> { }));
        vertx = Vertx.vertx();
        gateway = new GatewayVerticle(context, "127.0.0.1", 0, new Readiness());
        vertx.deployVerticle(gateway, new DeploymentOptions()).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        openai.close();
        anthropic.close();
        gemini.close();
    }

    @BeforeEach
    void reset() {
        IDS.clear();
        for (FakeProvider f : List.of(openai, anthropic, gemini)) {
            f.reset();
        }
    }

    static Upstream upstream(String name, AiType type, String endpoint, String model) {
        return new Upstream("cfg-" + name, "org-1", "ws-1", name, type, Endpoint.parse(endpoint),
                null, ValidationStatus.VALID,
                Map.of(model, new ModelEntry(model, model, 0, null, 64_000, List.of())));
    }

    static String fixture(String name) throws Exception {
        try (InputStream in = FixtureReplayTest.class.getResourceAsStream("/wire/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static String withModel(String fixture, String model) throws Exception {
        ObjectNode body = (ObjectNode) JSON.readTree(fixture(fixture));
        return JSON.writeValueAsString(body.put("model", model));
    }

    static HttpResponse<String> post(String path, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gateway.actualPort() + path))
                .header("Authorization", "Bearer " + KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void anthropicToolStreamBecomesTheExpectedOpenAiStream() throws Exception {
        anthropic.failNext(FakeProvider.Answer.sse(fixture("anthropic/02-tools-stream.sse"), Duration.ZERO));
        HttpResponse<String> r = post("/v1/chat/completions", withModel("openai/02-tools-stream.request.json", "claude-sonnet-4-5"));
        assertThat(r.body()).isEqualTo(fixture("cross/anthropic-02-to-openai.sse"));
        assertThat(r.headers().firstValue("content-type").orElse("")).startsWith("text/event-stream");
    }

    @Test
    void geminiToolStreamBecomesTheExpectedOpenAiStreamWholeOrByteByByte() throws Exception {
        String sse = fixture("gemini/02-tools-stream.sse");
        List<String> bytes = new ArrayList<>();
        for (char c : sse.replace("\n", "\r\n").toCharArray()) {
            bytes.add(String.valueOf(c));
        }
        for (FakeProvider.Answer answer : List.of(FakeProvider.Answer.sse(sse, Duration.ZERO),
                FakeProvider.Answer.chunked(200, "text/event-stream", bytes, Duration.ZERO))) {
            IDS.addAll(List.of("call_7f3a1c9e0b2d4e6f", "call_2c8e5a7b1d9f3e0a"));
            gemini.failNext(answer);
            HttpResponse<String> r = post("/v1/chat/completions", withModel("openai/02-tools-stream.request.json", "gemini-2.5-flash"));
            assertThat(r.body()).isEqualTo(fixture("cross/gemini-02-to-openai.sse"));
        }
        // PITFALLS 20: the upstream body is the Gemini fixture request (schema sanitised, tool config carried).
        assertThat(FakeProvider.json(gemini.requests().getLast())).isEqualTo(JSON.readTree(fixture("gemini/02-tools-stream.request.json")));
        assertThat(gemini.requests().getLast().path()).isEqualTo("/v1beta/models/gemini-2.5-flash:streamGenerateContent");
    }

    @Test
    void anthropicToolOnlyAnswerBecomesTheExpectedCompletion() throws Exception {
        anthropic.failNext(FakeProvider.Answer.json(200, fixture("anthropic/06-tool-use.response.json")));
        HttpResponse<String> r = post("/v1/chat/completions", withModel("openai/03-tool-result-followup.request.json", "claude-sonnet-4-5"));
        assertThat(JSON.readTree(r.body())).isEqualTo(JSON.readTree(fixture("cross/anthropic-06-to-openai.response.json")));
    }

    @Test
    void toolResultFollowUpsAreTranslatedForAnthropicAndGemini() throws Exception {
        post("/v1/chat/completions", withModel("openai/03-tool-result-followup.request.json", "claude-sonnet-4-5"));
        assertThat(FakeProvider.json(anthropic.requests().getLast()))
                .isEqualTo(JSON.readTree(fixture("cross/openai-03-to-anthropic.request.json")));
        post("/v1/chat/completions", withModel("openai/03-tool-result-followup.request.json", "gemini-2.5-flash"));
        assertThat(FakeProvider.json(gemini.requests().getLast()))
                .isEqualTo(JSON.readTree(fixture("cross/openai-03-to-gemini.request.json")));
    }

    @Test
    void openAiStreamServedToAnAnthropicClient() throws Exception {
        openai.failNext(FakeProvider.Answer.sse(fixture("openai/02-tools-stream.sse"), Duration.ZERO));
        HttpResponse<String> r = post("/anthropic/v1/messages", withModel("anthropic/02-tools-stream.request.json", "gpt-5-mini"));
        assertThat(r.body()).isEqualTo(fixture("cross/openai-02-to-anthropic.sse"));
        // PITFALLS 34: the tools arrive upstream as the OpenAI fixture has them.
        JsonNode sent = FakeProvider.json(openai.requests().getLast());
        assertThat(sent.path("tools")).isEqualTo(JSON.readTree(fixture("openai/02-tools-stream.request.json")).path("tools"));
        assertThat(sent.path("tool_choice").asText()).isEqualTo("auto");
    }

    @Test
    void anthropicFollowUpWithThinkingPassesThroughUnchanged() throws Exception {
        String body = fixture("anthropic/03-tool-result-followup.request.json");
        anthropic.failNext(FakeProvider.Answer.json(200, fixture("anthropic/03-tool-result-followup.response.json")));
        HttpResponse<String> r = post("/anthropic/v1/messages", body);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(anthropic.requests().getLast().bodyText()).isEqualTo(body);
        assertThat(JSON.readTree(r.body())).isEqualTo(JSON.readTree(fixture("anthropic/03-tool-result-followup.response.json")));
    }

    @Test
    void midStreamErrorOnTheAnthropicIngressIsRelayed() throws Exception {
        String sse = fixture("anthropic/05-midstream-error.sse");
        anthropic.failNext(FakeProvider.Answer.sse(sse, Duration.ZERO));
        HttpResponse<String> r = post("/anthropic/v1/messages", "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":10,"
                + "\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
        assertThat(r.body()).contains("event: error").endsWith(sse.substring(sse.lastIndexOf("event: error")));
    }
}
