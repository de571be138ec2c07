package io.gatehouse.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatehouse.testing.CapturedLogs;
import io.gatehouse.testing.GatewayWorld;
import io.gatehouse.testing.HttpResult;
import io.gatehouse.testing.PlatformCalls;
import io.gatehouse.testing.Prometheus;
import io.gatehouse.testing.TestServer;
import io.gatehouse.testing.fake.FaultyUpstream;
import io.gatehouse.testing.fake.FaultyUpstream.Fault;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every way a provider can fail below its error format — hanging before or after its headers, resetting mid-body,
 * dripping bytes, malformed event streams, a 200 with garbage or truncated JSON — on both ingresses, against each wire
 * format, streamed and not: the client gets a clear error in its ingress's shape (or the stream ends with its error
 * event) within the configured timeouts, never a hang or a 200 carrying the garbage; the failure is counted as an
 * upstream error and recorded; and the next request on the same route is answered. The cases' requests are sent
 * before the tests, four cases at a time (they mostly wait for timeouts), each naming its fault in the model it asks
 * for; each test then checks its case's answers.
 */
@Tag("fault")
class UpstreamFaultTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TOTAL = Duration.ofMillis(2500);
    /** Room for a loaded machine between the gateway's timeout and the client seeing the end. */
    private static final Duration SLACK = Duration.ofSeconds(3);
    private static final String VERTX_CONNECTION_LOG = "io.vertx.core.net.impl.ConnectionBase";
    private static TestServer server;
    private static FaultyUpstream upstream;
    private static GatewayWorld.Key key;
    private static String metricsBefore;
    private static String connectionErrorsBefore;
    private static final Map<Case, Future<Exchanged>> RUNS = new ConcurrentHashMap<>();
    private static ExecutorService clients;

    /** The upstream configurations, one per wire format, and a model each serves. */
    enum Format {
        OPENAI("OTHER", "/v1", "oa/gpt-4o"),
        ANTHROPIC("ANTHROPIC", "", "an/claude-sonnet-4-5"),
        GEMINI("GOOGLE", "", "ge/gemini-2.5-flash");

        final String aiType;
        final String endpointPath;
        final String model;

        Format(String aiType, String endpointPath, String model) {
            this.aiType = aiType;
            this.endpointPath = endpointPath;
            this.model = model;
        }

        String configName() {
            return model.substring(0, model.indexOf('/'));
        }
    }

    /** The two client-facing endpoints, each with its own error shapes. */
    enum Ingress {
        CHAT_COMPLETIONS("/v1/chat/completions"),
        ANTHROPIC_MESSAGES("/anthropic/v1/messages");

        final String path;

        Ingress(String path) {
            this.path = path;
        }

        String body(String model, boolean stream) {
            return "{\"model\":\"" + model + "\",\"max_tokens\":50,\"stream\":" + stream
                    + ",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
        }
    }

    @BeforeAll
    static void start() {
        Map<String, String> settings = new HashMap<>();
        settings.put("gateway.timeout.connect", "1s");
        // Short, so the suite stays quick; a healthy answer from the loopback fake comes well within them, also on a
        // loaded machine with four cases at once (400 ms was not always enough there).
        settings.put("gateway.timeout.first.byte", "1s");
        settings.put("gateway.timeout.idle", "1s");
        settings.put("gateway.timeout.total", TOTAL.toMillis() + "ms");
        settings.put("gateway.disconnect.grace", "200ms");
        server = TestServer.start(settings);
        upstream = new FaultyUpstream(UpstreamFaultTest::properAnswer);
        var platform = server.owner().api();
        String ws = server.defaultWorkspace(server.owner());
        List<String> configs = new ArrayList<>();
        for (Format f : Format.values()) {
            configs.add(PlatformCalls.aiLlm(platform, ws, f.configName(), f.aiType, upstream.baseUrl() + f.endpointPath,
                    f == Format.OPENAI ? null : "sk-faulty-upstream-0123456789"));
        }
        key = GatewayWorld.key(server, PlatformCalls.repo(platform, ws, "faults", configs.toArray(String[]::new)), "faults");
        metricsBefore = Prometheus.scrape(server);
        connectionErrorsBefore = CapturedLogs.matching(VERTX_CONNECTION_LOG);
        clients = Executors.newFixedThreadPool(4, Thread.ofVirtual().factory());
        cases().map(Arguments::get).forEach(c -> {
            Case run = new Case((Fault) c[0], (Ingress) c[1], (Format) c[2], (Boolean) c[3]);
            RUNS.put(run, clients.submit(run::exchange));
        });
    }

    /**
     * Every failed call was counted as an upstream error, and none was logged again by the HTTP library as a bare
     * connection ERROR without context (as provider resets were).
     */
    @AfterAll
    static void stop() {
        try {
            assertThat(Prometheus.delta(metricsBefore, Prometheus.scrape(server), "gatehouse_upstream_errors_total"))
                    .as("upstream errors counted").isGreaterThanOrEqualTo(cases().count());
            assertThat(CapturedLogs.matching(VERTX_CONNECTION_LOG)).as("connection errors logged").isEqualTo(connectionErrorsBefore);
        } finally {
            clients.shutdownNow();
            server.close();
            upstream.close();
        }
    }

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (Fault fault : Fault.values()) {
            for (Ingress ingress : Ingress.values()) {
                for (Format format : Format.values()) {
                    for (boolean stream : new boolean[] {false, true}) {
                        cases.add(Arguments.of(fault, ingress, format, stream));
                    }
                }
            }
        }
        return cases.stream();
    }

    /** One case: a request that meets the fault, then one on the same route that the upstream answers properly. */
    record Case(Fault fault, Ingress ingress, Format format, boolean stream) {
        /** Each case's requests name their own models: the fault for the upstream, and the usage rows to check. */
        String model(boolean faulty) {
            String tag = ingress.ordinal() + "" + format.ordinal() + (stream ? "s" : "n");
            return faulty ? FaultyUpstream.model(format.model, fault, tag) : format.model + "-ok-" + fault + "-" + tag;
        }

        Exchanged exchange() {
            long sent = System.nanoTime();
            HttpResult answer = send(model(true));
            Duration took = Duration.ofNanos(System.nanoTime() - sent);
            return new Exchanged(answer, took, send(model(false)));
        }

        private HttpResult send(String model) {
            return GatewayWorld.post(server, ingress.path, key.secret(), ingress.body(model, stream),
                    "anthropic-version", "2023-06-01");
        }
    }

    /** What a case's client saw: the answer to the faulty request and how long it took, then the next answer. */
    record Exchanged(HttpResult answer, Duration took, HttpResult next) {
    }

    @ParameterizedTest(name = "{0} on {1} to {2}, stream={3}")
    @MethodSource("cases")
    void aFaultyUpstreamIsAClearErrorAndTheNextRequestIsServed(Fault fault, Ingress ingress, Format format,
                                                             boolean stream) throws Exception {
        Case run = new Case(fault, ingress, format, stream);
        Exchanged seen = RUNS.get(run).get(2, TimeUnit.MINUTES);
        HttpResult answer = seen.answer();

        assertThat(seen.took()).as("time to the end of the answer: %s", answer).isLessThan(TOTAL.plus(SLACK));
        assertClearError(ingress, stream, answer);
        assertThat(outcome(run.model(true))).as("usage outcome of %s", answer).isIn("upstream_error", "timeout");

        assertProperAnswer(ingress, stream, seen.next());
        assertThat(outcome(run.model(false))).isEqualTo("ok");
    }

    /** The outcome in the usage record of the one request for {@code model}, once written. */
    private static String outcome(String model) {
        String upstreamModel = model.substring(model.indexOf('/') + 1);
        List<String> outcomes = new ArrayList<>();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> {
            outcomes.clear();
            GatewayWorld.query(server, "SELECT outcome FROM usage_event WHERE llm_model = ?", upstreamModel)
                    .forEach(row -> outcomes.add(row.get("outcome").toString()));
            return !outcomes.isEmpty();
        });
        assertThat(outcomes).as("usage records of " + model).hasSize(1);
        return outcomes.getFirst();
    }

    /** A non-200 in the ingress's error shape, or (a stream already started) a stream whose last event is an error. */
    private static void assertClearError(Ingress ingress, boolean stream, HttpResult answer) throws Exception {
        assertThat(answer.body()).as("nothing of an exception").doesNotContain("Exception").doesNotContain("at io.");
        if (answer.status() != 200) {
            assertThat(answer.status()).as(answer.toString()).isIn(502, 504);
            assertErrorShape(ingress, JSON.readTree(answer.body()), answer);
            return;
        }
        assertThat(stream).as("a 200 to a request that did not stream: %s", answer).isTrue();
        assertThat(answer.header("content-type")).startsWith("text/event-stream");
        List<String> events = events(answer.body());
        assertThat(events).as(answer.toString()).isNotEmpty();
        String last = events.getLast();
        if (ingress == Ingress.CHAT_COMPLETIONS) {
            assertThat(answer.body()).doesNotContain("[DONE]");
            assertThat(last).as(answer.toString()).startsWith("data: {\"error\":");
            assertErrorShape(ingress, JSON.readTree(last.substring("data: ".length())), answer);
        } else {
            assertThat(answer.body()).doesNotContain("message_stop");
            assertThat(last).as(answer.toString()).startsWith("event: error\ndata: ");
            assertErrorShape(ingress, JSON.readTree(last.substring(last.indexOf("data: ") + "data: ".length())), answer);
        }
    }

    private static void assertErrorShape(Ingress ingress, JsonNode error, HttpResult answer) {
        if (ingress == Ingress.CHAT_COMPLETIONS) {
            assertThat(error.path("error").path("message").asText()).as(answer.toString()).isNotBlank();
            assertThat(error.path("error").path("type").asText()).as(answer.toString()).isNotBlank();
        } else {
            assertThat(error.path("type").asText()).as(answer.toString()).isEqualTo("error");
            assertThat(error.path("error").path("type").asText()).as(answer.toString()).isNotBlank();
            assertThat(error.path("error").path("message").asText()).as(answer.toString()).isNotBlank();
        }
    }

    private static void assertProperAnswer(Ingress ingress, boolean stream, HttpResult answer) throws Exception {
        assertThat(answer.status()).as("the next request: %s", answer).isEqualTo(200);
        if (!stream) {
            JsonNode body = JSON.readTree(answer.body());
            assertThat(body.has(ingress == Ingress.CHAT_COMPLETIONS ? "choices" : "content")).as(answer.toString()).isTrue();
        } else if (ingress == Ingress.CHAT_COMPLETIONS) {
            assertThat(answer.body()).as(answer.toString()).endsWith("data: [DONE]\n\n");
        } else {
            assertThat(answer.body()).as(answer.toString()).contains("event: message_stop");
        }
    }

    /** The stream's events (blank-line separated), without empty ones. */
    private static List<String> events(String body) {
        return java.util.Arrays.stream(body.replace("\r\n", "\n").split("\n\n")).map(String::strip)
                .filter(e -> !e.isEmpty() && !e.startsWith(":")).toList();
    }

    /** What the upstream sends when it behaves: a recorded answer in the format its path asks for. */
    private static String properAnswer(String path, boolean stream) {
        String format = path.contains("/chat/completions") ? "openai" : path.contains("/messages") ? "anthropic" : "gemini";
        String name = switch (format) {
            case "openai" -> stream ? "02-tools-stream.sse" : "01-chat-basic.response.json";
            default -> stream ? "02-tools-stream.sse" : "01-basic.response.json";
        };
        try (InputStream in = UpstreamFaultTest.class.getResourceAsStream("/wire/" + format + "/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
