package io.gatehouse.gateway;

import io.gatehouse.provider.JsonOut;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;

import java.nio.charset.StandardCharsets;

/**
 * {@code GET /v1/responses/{id}} (the response as it was answered) and {@code DELETE /v1/responses/{id}}
 * ({@code {"id","object":"response","deleted":true}}), in OpenAI's shapes, for responses the key's repository kept;
 * any other id — never kept, deleted, past retention, or another repository's — is a 404. The store is read off the
 * event loop.
 */
final class StoredResponseEndpoint {
    private static final String PREFIX = "/v1/responses/";

    private StoredResponseEndpoint() {
    }

    static boolean serves(String path) {
        return path.startsWith(PREFIX) && path.length() > PREFIX.length() && path.indexOf('/', PREFIX.length()) < 0;
    }

    static void answer(Exchange ex, GatewayContext context) {
        String id = ex.request.path().substring(PREFIX.length());
        String repo = ex.key.repo().id();
        boolean delete = ex.request.method() == HttpMethod.DELETE;
        Vertx.currentContext().executeBlocking(() -> delete
                ? (context.responses().delete(repo, id) ? deleted(id) : null)
                : found(context.responses().find(repo, id)), false).onComplete(done -> {
            if (done.failed()) {
                GatewayErrors.log(ex.requestId(), done.cause());
                ex.fail(GatewayErrors.internal(ex.requestId()), "gateway_error");
            } else if (done.result() == null) {
                ex.fail(GatewayErrors.noSuchResponse(id, null), "client_error");
            } else {
                ex.answer(200, Buffer.buffer(done.result()));
            }
            ex.record(context);
        });
    }

    private static byte[] found(ResponseStore.Stored stored) {
        return stored == null ? null : stored.response().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] deleted(String id) {
        return new JsonOut(64).raw("{\"id\":").string(id).raw(",\"object\":\"response\",\"deleted\":true}").take();
    }
}
