package io.gatehouse.gateway;

import io.gatehouse.gateway.snapshot.KeyEntry;
import io.gatehouse.gateway.snapshot.Route;
import io.gatehouse.provider.GatewayError;
import io.gatehouse.provider.Usage;
import io.gatehouse.usage.UsageRecord;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One client request on its way through the pipeline: what the stages found out (key, body, model, routes), the
 * current upstream attempt, and how it ended. Every exchange that got past authentication ends in exactly one
 * {@link UsageRecord}. Event-loop confined.
 */
final class Exchange {
    static final String JSON = "application/json";

    final Api api;
    final HttpServerRequest request;
    final HttpServerResponse response;
    final long startNanos = System.nanoTime();
    final long startMillis = System.currentTimeMillis();

    KeyEntry key;
    byte[] body;
    /** The client's request, peeked or parsed, as the endpoint needs it. */
    RequestFacts facts;
    List<Route> routes;
    Route route;
    /** The upstream request in flight, to cancel it. */
    HttpClientRequest upstream;
    Usage usage;
    int status;
    String outcome = "ok";
    boolean streamed;
    boolean clientGone;
    private boolean recorded;

    Exchange(Api api, HttpServerRequest request) {
        this.api = api;
        this.request = request;
        this.response = request.response();
    }

    ClientDialect dialect() {
        return api.dialect;
    }

    /** Whether the client can still be given a status and headers. */
    boolean canAnswer() {
        return !clientGone && !response.headWritten() && !response.ended();
    }

    /** Answers with an error in the client's dialect (when nothing was sent yet). */
    void fail(GatewayError error, String outcome) {
        this.status = error.status();
        this.outcome = outcome;
        if (canAnswer()) {
            response.setStatusCode(error.status()).putHeader("content-type", JSON);
            for (Map.Entry<String, String> h : error.headers().entrySet()) {
                response.putHeader(h.getKey(), h.getValue());
            }
            response.end(Buffer.buffer(dialect().errorBody(error)));
        }
    }

    void answer(int status, Buffer body) {
        this.status = status;
        if (canAnswer()) {
            response.setStatusCode(status).putHeader("content-type", JSON).end(body);
        }
    }

    /** Hands the usage record to the recorder, once; exchanges without a key (401) are not metered. */
    void record(GatewayContext context) {
        if (recorded || key == null) {
            return;
        }
        recorded = true;
        var repo = key.repo();
        var upstream = route == null ? null : route.upstream();
        context.usage().accept(new UsageRecord(Instant.ofEpochMilli(startMillis), repo.orgId(), repo.workspaceId(), repo.id(),
                upstream == null ? null : upstream.id(), key.id(), upstream == null ? null : upstream.aiType().name(),
                shorten(route == null ? (facts == null ? null : facts.model()) : route.upstreamModel()),
                upstream == null ? null : upstream.endpoint().host(),
                usage == null ? 0 : usage.promptTokens(), usage == null ? 0 : usage.completionTokens(), 0, 0,
                status, outcome, streamed, (System.nanoTime() - startNanos) / 1_000_000, 0, 0, 0, 0, 0, 0));
    }

    /** Model names are the client's: keep what the store's column holds. */
    private static String shorten(String model) {
        return model == null || model.length() <= 200 ? model : model.substring(0, 200);
    }
}
