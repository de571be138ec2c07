package io.gatehouse.guard;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatehouse.testing.CapturedLogs;
import io.gatehouse.testing.GatewayWorld;
import io.gatehouse.testing.HttpResult;
import io.gatehouse.testing.PlatformCalls;
import io.gatehouse.testing.Prometheus;
import io.gatehouse.testing.TestServer;
import io.gatehouse.testing.fake.FakeOpenAi;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Both listeners against clients that hold connections: raw sockets on the real server, with timeouts of a few
 * hundred milliseconds. A stream whose provider pauses longer than every timeout still arrives whole.
 */
class ListenerGuardTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String KEY = "sk-fake-openai-key-0123456789";
    static final long HEADER_MS = 300;
    static final long IDLE_MS = 1000;

    static FakeOpenAi openai;
    static TestServer server;
    static GatewayWorld.Key key;

    @BeforeAll
    static void start() {
        openai = new FakeOpenAi(KEY);
        Map<String, String> settings = new HashMap<>(GatewayWorld.settings());
        for (String listener : List.of("gateway", "admin")) {
            settings.put(listener + ".listener.timeout.header", HEADER_MS + "ms");
            settings.put(listener + ".listener.timeout.body", "300ms");
            settings.put(listener + ".listener.timeout.idle", IDLE_MS + "ms");
        }
        server = TestServer.start(settings);
        var api = server.owner().api();
        String ws = server.defaultWorkspace(server.owner());
        String cfg = PlatformCalls.aiLlm(api, ws, "oa", "OPENAI", openai.endpoint(), KEY);
        PlatformCalls.validate(api, cfg);
        key = GatewayWorld.key(server, PlatformCalls.repo(api, ws, "guarded", cfg), "guarded");
    }

    @AfterAll
    static void stop() {
        server.close();
        openai.close();
    }

    @Test
    void aPartialRequestHeadIsClosedAfterTheHeaderTimeout() throws IOException {
        for (int port : new int[] {server.node().gatewayPort(), server.node().adminPort()}) {
            String listener = port == server.node().gatewayPort() ? "gateway" : "admin";
            String before = Prometheus.scrape(server);
            try (Socket partial = connect(port, "127.0.0.1"); Socket silent = connect(port, "127.0.0.1")) {
                long started = System.nanoTime();
                send(partial, "POST /v1/chat/completions HTTP/1.1\r\nHost: gatehouse\r\nContent-Ty");
                assertThat(readUntilClosed(partial)).isEmpty();
                assertThat(elapsedMs(started)).isBetween(HEADER_MS - 50, IDLE_MS - 1);
                // Connected and said nothing: its first request's head is overdue just the same.
                assertThat(readUntilClosed(silent)).isEmpty();
                assertThat(elapsedMs(started)).isLessThan(IDLE_MS);
            }
            awaitCount(before, "gatehouse_listener_connections_timed_out_total", 2, "listener", listener, "timeout", "header");
        }
    }

    @Test
    void aStalledBodyGets408InTheListenersShapeAndTheConnectionCloses() throws IOException {
        String before = Prometheus.scrape(server);
        String openAi = stallBody(server.node().gatewayPort(), "/v1/chat/completions", "Bearer " + key.secret());
        assertThat(openAi).startsWith("HTTP/1.1 408");
        assertThat(body(openAi).path("error").path("code").asText()).isEqualTo("request_timeout");

        String anthropic = stallBody(server.node().gatewayPort(), "/anthropic/v1/messages", "Bearer " + key.secret());
        assertThat(anthropic).startsWith("HTTP/1.1 408");
        assertThat(body(anthropic).path("type").asText()).isEqualTo("error");
        assertThat(body(anthropic).path("error").path("type").asText()).isEqualTo("invalid_request_error");

        String admin = stallBody(server.node().adminPort(), "/user/login", null);
        assertThat(admin).startsWith("HTTP/1.1 408");
        assertThat(body(admin).path("success").asBoolean(true)).isFalse();
        assertThat(body(admin).path("error_code").asText()).isEqualTo("request_timeout");

        awaitCount(before, "gatehouse_listener_connections_timed_out_total", 2, "listener", "gateway", "timeout", "body");
        awaitCount(before, "gatehouse_listener_connections_timed_out_total", 1, "listener", "admin", "timeout", "body");
    }

    @Test
    void aConnectionIdleBetweenRequestsIsClosedAfterTheIdleTimeout() throws IOException {
        for (int port : new int[] {server.node().gatewayPort(), server.node().adminPort()}) {
            String listener = port == server.node().gatewayPort() ? "gateway" : "admin";
            String before = Prometheus.scrape(server);
            try (Socket used = connect(port, "127.0.0.1")) {
                send(used, "GET /healthz HTTP/1.1\r\nHost: gatehouse\r\n\r\n");
                long started = System.nanoTime();
                assertThat(readUntilClosed(used)).startsWith("HTTP/1.1 ");
                assertThat(elapsedMs(started)).isGreaterThanOrEqualTo(IDLE_MS - 100);
            }
            // At least: this test's own HTTP client keeps pooled connections that go the same way.
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(Prometheus.delta(before,
                    Prometheus.scrape(server), "gatehouse_listener_connections_timed_out_total", "listener", listener,
                    "timeout", "idle")).isGreaterThanOrEqualTo(1));
        }
    }

    @Test
    void aStreamThatPausesLongerThanEveryTimeoutArrivesWhole() throws IOException {
        openai.delay(Duration.ofMillis(IDLE_MS + 200));
        openai.streamGap(Duration.ofMillis(IDLE_MS + 200));
        String before = Prometheus.scrape(server);
        try (Socket socket = connect(server.node().gatewayPort(), "127.0.0.1")) {
            socket.setSoTimeout(30_000);
            String body = "{\"model\":\"gpt-4o\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}";
            send(socket, "POST /v1/chat/completions HTTP/1.1\r\nHost: gatehouse\r\nAuthorization: Bearer " + key.secret()
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length() + "\r\nConnection: close\r\n\r\n"
                    + body);
            String answer = readUntilClosed(socket);
            assertThat(answer).startsWith("HTTP/1.1 200").contains("fake OpenAI.").contains("data: [DONE]");
        } finally {
            openai.delay(Duration.ZERO);
            openai.streamGap(Duration.ZERO);
        }
        // Header and body timeouts only: an idle pooled connection of another caller may time out meanwhile, and a
        // stream cut by the idle timeout would already have failed the whole-answer check above.
        String after = Prometheus.scrape(server);
        for (String timeout : List.of("header", "body")) {
            assertThat(Prometheus.delta(before, after, "gatehouse_listener_connections_timed_out_total", "listener",
                    "gateway", "timeout", timeout)).isZero();
        }
    }

    @Test
    void connectionsOverTheCapsAreClosedAtOnceAndCounted() throws IOException {
        // A node of its own: connections held silent here must outlive the short timeouts of the others.
        try (TestServer capped = TestServer.start(Map.of("gateway.listener.max.connections", "5",
                "gateway.listener.max.connections.per.source", "3"))) {
            int port = capped.node().gatewayPort();
            String before = Prometheus.scrape(capped);
            List<Socket> held = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    held.add(connect(port, "127.0.0.2"));
                }
                awaitOpen(capped, 3);
                try (Socket fourth = connect(port, "127.0.0.2")) {
                    assertThat(readUntilClosed(fourth)).isEmpty();
                }
                awaitCount(capped, before, "gatehouse_listener_connections_refused_total", 1, "listener", "gateway",
                        "limit", "source");

                held.add(connect(port, "127.0.0.3"));
                held.add(connect(port, "127.0.0.3"));
                awaitOpen(capped, 5);
                try (Socket sixth = connect(port, "127.0.0.4")) {
                    assertThat(readUntilClosed(sixth)).isEmpty();
                }
                awaitCount(capped, before, "gatehouse_listener_connections_refused_total", 1, "listener", "gateway",
                        "limit", "listener");

                // Room again once one closes: the next connection is served.
                held.removeFirst().close();
                awaitOpen(capped, 4);
                try (Socket next = connect(port, "127.0.0.2")) {
                    send(next, "GET /healthz HTTP/1.1\r\nHost: gatehouse\r\nConnection: close\r\n\r\n");
                    assertThat(readUntilClosed(next)).startsWith("HTTP/1.1 200");
                }
            } finally {
                for (Socket s : held) {
                    s.close();
                }
            }
        }
    }

    private static void awaitOpen(TestServer node, int open) {
        await().atMost(Duration.ofSeconds(5)).until(() -> Prometheus.sum(Prometheus.scrape(node),
                "gatehouse_listener_connections_open", "listener", "gateway") == open);
    }

    @Test
    void tooLongHeadersAndUrisGetAJsonBodyInTheListenersShape() throws IOException {
        String bigHeader = "X-Filler: " + "a".repeat(20_000) + "\r\n";
        String gateway431 = exchange(server.node().gatewayPort(),
                "POST /anthropic/v1/messages HTTP/1.1\r\nHost: gatehouse\r\n" + bigHeader + "\r\n");
        assertThat(gateway431).startsWith("HTTP/1.1 431");
        assertThat(body(gateway431).path("error").path("message").asText()).contains("headers");

        String gateway414 = exchange(server.node().gatewayPort(), "GET /v1/" + "a".repeat(10_000) + " HTTP/1.1\r\nHost: gatehouse\r\n\r\n");
        // The request line could not be read, so neither could its version: Netty answers HTTP/1.0.
        assertThat(gateway414).matches("(?s)HTTP/1\\.[01] 414 .*");
        assertThat(body(gateway414).path("error").path("code").asText()).isEqualTo("uri_too_long");

        String admin431 = exchange(server.node().adminPort(), "GET /workspace HTTP/1.1\r\nHost: gatehouse\r\n" + bigHeader + "\r\n");
        assertThat(admin431).startsWith("HTTP/1.1 431");
        assertThat(body(admin431).path("error_code").asText()).isEqualTo("headers_too_large");

        String admin414 = exchange(server.node().adminPort(), "GET /" + "a".repeat(10_000) + " HTTP/1.1\r\nHost: gatehouse\r\n\r\n");
        assertThat(admin414).matches("(?s)HTTP/1\\.[01] 414 .*");
        assertThat(body(admin414).path("success").asBoolean(true)).isFalse();
    }

    @Test
    void aMalformedChunkedBodyOrAClientLeavingMidBodyLogsNoStackTrace() throws IOException {
        int logged = CapturedLogs.all().length();
        for (int port : new int[] {server.node().gatewayPort(), server.node().adminPort()}) {
            String path = port == server.node().gatewayPort() ? "/v1/chat/completions" : "/user/login";
            String malformed = exchange(port, "POST " + path + " HTTP/1.1\r\nHost: gatehouse\r\nAuthorization: Bearer "
                    + key.secret() + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "zz-not-a-size\r\n{}\r\n0\r\n\r\n");
            assertThat(malformed).doesNotContain("Exception");

            try (Socket socket = connect(port, "127.0.0.1")) {
                send(socket, "POST " + path + " HTTP/1.1\r\nHost: gatehouse\r\nAuthorization: Bearer " + key.secret()
                        + "\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"model\":");
                socket.setSoLinger(true, 0);
            }
        }
        await().pollDelay(Duration.ofMillis(500)).atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            String since = CapturedLogs.all().substring(logged);
            assertThat(since).doesNotContain("\tat ").doesNotContain("Unhandled exception");
        });
    }

    /** Sends a head promising a body, part of the body, and then nothing: what comes back before the close. */
    private static String stallBody(int port, String path, String authorization) throws IOException {
        try (Socket socket = connect(port, "127.0.0.1")) {
            send(socket, "POST " + path + " HTTP/1.1\r\nHost: gatehouse\r\n"
                    + (authorization == null ? "" : "Authorization: " + authorization + "\r\n")
                    + "Content-Type: application/json\r\nContent-Length: 500\r\n\r\n{\"model\":\"gpt-4o\",");
            return readUntilClosed(socket);
        }
    }

    private static String exchange(int port, String request) throws IOException {
        try (Socket socket = connect(port, "127.0.0.1")) {
            send(socket, request);
            return readUntilClosed(socket);
        }
    }

    private static Socket connect(int port, String from) throws IOException {
        Socket socket = new Socket();
        socket.bind(new InetSocketAddress(from, 0));
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        // Past this a read fails the test: every connection here must be closed by the server well before.
        socket.setSoTimeout(10_000);
        return socket;
    }

    private static void send(Socket socket, String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
        socket.getOutputStream().flush();
    }

    /** Everything the server sends until it closes the connection. */
    private static String readUntilClosed(Socket socket) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
            }
        } catch (SocketException reset) {
            // Closed with a reset: the same end for the client.
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static JsonNode body(String response) throws IOException {
        return JSON.readTree(response.substring(response.indexOf("\r\n\r\n") + 4));
    }

    private static long elapsedMs(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1_000_000;
    }

    private static void awaitCount(String before, String metric, double expected, String... labels) {
        awaitCount(server, before, metric, expected, labels);
    }

    private static void awaitCount(TestServer node, String before, String metric, double expected, String... labels) {
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(
                Prometheus.delta(before, Prometheus.scrape(node), metric, labels)).isEqualTo(expected));
    }
}
