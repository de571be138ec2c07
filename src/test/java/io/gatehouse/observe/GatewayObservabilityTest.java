package io.gatehouse.observe;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatehouse.testing.CapturedLogs;
import io.gatehouse.testing.GatewayWorld;
import io.gatehouse.testing.HttpResult;
import io.gatehouse.testing.OtlpCollector;
import io.gatehouse.testing.PlatformCalls;
import io.gatehouse.testing.Prometheus;
import io.gatehouse.testing.TestServer;
import io.gatehouse.testing.fake.FakeOpenAi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every gateway request shows up in {@code /metrics}, as one access log line (metadata only unless bodies are
 * switched on, and then masked) and, with tracing configured, as a SERVER span with a GenAI CLIENT span per
 * provider call, received by an OTLP collector.
 */
class GatewayObservabilityTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    static final String CHAT = "{\"model\":\"gpt-4o\",\"stream\":%s,\"messages\":[{\"role\":\"user\",\"content\":\"%s\"}]}";

    static OtlpCollector collector;
    static FakeOpenAi openai;
    static TestServer server;
    static World world;

    record World(String aiLlmId, String repoId, GatewayWorld.Key key) {
    }

    @BeforeAll
    static void start() {
        collector = new OtlpCollector();
        openai = new FakeOpenAi("sk-fake-openai-key-0123456789");
        Map<String, String> settings = new HashMap<>(GatewayWorld.settings());
        settings.put("otel.exporter.otlp.endpoint", collector.endpoint());
        settings.put("otel.bsp.schedule.delay", "50ms");
        server = TestServer.start(settings);
        world = world(server);
    }

    static World world(TestServer node) {
        var api = node.owner().api();
        String ws = node.defaultWorkspace(node.owner());
        String cfg = PlatformCalls.aiLlm(api, ws, "oa", "OPENAI", openai.endpoint(), "sk-fake-openai-key-0123456789");
        PlatformCalls.validate(api, cfg);
        String repo = PlatformCalls.repo(api, ws, "observed", cfg);
        return new World(cfg, repo, GatewayWorld.key(node, repo, "observed key"));
    }

    @AfterAll
    static void stop() {
        server.close();
        openai.close();
        collector.close();
    }

    @BeforeEach
    void reset() {
        openai.reset();
    }

    @Test
    void aCompletedChatIsCountedLoggedWithoutItsPromptAndTraced() throws Exception {
        String agent = agent();
        String marker = "prompt-marker-" + UUID.randomUUID();
        String before = Prometheus.scrape(server);
        HttpResult r = GatewayWorld.post(server, "/v1/chat/completions", world.key().secret(), CHAT.formatted(false, marker),
                "User-Agent", agent, "traceparent", "00-" + TRACE + "-00f067aa0ba902b7-01");
        assertThat(r.status()).isEqualTo(200);

        JsonNode line = accessLine(agent);
        assertThat(line.path("method").asText()).isEqualTo("POST");
        assertThat(line.path("path").asText()).isEqualTo("/v1/chat/completions");
        assertThat(line.path("status").asInt()).isEqualTo(200);
        assertThat(line.path("outcome").asText()).isEqualTo("ok");
        assertThat(line.path("repoId").asText()).isEqualTo(world.repoId());
        assertThat(line.path("repoAiApiKeyId").asText()).isEqualTo(world.key().id());
        assertThat(line.path("aiLlmId").asText()).isEqualTo(world.aiLlmId());
        assertThat(line.path("provider").asText()).isEqualTo("openai");
        assertThat(line.path("model").asText()).isEqualTo("gpt-4o");
        assertThat(line.path("stream").asBoolean()).isFalse();
        assertThat(line.path("tokensIn").asLong()).isEqualTo(11);
        assertThat(line.path("tokensOut").asLong()).isEqualTo(7);
        assertThat(line.path("traceId").asText()).isEqualTo(TRACE);
        assertThat(line.path("client").asText()).isEqualTo("127.0.0.1");
        assertThat(line.has("requestId")).isTrue();
        assertThat(line.has("overheadMs")).isTrue();
        assertThat(line.has("firstChunkMs")).isFalse();
        assertThat(line.has("prompt")).isFalse();
        assertThat(String.join("\n", server.accessLog())).doesNotContain(marker).doesNotContain(world.key().secret());
        assertThat(CapturedLogs.all()).doesNotContain(marker).doesNotContain(world.key().secret());

        String after = Prometheus.scrape(server);
        String[] labels = {"repo", world.repoId(), "provider", "openai", "model", "gpt-4o", "status", "200", "outcome", "ok"};
        assertThat(Prometheus.delta(before, after, "gatehouse_request_duration_seconds_count", labels)).isEqualTo(1);
        assertThat(Prometheus.delta(before, after, "gatehouse_tokens_total", "repo", world.repoId(), "type", "input")).isEqualTo(11);
        assertThat(Prometheus.delta(before, after, "gatehouse_tokens_total", "repo", world.repoId(), "type", "output")).isEqualTo(7);
        assertThat(Prometheus.delta(before, after, "gatehouse_gateway_overhead_seconds_count", "provider", "openai")).isEqualTo(1);
        assertThat(after).contains("jvm_memory_used_bytes").contains("gatehouse_usage_queue_depth")
                .contains("gatehouse_access_log_dropped_total");

        OtlpCollector.Span request = span(s -> s.traceId().equals(TRACE) && s.kind() == OtlpCollector.Span.SERVER);
        assertThat(request.name()).isEqualTo("POST /v1/chat/completions");
        assertThat(request.parentSpanId()).isEqualTo("00f067aa0ba902b7");
        assertThat(request.attribute("http.response.status_code")).isEqualTo(200L);
        assertThat(request.attribute("gatehouse.repo.id")).isEqualTo(world.repoId());
        assertThat(request.attribute("gatehouse.repo_ai_api_key.id")).isEqualTo(world.key().id());
        OtlpCollector.Span call = span(s -> s.traceId().equals(TRACE) && s.kind() == OtlpCollector.Span.CLIENT);
        assertThat(call.parentSpanId()).isEqualTo(request.spanId());
        assertThat(call.name()).isEqualTo("chat gpt-4o");
        assertThat(call.attribute("gen_ai.operation.name")).isEqualTo("chat");
        assertThat(call.attribute("gen_ai.system")).isEqualTo("openai");
        assertThat(call.attribute("gen_ai.request.model")).isEqualTo("gpt-4o");
        assertThat(call.attribute("gen_ai.usage.input_tokens")).isEqualTo(11L);
        assertThat(call.attribute("gen_ai.usage.output_tokens")).isEqualTo(7L);
        assertThat(call.attribute("gen_ai.response.finish_reasons")).isEqualTo(List.of("stop"));
        assertThat(call.attribute("server.address")).isEqualTo("127.0.0.1");
        assertThat(call.attribute("gatehouse.ai_llm.id")).isEqualTo(world.aiLlmId());
        assertThat(call.attributes().values().toString()).doesNotContain(marker).doesNotContain(FakeOpenAi.TEXT);
        // The provider continues the trace under the call's span.
        assertThat(openai.requests().getLast().header("traceparent")).isEqualTo("00-" + TRACE + "-" + call.spanId() + "-01");
    }

    @Test
    void aStreamReportsItsFirstChunkAndItsFinishReason() throws Exception {
        openai.streamGap(Duration.ofMillis(20));
        String agent = agent();
        String trace = UUID.randomUUID().toString().replace("-", "");
        String before = Prometheus.scrape(server);
        HttpResult r = GatewayWorld.post(server, "/v1/chat/completions", world.key().secret(), CHAT.formatted(true, "Hi"),
                "User-Agent", agent, "traceparent", "00-" + trace + "-00f067aa0ba902b7-01");
        assertThat(r.body()).endsWith("data: [DONE]\n\n");

        JsonNode line = accessLine(agent);
        assertThat(line.path("stream").asBoolean()).isTrue();
        assertThat(line.path("firstChunkMs").asLong()).isLessThanOrEqualTo(line.path("durationMs").asLong());
        assertThat(line.path("tokensIn").asLong()).isEqualTo(11);
        String after = Prometheus.scrape(server);
        assertThat(Prometheus.delta(before, after, "gatehouse_time_to_first_chunk_seconds_count", "provider", "openai", "model", "gpt-4o"))
                .isEqualTo(1);
        OtlpCollector.Span call = span(s -> s.traceId().equals(trace) && s.kind() == OtlpCollector.Span.CLIENT);
        assertThat(call.attribute("gen_ai.request.stream")).isEqualTo(true);
        assertThat(call.attribute("gen_ai.response.finish_reasons")).isEqualTo(List.of("stop"));
        assertThat(call.attribute("gen_ai.usage.output_tokens")).isEqualTo(7L);
    }

    @Test
    void anUpstreamFailureIsCountedByKindLoggedAndMarkedOnTheSpan() throws Exception {
        openai.failNext(openai.serverError());
        String agent = agent();
        String trace = UUID.randomUUID().toString().replace("-", "");
        String before = Prometheus.scrape(server);
        HttpResult r = GatewayWorld.post(server, "/v1/chat/completions", world.key().secret(), CHAT.formatted(false, "Hi"),
                "User-Agent", agent, "traceparent", "00-" + trace + "-00f067aa0ba902b7-01");
        assertThat(r.status()).isEqualTo(502);

        JsonNode line = accessLine(agent);
        assertThat(line.path("status").asInt()).isEqualTo(502);
        assertThat(line.path("outcome").asText()).isEqualTo("upstream_error");
        assertThat(line.path("errorKind").asText()).isEqualTo("server");
        String after = Prometheus.scrape(server);
        assertThat(Prometheus.delta(before, after, "gatehouse_upstream_errors_total", "provider", "openai", "kind", "server")).isEqualTo(1);
        assertThat(Prometheus.delta(before, after, "gatehouse_request_duration_seconds_count", "repo", world.repoId(), "status", "502",
                "outcome", "upstream_error")).isEqualTo(1);
        OtlpCollector.Span call = span(s -> s.traceId().equals(trace) && s.kind() == OtlpCollector.Span.CLIENT);
        assertThat(call.statusCode()).isEqualTo(OtlpCollector.Span.STATUS_ERROR);
        assertThat(call.attribute("error.type")).isEqualTo("server");
        OtlpCollector.Span request = span(s -> s.traceId().equals(trace) && s.kind() == OtlpCollector.Span.SERVER);
        assertThat(request.statusCode()).isEqualTo(OtlpCollector.Span.STATUS_ERROR);
    }

    @Test
    void aFallbackShowsBothProviderCallsAndCountsTheFailedOne() throws Exception {
        try (FakeOpenAi flaky = new FakeOpenAi("sk-fake-openai-key-0123456789")) {
            var api = server.owner().api();
            String ws = server.defaultWorkspace(server.owner());
            String first = PlatformCalls.aiLlm(api, ws, "flaky", "OPENAI", flaky.endpoint(), "sk-fake-openai-key-0123456789");
            PlatformCalls.validate(api, first);
            String repo = PlatformCalls.repo(api, ws, "falls-back", first, world.aiLlmId());
            GatewayWorld.Key key = GatewayWorld.key(server, repo, "fallback key");
            flaky.failNext(flaky.serverError());
            String trace = UUID.randomUUID().toString().replace("-", "");
            String before = Prometheus.scrape(server);
            HttpResult r = GatewayWorld.post(server, "/v1/chat/completions", key.secret(), CHAT.formatted(false, "Hi"),
                    "traceparent", "00-" + trace + "-00f067aa0ba902b7-01");
            assertThat(r.status()).isEqualTo(200);

            String after = Prometheus.scrape(server);
            assertThat(Prometheus.delta(before, after, "gatehouse_upstream_errors_total", "provider", "openai", "kind", "server"))
                    .isEqualTo(1);
            assertThat(Prometheus.delta(before, after, "gatehouse_request_duration_seconds_count", "repo", repo)).isEqualTo(1);
            span(s -> s.traceId().equals(trace) && s.kind() == OtlpCollector.Span.SERVER);
            List<OtlpCollector.Span> calls = collector.spans().stream()
                    .filter(s -> s.traceId().equals(trace) && s.kind() == OtlpCollector.Span.CLIENT).toList();
            assertThat(calls).extracting(s -> s.attribute("gatehouse.ai_llm.id")).containsExactlyInAnyOrder(first, world.aiLlmId());
            OtlpCollector.Span failed = calls.stream().filter(s -> first.equals(s.attribute("gatehouse.ai_llm.id"))).findFirst().orElseThrow();
            assertThat(failed.statusCode()).isEqualTo(OtlpCollector.Span.STATUS_ERROR);
            assertThat(failed.attribute("error.type")).isEqualTo("server");
            OtlpCollector.Span served = calls.stream().filter(s -> s != failed).findFirst().orElseThrow();
            assertThat(served.statusCode()).isNotEqualTo(OtlpCollector.Span.STATUS_ERROR);
            assertThat(served.attribute("gen_ai.usage.input_tokens")).isEqualTo(11L);
        }
    }

    @Test
    void anUnknownKeyIsCountedAndLoggedWithoutCaller() throws Exception {
        String agent = agent();
        String before = Prometheus.scrape(server);
        HttpResult r = GatewayWorld.post(server, "/v1/chat/completions", "ghk_unknown", CHAT.formatted(false, "Hi"),
                "User-Agent", agent);
        assertThat(r.status()).isEqualTo(401);
        JsonNode line = accessLine(agent);
        assertThat(line.path("status").asInt()).isEqualTo(401);
        assertThat(line.has("repoId")).isFalse();
        assertThat(line.has("provider")).isFalse();
        assertThat(line.toString()).doesNotContain("ghk_unknown");
        assertThat(Prometheus.delta(before, Prometheus.scrape(server), "gatehouse_request_duration_seconds_count", "repo", "none",
                "status", "401")).isEqualTo(1);
    }

    @Test
    void withBodyLoggingOnPromptAndCompletionAreLoggedMasked() throws Exception {
        Map<String, String> settings = new HashMap<>(GatewayWorld.settings());
        settings.put("access.log.bodies", "true");
        try (TestServer bodies = TestServer.start(settings)) {
            World w = world(bodies);
            String agent = agent();
            GatewayWorld.post(bodies, "/v1/chat/completions", w.key().secret(),
                    CHAT.formatted(false, "Write to jane.doe@example.com, card 4111 1111 1111 1111"), "User-Agent", agent);
            JsonNode line = accessLine(bodies, agent);
            assertThat(line.path("prompt").asText()).contains("[EMAIL_1]").contains("[CARD_1]")
                    .doesNotContain("jane.doe@example.com").doesNotContain("4111 1111");
            assertThat(line.path("completion").asText()).contains(FakeOpenAi.TEXT);
        }
    }

    @Test
    void oneRequestIdIsEchoedLoggedAndTraced() throws Exception {
        String agent = agent();
        String trace = UUID.randomUUID().toString().replace("-", "");
        String sent = "client-req_42:" + UUID.randomUUID();
        HttpResult r = GatewayWorld.post(server, "/v1/chat/completions", world.key().secret(), CHAT.formatted(false, "Hi"),
                "User-Agent", agent, "x-request-id", sent, "traceparent", "00-" + trace + "-00f067aa0ba902b7-01");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.header("x-request-id")).isEqualTo(sent);
        assertThat(accessLine(agent).path("requestId").asText()).isEqualTo(sent);
        OtlpCollector.Span request = span(s -> s.traceId().equals(trace) && s.kind() == OtlpCollector.Span.SERVER);
        assertThat(request.attribute("gatehouse.request.id")).isEqualTo(sent);

        // none sent: a new id, the same in the header and the log line; a stream carries it too
        String streamAgent = agent();
        HttpResult stream = GatewayWorld.post(server, "/v1/chat/completions", world.key().secret(), CHAT.formatted(true, "Hi"),
                "User-Agent", streamAgent);
        assertThat(stream.body()).endsWith("data: [DONE]\n\n");
        String generated = stream.header("x-request-id");
        assertThat(generated).matches("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
        assertThat(accessLine(streamAgent).path("requestId").asText()).isEqualTo(generated);
    }

    @Test
    void insaneClientRequestIdsAreReplacedAndErrorsCarryTheId() {
        for (String insane : List.of("has space", "x".repeat(65), "quote\"d", "tab\there", "ünïcode")) {
            String agent = agent();
            HttpResult r = GatewayWorld.post(server, "/v1/chat/completions", world.key().secret(), CHAT.formatted(false, "Hi"),
                    "User-Agent", agent, "x-request-id", insane);
            String echoed = r.header("x-request-id");
            assertThat(echoed).as(insane).isNotEqualTo(insane).hasSize(36);
            assertThat(accessLine(agent).path("requestId").asText()).isEqualTo(echoed);
        }
        HttpResult unauthorized = GatewayWorld.post(server, "/v1/chat/completions", "ghk_unknown", CHAT.formatted(false, "Hi"),
                "x-request-id", "req-401");
        assertThat(unauthorized.status()).isEqualTo(401);
        assertThat(unauthorized.header("x-request-id")).isEqualTo("req-401");
        HttpResult upstreamFailed;
        openai.failNext(openai.serverError());
        upstreamFailed = GatewayWorld.post(server, "/v1/chat/completions", world.key().secret(), CHAT.formatted(false, "Hi"),
                "x-request-id", "req-502");
        assertThat(upstreamFailed.status()).isEqualTo(502);
        assertThat(upstreamFailed.header("x-request-id")).isEqualTo("req-502");
        HttpResult unknownPath = GatewayWorld.post(server, "/v1/nothing", world.key().secret(), "{}", "x-request-id", "req-404");
        assertThat(unknownPath.status()).isEqualTo(404);
        assertThat(unknownPath.header("x-request-id")).isEqualTo("req-404");
        HttpResult badBody = GatewayWorld.post(server, "/v1/chat/completions", world.key().secret(), "{not json");
        assertThat(badBody.status()).isEqualTo(400);
        assertThat(badBody.header("x-request-id")).hasSize(36);
    }

    @Test
    void requestsRefusedBeforeThePipelineAreCountedAndLogged() {
        String agent = agent();
        String before = Prometheus.scrape(server);
        HttpResult unknownPath = GatewayWorld.post(server, "/v1/v1/chat/completions", world.key().secret(), "{}",
                "User-Agent", agent, "x-request-id", "req-refused-404");
        assertThat(unknownPath.status()).isEqualTo(404);
        JsonNode line = accessLine(agent);
        assertThat(line.path("requestId").asText()).isEqualTo("req-refused-404");
        assertThat(line.path("method").asText()).isEqualTo("POST");
        assertThat(line.path("path").asText()).isEqualTo("/v1/v1/chat/completions");
        assertThat(line.path("status").asInt()).isEqualTo(404);
        assertThat(line.path("outcome").asText()).isEqualTo("refused");
        assertThat(line.has("repoId")).isFalse();
        assertThat(String.join("\n", server.accessLog())).doesNotContain(world.key().secret());

        String wrongMethodAgent = agent();
        HttpResult wrongMethod = GatewayWorld.send(server, "GET", "/v1/chat/completions", world.key().secret(), null,
                "User-Agent", wrongMethodAgent);
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertThat(accessLine(wrongMethodAgent).path("status").asInt()).isEqualTo(405);

        String after = Prometheus.scrape(server);
        assertThat(Prometheus.delta(before, after, "gatehouse_request_duration_seconds_count",
                "status", "404", "outcome", "refused")).isEqualTo(1);
        assertThat(Prometheus.delta(before, after, "gatehouse_request_duration_seconds_count",
                "status", "405", "outcome", "refused")).isEqualTo(1);
    }

    private static String agent() {
        return "observability-test/" + UUID.randomUUID();
    }

    /** The access log line of the one request sent with this user agent. */
    static JsonNode accessLine(String agent) {
        return accessLine(server, agent);
    }

    static JsonNode accessLine(TestServer node, String agent) {
        AtomicReference<List<String>> found = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20)).until(() -> {
            found.set(node.accessLog().stream().filter(l -> l.contains(agent)).toList());
            return !found.get().isEmpty();
        });
        assertThat(found.get()).hasSize(1);
        try {
            return JSON.readTree(found.get().getFirst());
        } catch (Exception e) {
            throw new AssertionError(found.get().getFirst(), e);
        }
    }

    static OtlpCollector.Span span(java.util.function.Predicate<OtlpCollector.Span> which) {
        AtomicReference<OtlpCollector.Span> found = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(20)).until(() -> {
            found.set(collector.spans().stream().filter(which).findFirst().orElse(null));
            return found.get() != null;
        });
        return found.get();
    }
}
