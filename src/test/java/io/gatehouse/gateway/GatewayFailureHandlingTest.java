package io.gatehouse.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatehouse.config.Settings;
import io.gatehouse.gateway.snapshot.GatewaySnapshot;
import io.gatehouse.gateway.snapshot.KeyEntry;
import io.gatehouse.gateway.upstream.ProviderConnections;
import io.gatehouse.provider.CallPlan;
import io.gatehouse.route.RepoRoutes;
import io.gatehouse.route.Route;
import io.gatehouse.route.Upstream;
import io.gatehouse.observe.GatewayObserver;
import io.gatehouse.model.AiType;
import io.gatehouse.provider.GatewayError;
import io.gatehouse.provider.Header;
import io.gatehouse.provider.IdGenerator;
import io.gatehouse.provider.StreamEnd;
import io.gatehouse.provider.StreamTranslator;
import io.gatehouse.provider.UpstreamRequest;
import io.gatehouse.provider.Usage;
import io.gatehouse.provider.openai.OpenAiErrors;
import io.gatehouse.provider.openai.OpenAiUsage;
import io.gatehouse.testing.TestServer;
import io.gatehouse.testing.fake.FakeOpenAi;
import io.gatehouse.testing.fake.FakeProvider;
import io.gatehouse.usage.UsageRecord;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Whatever throws on the event loop — a stage, its later work, the terminal step, the provider call's planning or a
 * stream translator — the client gets an answer: a 500 in its endpoint's shape naming the request id (never a stack
 * trace), or, once a stream has started, an error frame that ends it; and the request is recorded. Before, an
 * exception in the provider call left the client waiting past every timeout.
 */
class GatewayFailureHandlingTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final java.net.http.HttpClient HTTP = java.net.http.HttpClient.newBuilder()
            .version(java.net.http.HttpClient.Version.HTTP_1_1).build();
    static final List<UsageRecord> USAGE = new CopyOnWriteArrayList<>();
    static Vertx vertx;
    static HttpServer server;
    static ProviderConnections upstreamConnections;
    static GatewayContext context;
    static FakeOpenAi openai;
    static KeyEntry key;
    static Route route;
    /** The pipeline the next request runs through, set by each test. */
    static volatile Pipeline pipeline;

    @BeforeAll
    static void start() throws Exception {
        openai = new FakeOpenAi(null);
        Upstream upstream = StandaloneGateway.upstream("oa", AiType.OPENAI, openai.endpoint(), "gpt-4o");
        route = new Route(upstream, "gpt-4o");
        key = new KeyEntry("key-1", "k", new RepoRoutes("repo-1", "org-1", "ws-1", "r", false, List.of(upstream)),
                Long.MAX_VALUE, null, null);
        vertx = Vertx.vertx();
        context = StandaloneGateway.context(vertx, Settings.of(TestServer.PROVIDER_EGRESS), () -> GatewaySnapshot.EMPTY,
                USAGE::add, IdGenerator.random(), GatewayObserver.quiet());
        upstreamConnections = new ProviderConnections(vertx, 16);
        server = vertx.createHttpServer().requestHandler(request -> pipeline.run(new Exchange(
                request.path().startsWith("/anthropic/") ? Api.ANTHROPIC_MESSAGES : Api.CHAT, request)));
        server.listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        openai.close();
    }

    @BeforeEach
    void reset() {
        USAGE.clear();
        openai.reset();
    }

    /** Reads the body, the request and routes it to the fake, with the key the usage record needs. */
    static List<Stage> upToTheCall() {
        return List.of(new ReadBody(1 << 20), new ReadRequest(100, context), ex -> {
            ex.key = key;
            ex.routes = List.of(route);
            return Stage.DONE;
        });
    }

    static Consumer<Exchange> call(ProviderCall.Planner planner) {
        return new ProviderCall(vertx, upstreamConnections, context, planner, new PolicyEnforcement(context))::start;
    }

    static HttpResponse<String> post(String path, boolean stream) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort() + path))
                .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"gpt-4o\",\"max_tokens\":10,\"stream\":" + stream
                        + ",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}")).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** A 500 naming the request id, in the endpoint's shape, without anything of the exception. */
    static JsonNode internalError(HttpResponse<String> r) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(500);
        String requestId = r.headers().firstValue("x-request-id").orElseThrow();
        assertThat(r.body()).contains(requestId).doesNotContain("boom").doesNotContain("Exception").doesNotContain("at io.");
        return JSON.readTree(r.body());
    }

    static UsageRecord recorded() {
        await().atMost(Duration.ofSeconds(5)).until(() -> !USAGE.isEmpty());
        return USAGE.getLast();
    }

    @Test
    void aStageThatThrowsIsA500InTheEndpointsShape() throws Exception {
        pipeline = new Pipeline(List.of(ex -> {
            throw new IllegalStateException("boom");
        }), ex -> { }, context);
        JsonNode openAi = internalError(post("/v1/chat/completions", false));
        assertThat(openAi.path("error").path("code").asText()).isEqualTo("internal_error");
        JsonNode anthropic = internalError(post("/anthropic/v1/messages", false));
        assertThat(anthropic.path("type").asText()).isEqualTo("error");
        assertThat(anthropic.path("error").path("type").asText()).isEqualTo("api_error");
    }

    @Test
    void aStageWhoseLaterWorkFailsIsA500() throws Exception {
        pipeline = new Pipeline(List.of(ex -> {
            Promise<Void> later = Promise.promise();
            vertx.setTimer(10, t -> later.fail(new IllegalStateException("boom")));
            return later.future();
        }), ex -> { }, context);
        internalError(post("/v1/chat/completions", false));
    }

    @Test
    void aTerminalStepThatThrowsIsA500AndRecorded() throws Exception {
        pipeline = new Pipeline(upToTheCall(), ex -> {
            throw new IllegalStateException("boom");
        }, context);
        internalError(post("/v1/chat/completions", false));
        assertThat(recorded().outcome()).isEqualTo("gateway_error");
    }

    @Test
    void aPlannerThatThrowsOrFailsIsA500NotAHang() throws Exception {
        pipeline = new Pipeline(upToTheCall(), call((ex, r) -> {
            throw new NullPointerException("boom");
        }), context);
        internalError(post("/v1/chat/completions", false));
        assertThat(recorded()).satisfies(u -> {
            assertThat(u.outcome()).isEqualTo("gateway_error");
            assertThat(u.status()).isEqualTo(500);
        });

        // A bug inside the plan's future is ours, not an unreachable provider (no 502, no fallback).
        USAGE.clear();
        pipeline = new Pipeline(upToTheCall(), call((ex, r) -> Future.failedFuture(new NullPointerException("boom"))),
                context);
        internalError(post("/v1/chat/completions", false));
        assertThat(recorded().outcome()).isEqualTo("gateway_error");
        assertThat(openai.requests()).isEmpty();
    }

    @Test
    void aTranslatorThatThrowsOnTheFirstChunkIsA500() throws Exception {
        pipeline = new Pipeline(upToTheCall(), call(streamingWith(new Throwing(0))), context);
        internalError(post("/v1/chat/completions", true));
        assertThat(recorded().outcome()).isEqualTo("gateway_error");
    }

    @Test
    void aTranslatorThatThrowsMidStreamEndsTheStreamWithAnErrorFrame() throws Exception {
        openai.failNext(FakeProvider.Answer.sse("data: {\"a\":1}\n\ndata: {\"a\":2}\n\ndata: [DONE]\n\n", Duration.ofMillis(150)));
        pipeline = new Pipeline(upToTheCall(), call(streamingWith(new Throwing(1))), context);
        HttpResponse<String> r = post("/v1/chat/completions", true);
        assertThat(r.statusCode()).isEqualTo(200);
        String requestId = r.headers().firstValue("x-request-id").orElseThrow();
        assertThat(r.body()).startsWith("data: {\"a\":1}\n\n").contains("data: {\"error\":").contains("internal_error")
                .contains(requestId).doesNotContain("boom").doesNotContain("[DONE]");
        assertThat(recorded().outcome()).isEqualTo("gateway_error");
    }

    /** A plan that sends the client's body to the fake as is and reads its stream with {@code translator}. */
    static ProviderCall.Planner streamingWith(StreamTranslator translator) {
        return (ex, r) -> Future.succeededFuture(new CallPlan(UpstreamRequest.post("/chat/completions",
                List.of(Header.of("content-type", "application/json")), ex.facts.body), null, OpenAiUsage::ofResponse,
                () -> translator, OpenAiErrors::map));
    }

    /** Passes the first {@code good} chunks through, then throws. */
    static final class Throwing implements StreamTranslator {
        private int left;

        Throwing(int good) {
            this.left = good;
        }

        @Override
        public byte[] feed(byte[] bytes, int offset, int length) {
            if (left-- <= 0) {
                throw new IllegalStateException("boom");
            }
            return new String(bytes, offset, length, StandardCharsets.UTF_8).getBytes(StandardCharsets.UTF_8);
        }

        @Override
        public byte[] finish() {
            return new byte[0];
        }

        @Override
        public StreamTranslator scrubbing(io.gatehouse.crypto.Secret credential) {
            return this;
        }

        @Override
        public StreamEnd end() {
            return StreamEnd.RUNNING;
        }

        @Override
        public Usage usage() {
            return null;
        }

        @Override
        public GatewayError error() {
            return null;
        }
    }
}
