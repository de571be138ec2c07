package io.gatehouse.gateway;

import io.gatehouse.testing.GatewayWorld;
import io.gatehouse.testing.HttpResult;
import io.gatehouse.testing.PlatformCalls;
import io.gatehouse.testing.Prometheus;
import io.gatehouse.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A provider that closes a pooled connection just as the gateway sends on it (its keep-alive time ran out) did not
 * read that request: the gateway sends it again on a new connection and the client gets the answer. A connection
 * closed on its first request is a provider that got the request and failed: that is not sent twice.
 */
class StaleConnectionTest {
    private static final String ANSWER = "{\"id\":\"chatcmpl-1\",\"object\":\"chat.completion\",\"created\":1,"
            + "\"model\":\"m\",\"choices\":[{\"index\":0,\"message\":{\"role\":\"assistant\",\"content\":\"Hello\"},"
            + "\"finish_reason\":\"stop\"}],\"usage\":{\"prompt_tokens\":3,\"completion_tokens\":1,\"total_tokens\":4}}";
    private static TestServer server;
    private static KeepAliveUpstream closesSecondRequest;
    private static KeepAliveUpstream closesFirstRequest;
    private static String staleKey;
    private static String brokenKey;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        closesSecondRequest = new KeepAliveUpstream(2);
        closesFirstRequest = new KeepAliveUpstream(1);
        var platform = server.owner().api();
        String ws = server.defaultWorkspace(server.owner());
        String stale = PlatformCalls.aiLlm(platform, ws, "stale", "OTHER", closesSecondRequest.baseUrl() + "/v1", null);
        String broken = PlatformCalls.aiLlm(platform, ws, "broken", "OTHER", closesFirstRequest.baseUrl() + "/v1", null);
        staleKey = GatewayWorld.key(server, PlatformCalls.repo(platform, ws, "stale", stale), "stale").secret();
        brokenKey = GatewayWorld.key(server, PlatformCalls.repo(platform, ws, "broken", broken), "broken").secret();
    }

    @AfterAll
    static void stop() {
        server.close();
        closesSecondRequest.close();
        closesFirstRequest.close();
    }

    @Test
    void aRequestOnAPooledConnectionClosedUnderItIsSentAgainOnANewOne() {
        String before = Prometheus.scrape(server);

        HttpResult first = chat(staleKey, "stale/m");
        HttpResult second = chat(staleKey, "stale/m");

        assertThat(first.status()).isEqualTo(200);
        assertThat(second.status()).as("%s", second).isEqualTo(200);
        assertThat(second.body()).contains("Hello");
        assertThat(closesSecondRequest.connections.get()).as("a second connection for the request sent again").isEqualTo(2);
        assertThat(closesSecondRequest.requests.get()).isEqualTo(3);
        String after = Prometheus.scrape(server);
        assertThat(Prometheus.delta(before, after, "gatehouse_upstream_resent_total")).isEqualTo(1);
        assertThat(Prometheus.delta(before, after, "gatehouse_upstream_errors_total")).isZero();
    }

    @Test
    void aRequestWhoseNewConnectionClosesIsNotSentTwice() {
        HttpResult answer = chat(brokenKey, "broken/m");

        assertThat(answer.status()).isEqualTo(502);
        assertThat(answer.json().path("error").path("code").asText()).isEqualTo("upstream_unreachable");
        assertThat(closesFirstRequest.requests.get()).isEqualTo(1);
    }

    private static HttpResult chat(String key, String model) {
        return GatewayWorld.post(server, "/v1/chat/completions", key,
                "{\"model\":\"" + model + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}");
    }

    /**
     * An OpenAI-compatible provider on raw loopback sockets that keeps connections alive and, on each connection,
     * reads its {@code closeAt}-th request and closes the connection without a byte of answer, as a server whose
     * keep-alive time ran out at that instant does (or, at 1, as one that fails on the request it got).
     */
    private static final class KeepAliveUpstream implements AutoCloseable {
        final AtomicInteger connections = new AtomicInteger();
        final AtomicInteger requests = new AtomicInteger();
        private final ServerSocket socket;
        private final int closeAt;

        KeepAliveUpstream(int closeAt) {
            this.closeAt = closeAt;
            try {
                socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            Thread.ofVirtual().start(this::accept);
        }

        String baseUrl() {
            return "http://127.0.0.1:" + socket.getLocalPort();
        }

        private void accept() {
            while (!socket.isClosed()) {
                try {
                    Socket connection = socket.accept();
                    boolean first = connections.incrementAndGet() == 1;
                    Thread.ofVirtual().start(() -> serve(connection, first));
                } catch (IOException closed) {
                    return;
                }
            }
        }

        /** The first connection closes at its {@code closeAt}-th request; later ones (the resend's) answer all. */
        private void serve(Socket connection, boolean first) {
            try (connection) {
                InputStream in = connection.getInputStream();
                OutputStream out = connection.getOutputStream();
                for (int n = 1; readRequest(in); n++) {
                    requests.incrementAndGet();
                    if (n == closeAt && (first || closeAt == 1)) {
                        return;
                    }
                    byte[] body = ANSWER.getBytes(StandardCharsets.UTF_8);
                    out.write(("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: " + body.length
                            + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                    out.write(body);
                    out.flush();
                }
            } catch (IOException gone) {
                // The gateway closed its end.
            }
        }

        /** Reads one request (head and Content-Length body); false at the end of the connection. */
        private static boolean readRequest(InputStream in) throws IOException {
            StringBuilder head = new StringBuilder();
            int b;
            while ((b = in.read()) >= 0) {
                head.append((char) b);
                if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) {
                    break;
                }
            }
            if (b < 0) {
                return false;
            }
            int length = 0;
            for (String line : head.toString().split("\r\n")) {
                if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                    length = Integer.parseInt(line.substring(15).trim());
                }
            }
            in.readNBytes(length);
            return true;
        }

        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // Closing anyway.
            }
        }
    }
}
