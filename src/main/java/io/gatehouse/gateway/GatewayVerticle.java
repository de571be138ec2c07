package io.gatehouse.gateway;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;

import java.time.Duration;

/**
 * One instance of the data-plane listener; Gatehouse deploys one per core, all sharing the port. Requests are
 * dispatched as plain code on the event loop, which must never block.
 */
public final class GatewayVerticle extends VerticleBase {
    private final String host;
    private final int port;
    private final Readiness readiness;
    private HttpServer server;

    public GatewayVerticle(String host, int port, Readiness readiness) {
        this.host = host;
        this.port = port;
        this.readiness = readiness;
    }

    @Override
    public Future<?> start() {
        HttpServerOptions options = new HttpServerOptions()
                .setHost(host)
                .setPort(port)
                .setTcpNoDelay(true)
                .setMaxHeaderSize(16 * 1024)
                .setMaxInitialLineLength(8 * 1024)
                .setCompressionSupported(false);
        server = vertx.createHttpServer(options).requestHandler(this::handle);
        return server.listen();
    }

    public int actualPort() {
        return server.actualPort();
    }

    /** Stops accepting connections and lets in-flight requests and streams finish, up to the timeout. */
    public Future<Void> drain(Duration timeout) {
        return server.shutdown(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    private void handle(HttpServerRequest request) {
        String path = request.path();
        switch (path) {
            case "/healthz" -> request.response()
                    .putHeader("Content-Type", "application/json")
                    .end("{\"status\":\"ok\"}");
            case "/readyz" -> request.response()
                    .setStatusCode(readiness.isReady() ? 200 : 503)
                    .putHeader("Content-Type", "application/json")
                    .end("{\"status\":\"" + readiness.state() + "\"}");
            default -> request.response()
                    .setStatusCode(404)
                    .putHeader("Content-Type", "application/json")
                    .end("{\"error\":{\"message\":\"Unknown path " + jsonSafe(path)
                            + "\",\"type\":\"invalid_request_error\",\"param\":null,\"code\":\"not_found\"}}");
        }
    }

    private static String jsonSafe(String s) {
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c >= 0x20 && c < 0x7f) {
                sb.append(c);
            }
            if (sb.length() > 200) {
                break;
            }
        }
        return sb.toString();
    }
}
