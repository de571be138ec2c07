package io.gatehouse.gateway;

import io.gatehouse.gateway.snapshot.KeyEntry;
import io.gatehouse.gateway.snapshot.ModelRouter;
import io.gatehouse.limit.Reservation;
import io.gatehouse.model.price.Cost;
import io.gatehouse.model.price.CostCalculator;
import io.gatehouse.model.price.PriceTable;
import io.gatehouse.model.price.TokenCounts;
import io.gatehouse.route.Route;
import io.gatehouse.policy.PolicySet;
import io.gatehouse.policy.PolicyTally;
import io.gatehouse.route.Upstream;
import io.gatehouse.observe.FinishReasons;
import io.gatehouse.observe.GatewayObserver;
import io.gatehouse.observe.GenAiSpan;
import io.gatehouse.observe.RequestEnd;
import io.gatehouse.observe.RequestSpan;
import io.gatehouse.provider.GatewayError;
import io.gatehouse.provider.ProviderJson;
import io.gatehouse.provider.Usage;
import io.gatehouse.usage.UsageRecord;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One client request on its way through the pipeline: what the stages found out (key, body, model, routes), the
 * current upstream attempt, and how it ended. Every exchange ends in exactly one {@link UsageRecord}, handed to the
 * usage recorder when the request had a key and reported to the {@link GatewayObserver} in any case (metrics,
 * span, access log) — once the policy work still running for it (an asynchronous judge, a buffered stream's
 * verdict) is done. Event-loop confined.
 */
final class Exchange {
    static final String JSON = "application/json";
    /** Prices usage records, and the money budgets' estimates ({@link EnforceLimits}). */
    static final CostCalculator COSTS = new CostCalculator(PriceTable.shipped());

    final Api api;
    final HttpServerRequest request;
    final HttpServerResponse response;
    final long startNanos = System.nanoTime();
    final long startMillis = System.currentTimeMillis();

    KeyEntry key;
    /** The model a Gemini-native path names ({@code models/{model}:…}); null on the other ingresses. */
    String pathModel;
    /** A Gemini stream asked for without {@code alt=sse}: sent as one JSON array rather than as SSE; else null. */
    JsonArrayStream jsonArray;
    byte[] body;
    /** The client's request, peeked or parsed, as the endpoint needs it. */
    RequestFacts facts;
    /** The end user and the conversation the request named ({@link ReadAttribution}), or null. */
    String userId;
    String conversationId;
    /** The Responses API's part: its request, and how answers are reshaped and kept; null on other endpoints. */
    ResponsesExchange responses;
    List<Route> routes;
    /** The route of the provider call under way or made last; null until one is made. */
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
    /** This request's id ({@link RequestId}), echoed to the client from the start. */
    private final String requestId;
    /** The tokens reserved under the key's limits, settled with the provider's usage when the exchange is recorded. */
    Reservation limitReservation = Reservation.NONE;
    /** The request's text (see {@link #requestText}) and the facts it was read from. */
    private PolicyText requestText;
    private RequestFacts requestTextOf;
    /** The kind of error the client was sent ({@code rate_limited}, …), for the access log. */
    String errorKind;
    private boolean recorded;
    private RequestSpan span;
    /** The current provider call's span, when the request's span is recorded. */
    private GenAiSpan call;
    private FinishReasons finishReasons;
    /** When the current provider call was sent (0: none waiting), and the time waited on providers so far. */
    private long waitingSince;
    private long upstreamNanos;
    private long firstChunkNanos = -1;
    /** What was sent back, kept only when the access log logs bodies. */
    private StringBuilder completion;
    private int maxBodyChars;

    Exchange(Api api, HttpServerRequest request) {
        this.api = api;
        this.request = request;
        this.response = request.response();
        this.requestId = RequestId.of(request.getHeader(RequestId.HEADER));
        response.putHeader(RequestId.HEADER, requestId);
    }

    /**
     * The request's text as the model reads it, for the limits' token estimate and the input policies: read once from
     * the request's tree, again only when the facts are replaced (after a redaction).
     */
    PolicyText requestText() {
        if (requestTextOf != facts) {
            requestText = PolicyText.request(api.readAs(), facts.tree());
            requestTextOf = facts;
        }
        return requestText;
    }

