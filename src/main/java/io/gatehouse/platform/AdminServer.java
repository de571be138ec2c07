package io.gatehouse.platform;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.gatehouse.guard.ErrorShape;
import io.gatehouse.guard.ListenerGuard;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * The control-plane listener (default {@code 127.0.0.1:8081}): the Platform API resources, {@code /openapi.json},
 * and whatever else is mounted on it (metrics, the web console). Bodies are limited to 1 MiB; unknown paths,
 * wrong methods and oversized bodies get the same JSON error envelope as everything else.
 */
public final class AdminServer {
    public static final long MAX_BODY_BYTES = 1024 * 1024;
    private static final Logger log = LoggerFactory.getLogger(AdminServer.class);

    /** The Platform API's error shape for answers outside the router (timeouts, malformed requests). */
    public static final ErrorShape ERRORS = (path, status, code, message) ->
            Json.write(ApiResponses.body(message, code)).getBytes(StandardCharsets.UTF_8);

    private final Vertx vertx;
    private final Router router;
    private final ApiRoutes routes;
    private HttpServer server;

    /**
     * @param afterWrite run on the operation's thread after each successful change (non-GET), before the answer: the
     *                   gateway refreshes its snapshot there, so a revoked key fails on this node's next request
     */
    public AdminServer(Vertx vertx, Authenticator authenticator, Executor executor, List<ApiResource> resources,
                       List<Consumer<Router>> mounts, Runnable afterWrite) {
        this.vertx = vertx;
        this.router = Router.router(vertx);
        router.route().handler(BodyHandler.create(false).setBodyLimit(MAX_BODY_BYTES)).failureHandler(AdminServer::bodyUnread);
        this.routes = new ApiRoutes(router, authenticator, executor, afterWrite);
        resources.forEach(r -> r.register(routes));
        byte[] openApi = openApiDocument();
        router.get("/openapi.json").handler(ctx -> ctx.response()
                .putHeader("Content-Type", "application/json")
                .end(io.vertx.core.buffer.Buffer.buffer(openApi)));
        mounts.forEach(m -> m.accept(router));
        router.errorHandler(401, ctx -> ApiResponses.send(ctx, 401,
                ApiResponses.body("Authentication required: send Authorization: Bearer <token>", "unauthorized")));
        router.errorHandler(404, ctx -> ApiResponses.send(ctx, 404,
                ApiResponses.body("No such endpoint: " + ctx.request().method() + " " + ctx.request().path(), "not_found")));
        router.errorHandler(405, ctx -> ApiResponses.send(ctx, 405,
                ApiResponses.body("Method " + ctx.request().method() + " is not allowed on " + ctx.request().path(), "method_not_allowed")));
        router.errorHandler(413, ctx -> ApiResponses.send(ctx, 413,
                ApiResponses.body("The body is larger than " + MAX_BODY_BYTES / 1024 + " KiB", "payload_too_large")));
        router.errorHandler(400, ctx -> ApiResponses.send(ctx, 400, ApiResponses.body("Bad request", "bad_request")));
        router.errorHandler(500, ctx -> ApiResponses.error(ctx, ctx.failure() == null ? new IllegalStateException("unknown") : ctx.failure()));
    }

    /**
     * A failure before the request was read to its end (a malformed chunk, the client gone mid-body) is the client's
     * doing: one line, no stack trace, and a 400 when the client is still there. Later failures go on to the usual
     * handling.
     */
    private static void bodyUnread(RoutingContext ctx) {
        if (ctx.request().isEnded() || ctx.failure() == null) {
            ctx.next();
            return;
        }
        log.debug("Request body of {} {} not read: {}", ctx.request().method(), ctx.request().path(),
                String.valueOf(ctx.failure()));
        ApiResponses.send(ctx, 400, ApiResponses.body("The request body could not be read: it is malformed or was cut"
                + " off.", "bad_request"));
    }

    /** @param guard the listener's connection caps and timeouts (they time HTTP/1.1, so cleartext HTTP/2 is off) */
    public Future<HttpServer> listen(String host, int port, ListenerGuard guard) {
        HttpServerOptions options = new HttpServerOptions().setHost(host).setPort(port).setTcpNoDelay(true)
                .setMaxHeaderSize(16 * 1024).setHttp2ClearTextEnabled(false);
        server = guard.attach(vertx.createHttpServer(options)).requestHandler(router);
        return server.listen();
    }

    public int actualPort() {
        return server.actualPort();
    }

    public Future<Void> drain(Duration timeout) {
        return server == null ? Future.succeededFuture() : server.shutdown(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    /** The operations registered, for the test that keeps {@code /openapi.json} true. */
    public List<ApiRoutes.Operation> operations() {
        return routes.operations();
    }

    /** The API description, kept as YAML in the sources (easier to review) and served as JSON. */
    public static byte[] openApiDocument() {
        try (InputStream in = AdminServer.class.getResourceAsStream("/openapi.yaml")) {
            if (in == null) {
                throw new IllegalStateException("openapi.yaml is missing from the classpath");
            }
            return Json.MAPPER.writeValueAsBytes(new ObjectMapper(new YAMLFactory()).readTree(in));
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read openapi.yaml", e);
        }
    }
}
