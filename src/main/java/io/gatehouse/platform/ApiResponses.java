package io.gatehouse.platform;

import io.gatehouse.model.InvalidValueException;
import io.gatehouse.store.SqlErrors;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** Writes Platform API answers: JSON, never cached, errors as {@code {success:false, message, error_code}}. */
public final class ApiResponses {
    private static final Logger log = LoggerFactory.getLogger(ApiResponses.class);
    private static final int STORE_RETRY_AFTER_SECONDS = 5;

    private ApiResponses() {
    }

    public static void send(RoutingContext ctx, int status, Object body) {
        HttpServerResponse response = ctx.response();
        if (response.ended() || response.closed()) {
            return;
        }
        response.setStatusCode(status)
                .putHeader("Content-Type", "application/json; charset=utf-8")
                .putHeader("Cache-Control", "no-store")
                .putHeader("X-Content-Type-Options", "nosniff")
                .end(Json.write(body));
    }

    public static void error(RoutingContext ctx, Throwable failure) {
        if (failure instanceof InvalidValueException invalid) {
            failure = invalid.malformed() ? ApiException.badRequest(invalid.getMessage()) : ApiException.invalid(invalid.getMessage());
        }
        if (failure instanceof ApiException api) {
            if (api.retryAfterSeconds() != null) {
                ctx.response().putHeader("Retry-After", Integer.toString(api.retryAfterSeconds()));
            }
            Map<String, Object> body = body(api.getMessage(), api.errorCode());
            body.putAll(api.details());
            send(ctx, api.status(), body);
            return;
        }
        if (SqlErrors.isStoreUnavailable(failure)) {
            // Expected while the store is away (the gateway keeps serving from its snapshot): no stack trace.
            log.warn("Platform API {} {} answered 503: the store is unreachable ({})", ctx.request().method(),
                    ctx.request().path(), failure.toString());
            ctx.response().putHeader("Retry-After", Integer.toString(STORE_RETRY_AFTER_SECONDS));
            send(ctx, 503, body("The store is unreachable; try again shortly", "store_unavailable"));
            return;
        }
        // Unexpected: log it under a reference the caller can quote, and tell the caller nothing more.
        String reference = UUID.randomUUID().toString().substring(0, 8);
        log.error("Platform API failure on {} {} (reference {})", ctx.request().method(), ctx.request().path(), reference, failure);
        send(ctx, 500, body("Internal error (reference " + reference + ")", "internal_error"));
    }

    public static Map<String, Object> body(String message, String errorCode) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("success", false);
        body.put("message", message);
        body.put("error_code", errorCode);
        return body;
    }
}