    /** Starts observing: the request's span, and a place for the answer when the access log keeps bodies. */
    void observe(GatewayObserver observer) {
        span = observer.startRequest(request.method().name(), api.path, request::getHeader).requestId(requestId);
        if (observer.logsBodies()) {
            maxBodyChars = observer.maxBodyChars();
            completion = new StringBuilder();
        }
    }

    /** A provider call is sent: the wait on the provider starts, and (when traced) its GenAI span. */
    void callStarted() {
        callEnded(null);
        waitingSince = System.nanoTime();
        if (span.recording()) {
            Upstream upstream = route.upstream();
            call = span.startCall(api.purpose == ModelRouter.Purpose.EMBEDDINGS ? "embeddings" : "chat",
                            upstream.adapter().genAiSystem(), route.upstreamModel(),
                            upstream.endpoint().host(), upstream.endpoint().port())
                    .aiLlm(upstream.id()).requestParameters(null, null, null, facts.stream());
            finishReasons = new FinishReasons();
        }
    }

    /** Passes the trace on to the provider: the current call's trace context as request headers (when traced). */
    void propagateTrace(RequestOptions options) {
        if (call != null) {
            call.propagate(options::putHeader);
        }
    }

    /** The provider's answer is all in (or it failed): the wait on the provider stops; what follows is ours. */
    void upstreamDone() {
        if (waitingSince != 0) {
            upstreamNanos += System.nanoTime() - waitingSince;
            waitingSince = 0;
        }
    }

    /** The current provider call is over; {@code errorType} names its failure, null when it succeeded. */
    void callEnded(String errorType) {
        upstreamDone();
        if (call != null) {
            if (usage != null) {
                call.usage(usage.promptTokens(), usage.completionTokens());
            }
            call.response(null, null, finishReasons.list());
            if (errorType != null) {
                call.fail(errorType);
            }
            call.end();
            call = null;
        }
    }

    /** A chunk of a streamed answer went to the client. */
    void streamed(byte[] chunk) {
        if (firstChunkNanos < 0) {
            firstChunkNanos = System.nanoTime() - startNanos;
        }
        sent(chunk);
    }

    private void sent(byte[] bytes) {
        if (finishReasons != null) {
            finishReasons.scan(bytes);
        }
        if (completion != null && completion.length() < maxBodyChars) {
            String text = new String(bytes, StandardCharsets.UTF_8);
            completion.append(text, 0, Math.min(text.length(), maxBodyChars - completion.length()));
        }
    }

    ClientDialect dialect() {
        return api.dialect;
    }

    /** Whether the client can still be given a status and headers. */
    boolean canAnswer() {
        return !clientGone && !response.headWritten() && !response.ended();
    }

    /**
     * Stream bytes as the client's API shapes them: as they are, as Responses events on {@code /v1/responses}, or as
     * elements of Gemini's JSON-array stream.
     */
    byte[] toClient(byte[] frames) {
        if (jsonArray != null) {
            return jsonArray.elements(frames);
        }
        return responses == null ? frames : responses.streamed(frames);
    }

    /** The stream's last bytes for the client after {@code frames} (the Responses API closes its event stream, Gemini's JSON-array form its array). */
    byte[] toClientAtEnd(byte[] frames) {
        if (jsonArray == null && responses == null) {
            return frames;
        }
        byte[] shaped = toClient(frames);
        byte[] last = jsonArray != null ? jsonArray.close() : responses.streamEnded();
        byte[] both = java.util.Arrays.copyOf(shaped, shaped.length + last.length);
        System.arraycopy(last, 0, both, shaped.length, last.length);
        return both;
    }

    /** Answers with an error in the client's dialect (when nothing was sent yet). */
    void fail(GatewayError error, String outcome) {
        this.status = error.status();
        this.outcome = outcome;
        this.errorKind = error.kind().name().toLowerCase(Locale.ROOT);
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
        if (finishReasons != null || completion != null) {
            sent(body.getBytes());
        }
        if (canAnswer()) {
            response.setStatusCode(status).putHeader("content-type", JSON).end(body);
        }
    }

    /** The request's id: the client's sane {@code x-request-id}, else a new one; also recorded on violations. */
    String requestId() {
        return requestId;
    }

    /** Policy work the usage record waits for (it runs off the request path; the client does not wait). */
    void awaitPolicyWork(Future<?> work) {
        policyWork.add(work);
    }

