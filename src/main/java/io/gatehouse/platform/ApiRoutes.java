package io.gatehouse.platform;

import io.vertx.core.Context;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/**
 * Registers Platform API operations on the admin router. Each operation is written as plain blocking code:
 * the event loop hands it to a virtual thread with the request already read, and writes the answer back.
 * Paths are written OpenAPI-style ({@code /workspace/{id}}) so the route table and {@code /openapi.json}
 * can be compared by a test.
 */
public final class ApiRoutes {
    private static final Logger log = LoggerFactory.getLogger(ApiRoutes.class);

    /** One registered operation, as listed for the OpenAPI check. */
    public record Operation(String method, String path, boolean authenticated) {
    }

    private final Router router;
    private final Authenticator authenticator;
    private final Executor executor;
    private final List<Operation> operations = new ArrayList<>();

    public ApiRoutes(Router router, Authenticator authenticator, Executor executor, Runnable afterWrite) {
        this.afterWrite = afterWrite;
        this.router = router;
        this.authenticator = authenticator;
        this.executor = executor;
    }

    public void get(String path, ApiHandler handler) {
        add(HttpMethod.GET, path, handler, true);
    }

    public void post(String path, ApiHandler handler) {
        add(HttpMethod.POST, path, handler, true);
    }

    public void put(String path, ApiHandler handler) {
        add(HttpMethod.PUT, path, handler, true);
    }

    public void delete(String path, ApiHandler handler) {
        add(HttpMethod.DELETE, path, handler, true);
    }

    /** An operation that needs no token (login, refresh). */
    public void publicPost(String path, ApiHandler handler) {
        add(HttpMethod.POST, path, handler, false);
    }

    private final Runnable afterWrite;

    public List<Operation> operations() {
        return List.copyOf(operations);
    }

    private void add(HttpMethod method, String path, ApiHandler handler, boolean authenticated) {
        operations.add(new Operation(method.name(), path, authenticated));
        router.route(method, path.replaceAll("\\{([^}]+)}", ":$1"))
                .handler(ctx -> dispatch(ctx, handler, authenticated));
    }

    private void dispatch(RoutingContext ctx, ApiHandler handler, boolean authenticated) {
        if (ctx.body().length() > 0 && !isJson(ctx.request().getHeader(HttpHeaders.CONTENT_TYPE))) {
            ApiResponses.error(ctx, new ApiException(415, "unsupported_media_type", "Content-Type must be application/json"));
            return;
        }
        Context context = ctx.vertx().getOrCreateContext();
        try {
            executor.execute(() -> {
                Reply reply = null;
                Throwable failure = null;
                try {
                    Principal principal = null;
                    if (authenticated) {
                        principal = authenticator.authenticate(ctx.request().getHeader(HttpHeaders.AUTHORIZATION),
                                ApiRequest.sourceAddress(ctx));
                    }
                    reply = handler.handle(new ApiRequest(ctx, principal));
                    if (ctx.request().method() != HttpMethod.GET) {
                        afterWrite.run();
                    }
                } catch (Throwable t) {
                    failure = t;
                }
                Reply answer = reply;
                Throwable error = failure;
                if (error == null && answer.events() != null) {
                    stream(ctx, context, answer.events());
                    return;
                }
                context.runOnContext(v -> {
                    if (error != null) {
                        ApiResponses.error(ctx, error);
                    } else {
                        ApiResponses.send(ctx, answer.status(), answer.body());
                    }
                });
            });
        } catch (RejectedExecutionException e) {
            log.warn("Platform API executor is shut down; refusing {} {}", ctx.request().method(), ctx.request().path());
            ApiResponses.send(ctx, 503, Map.of("success", false, "message", "Shutting down", "error_code", "unavailable"));
        }
    }

    /**
     * Sends the events as they are produced (this runs on the operation's virtual thread; writes go through the
     * request's context, in order). A failure after the headers went out ends the stream with an error event.
     */
    private static void stream(RoutingContext ctx, Context context, Reply.EventStream events) {
        context.runOnContext(v -> ctx.response().setStatusCode(200).setChunked(true)
                .putHeader(HttpHeaders.CONTENT_TYPE, "text/event-stream").putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                .writeHead());
        java.util.function.Consumer<Object> emit = event -> {
            String frame = "data: " + Json.write(event) + "\n\n";
            context.runOnContext(v -> {
                if (!ctx.response().closed()) {
                    ctx.response().write(frame);
                }
            });
        };
        try {
            events.run(emit);
        } catch (Throwable t) {
            ApiException api = t instanceof ApiException e ? e : null;
            if (api == null) {
                log.error("Platform API stream {} {} failed", ctx.request().method(), ctx.request().path(), t);
            }
            emit.accept(Map.of("type", "error", "message", api == null ? "Internal error" : api.getMessage(),
                    "error_code", api == null ? "internal_error" : api.errorCode()));
        }
        context.runOnContext(v -> {
            if (!ctx.response().closed()) {
                ctx.response().end();
            }
        });
    }

    private static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        String mime = contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return mime.equals("application/json") || mime.endsWith("+json");
    }
}
