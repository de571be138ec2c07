package io.gatehouse.gateway;

import io.gatehouse.gateway.snapshot.KeyEntry;
import io.gatehouse.gateway.snapshot.Route;
import io.gatehouse.policy.PolicySet;
import io.gatehouse.policy.PolicyTally;
import io.gatehouse.provider.GatewayError;
import io.gatehouse.provider.Usage;
import io.gatehouse.usage.UsageRecord;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One client request on its way through the pipeline: what the stages found out (key, body, model, routes), the
 * current upstream attempt, and how it ended. Every exchange that got past authentication ends in exactly one
 * {@link UsageRecord}, written once the policy work still running for it (an asynchronous judge, a buffered stream's
 * verdict) is done. Event-loop confined.
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
    /** The repository's policies ({@link PolicySet#NONE} until the input policies stage ran) and what they found. */
    PolicySet policies = PolicySet.NONE;
    final PolicyTally policyTally = new PolicyTally();
    private final List<Future<?>> policyWork = new ArrayList<>();
    private String requestId;
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

    /** The client's {@code x-request-id} when it sent a usable one, else a new id; stored as the conversation id. */
    String requestId() {
        if (requestId == null) {
            String sent = request.getHeader("x-request-id");
            requestId = sent != null && !sent.isBlank() && sent.length() <= 64 ? sent : UUID.randomUUID().toString();
        }
        return requestId;
    }

    /** Policy work the usage record waits for (it runs off the request path; the client does not wait). */
    void awaitPolicyWork(Future<?> work) {
        policyWork.add(work);
    }

    /** Hands the usage record to the recorder, once; exchanges without a key (401) are not metered. */
    void record(GatewayContext context) {
        if (recorded || key == null) {
            return;
        }
        recorded = true;
        long latencyMs = (System.nanoTime() - startNanos) / 1_000_000;
        if (policyWork.isEmpty()) {
            write(context, latencyMs);
        } else {
            Future.join(policyWork).onComplete(done -> write(context, latencyMs));
        }
    }

    private void write(GatewayContext context, long latencyMs) {
        var repo = key.repo();
        var upstream = route == null ? null : route.upstream();
        context.usage().accept(new UsageRecord(Instant.ofEpochMilli(startMillis), repo.orgId(), repo.workspaceId(), repo.id(),
                upstream == null ? null : upstream.id(), key.id(), upstream == null ? null : upstream.aiType().name(),
                shorten(route == null ? (facts == null ? null : facts.model()) : route.upstreamModel()),
                upstream == null ? null : upstream.endpoint().host(),
                usage == null ? 0 : usage.promptTokens(), usage == null ? 0 : usage.completionTokens(),
                policyTally.judgeTokensIn(), policyTally.judgeTokensOut(), status, outcome, streamed, latencyMs,
                policyTally.violations(), policyTally.alerts(), policyTally.blocks(), policyTally.severityLow(),
                policyTally.severityMedium(), policyTally.severityHigh()));
    }

    /** Model names are the client's: keep what the store's column holds. */
    private static String shorten(String model) {
        return model == null || model.length() <= 200 ? model : model.substring(0, 200);
    }
}