    /**
     * Completes the usage record, once: to the recorder when the request had a key (401s are not usage, nor are
     * model listings), and to the observer always.
     */
    void record(GatewayContext context) {
        if (recorded) {
            return;
        }
        recorded = true;
        callEnded(null);
        Cost cost = cost();
        limitReservation.settle(usage == null ? 0 : usage.promptTokens() + usage.completionTokens(), cost.micros());
        long durationNanos = System.nanoTime() - startNanos;
        if (policyWork.isEmpty()) {
            report(context, durationNanos, cost);
        } else {
            Future.join(policyWork).onComplete(done -> report(context, durationNanos, cost));
        }
    }

    /**
     * The route the request is accounted to: the one called last, else — refused after routing, before any call (a
     * policy block) — the first one planned; null when it never got that far.
     */
    Route accountedRoute() {
        if (route != null) {
            return route;
        }
        return routes == null || routes.isEmpty() ? null : routes.getFirst();
    }

    /** What the provider call cost, by the price of the route accounted to. */
    private Cost cost() {
        Route route = accountedRoute();
        TokenCounts tokens = usage == null ? TokenCounts.NONE : usage.tokenCounts();
        return route == null ? Cost.NOTHING
                : COSTS.cost(route.upstream().aiType(), route.upstream().prices(), route.upstreamModel(), tokens);
    }

    /** Builds the usage record and hands it on, after the policy work it counts. */
    private void report(GatewayContext context, long durationNanos, Cost cost) {
        var repo = key == null ? null : key.repo();
        if (responses != null && responses.store() && responses.answered() != null) {
            context.responses().keep(new ResponseStore.Stored(responses.id(), repo.orgId(), repo.id(),
                    Instant.ofEpochMilli(startMillis), ProviderJson.writeString(responses.answered()),
                    ProviderJson.writeString(responses.conversation())));
        }
        Route route = accountedRoute();
        var upstream = route == null ? null : route.upstream();
        TokenCounts tokens = usage == null ? TokenCounts.NONE : usage.tokenCounts();
        UsageRecord record = new UsageRecord(Instant.ofEpochMilli(startMillis), repo == null ? null : repo.orgId(),
                repo == null ? null : repo.workspaceId(), repo == null ? null : repo.id(),
                upstream == null ? null : upstream.id(), key == null ? null : key.id(),
                upstream == null ? null : upstream.aiType().name(),
                shorten(route == null ? (facts == null ? null : facts.model()) : route.upstreamModel()),
                upstream == null ? null : upstream.endpoint().host(),
                usage == null ? 0 : usage.promptTokens(), usage == null ? 0 : usage.completionTokens(),
                policyTally.judgeTokensIn(), policyTally.judgeTokensOut(), status, outcome, streamed,
                durationNanos / 1_000_000, policyTally.violations(), policyTally.alerts(), policyTally.blocks(),
                policyTally.severityLow(), policyTally.severityMedium(), policyTally.severityHigh(),
                tokens.cachedInput(), tokens.cacheWrite(), cost.micros(), cost.priceVersion(), requestId, userId,
                conversationId);
        if (key != null && api.callsProvider()) {
            context.usage().accept(record);
        }
        if (usage != null && usage.implausible()) {
            context.observer().usageClamped(upstream == null ? null : upstream.aiType().name(),
                    upstream == null ? null : upstream.id(), requestId);
        }
        var client = request.remoteAddress();
        context.observer().ended(span, new RequestEnd(record, requestId, request.method().name(), api.path,
                client == null ? null : client.hostAddress(), request.getHeader("user-agent"), durationNanos,
                upstreamNanos, firstChunkNanos, errorKind,
                completion == null || body == null ? null : prompt(), completion == null ? null : completion.toString(),
                route != null && (status < 400 || upstream.catalog().containsKey(route.upstreamModel()))));
    }

    /** The request body for the access log: enough past the kept length that redaction sees whole values at the cut. */
    private String prompt() {
        String text = new String(body, 0, Math.min(body.length, maxBodyChars * 4 + 8192), StandardCharsets.UTF_8);
        return text.length() <= maxBodyChars + 8192 ? text : text.substring(0, maxBodyChars + 8192);
    }

    /** Model names are the client's: keep what the store's column holds. */
    private static String shorten(String model) {
        return model == null || model.length() <= 200 ? model : model.substring(0, 200);
    }
}
