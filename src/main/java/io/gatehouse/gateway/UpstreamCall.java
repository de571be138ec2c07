package io.gatehouse.gateway;

import io.gatehouse.gateway.upstream.Deadlines;
import io.gatehouse.gateway.upstream.ProviderConnections;
import io.gatehouse.observe.GatewayObserver;
import io.gatehouse.provider.CallPlan;
import io.gatehouse.provider.ErrorKind;
import io.gatehouse.provider.GatewayError;
import io.gatehouse.provider.TranslationException;
import io.gatehouse.provider.UpstreamRequest;
import io.gatehouse.route.Route;
import io.gatehouse.route.Upstream;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.RequestOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Locale;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * One exchange's provider call, across its attempts: plans and sends the current route's request, reads a whole
 * answer or hands a stream to {@link StreamRelay}, goes on to the next route when {@link Fallback} says so, and ends
 * the exchange exactly once ({@link #end}), whatever happens — deadlines ({@link Deadlines}), a client that leaves,
 * an exception in any step (a 500, or an error frame once a stream has started). Event-loop confined.
 */
final class UpstreamCall {
    private static final Logger log = LoggerFactory.getLogger(UpstreamCall.class);
    private static final int MAX_ERROR_BODY = 1024 * 1024;
    /** An attempt index past every route: failures there do not fall back (bytes may have been consumed). */
    private static final int NO_FALLBACK = Integer.MAX_VALUE - 1;

    final Vertx vertx;
    final GatewayContext context;
    final PolicyEnforcement policies;
    final Exchange ex;
    final Deadlines deadlines;
    private final ProviderConnections connections;
    private final ProviderCall.Planner planner;
    /** Whether the current attempt's request went out on a pooled connection that had served another. */
    private boolean sentOnReused;
    /** Whether this exchange already sent a request again after its pooled connection closed under it. */
    private boolean resent;
    private Deadlines.Kind expired;
    /** What to do when the client leaves or a deadline passes in the current phase. */
    private Runnable abort = () -> { };
    private boolean finished;

    UpstreamCall(Vertx vertx, ProviderConnections connections, GatewayContext context, ProviderCall.Planner planner,
                 PolicyEnforcement policies, Exchange ex) {
        this.vertx = vertx;
        this.connections = connections;
        this.context = context;
        this.planner = planner;
        this.policies = policies;
        this.ex = ex;
        this.deadlines = new Deadlines(vertx, context.settings().timeouts(), ex.startNanos,
                kind -> safely(() -> expire(kind)));
        ex.response.closeHandler(safely(v -> clientLeft()));
    }

    /** Runs a step; an exception it throws (a bug) ends the exchange instead of leaving the client waiting. */
    void safely(Runnable step) {
        try {
            step.run();
        } catch (RuntimeException bug) {
            crashed(bug);
        }
    }

    /** A handler run {@link #safely}. */
    <T> Handler<T> safely(Handler<T> handler) {
        return value -> safely(() -> handler.handle(value));
    }

    void attempt(int index) {
        Route route = ex.routes.get(index);
        ex.route = route;
        planner.plan(ex, route).onComplete(safely(planned -> {
            if (ex.clientGone) {
                end(499, "cancelled");
            } else if (planned.failed() && planned.cause() instanceof TranslationException e) {
                fail(e.error(), "client_error");
            } else if (planned.failed()) {
                crashed(planned.cause());
            } else {
                send(index, planned.result());
            }
        }));
    }

    private void send(int index, CallPlan plan) {
        UpstreamRequest request = plan.request();
        Upstream upstream = ex.route.upstream();
        RequestOptions options = upstream.requestOptions(request, context.settings().timeouts().connect());
        deadlines.requestSent();
        ex.callStarted();
        ex.propagateTrace(options);
        abort = () -> {
            if (ex.upstream != null) {
                ex.upstream.reset();
            }
        };
        context.egress().check(upstream.endpoint().host(), upstream.endpoint().port())
                .compose(target -> connections.client().request(target.pin(options))).compose(r -> {
            ex.upstream = r;
            sentOnReused = connections.reused(r.connection());
            if (expired != null || ex.clientGone) {
                r.reset();
            }
            return r.send(Buffers.wrap(request.body()));
        }).onComplete(safely(sent -> {
            if (sent.failed() && resendable(sent.cause())) {
                resent = true;
                log.debug("Sending again to {}: its pooled connection closed before any answer ({})",
                        ex.route.upstream(), sent.cause().toString());
                context.observer().metrics().upstreamResent(
                        GatewayObserver.providerLabel(ex.route.upstream().aiType().name()));
                send(index, plan);
            } else if (sent.failed()) {
                failed(index, sent.cause());
            } else {
                answered(index, plan, sent.result());
            }
        }));
    }

    /**
     * A request whose pooled connection the provider closed before any byte of answer is sent once more, on a new
     * connection: the provider did not read it ({@link ProviderConnections}). Not after a deadline or once the client
     * has left.
     */
    private boolean resendable(Throwable failure) {
        return !resent && expired == null && !ex.clientGone && ProviderConnections.staleReuse(sentOnReused, failure);
    }

    private void answered(int index, CallPlan plan, HttpClientResponse response) {
        deadlines.firstByte();
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            if (ex.facts.stream() && plan.stream() != null) {
                new StreamRelay(this, response, plan.stream().get().scrubbing(ex.route.upstream().credential())).start();
            } else {
                collect(response, context.settings().maxUpstreamBytes(), body -> whole(plan, status, body));
            }
            return;
        }
        collect(response, MAX_ERROR_BODY,
                body -> upstreamError(index, plan.error(status, ProviderCall.lowercaseHeaders(response), body.getBytes(), ex.route.upstream().credential())));
    }

    /** A non-streaming answer: passed through or translated, metered, checked by the output policies, answered. */
    private void whole(CallPlan plan, int status, Buffer body) {
        ex.upstreamDone();
        byte[] bytes = body.getBytes();
        byte[] answer;
        try {
            ex.usage = plan.usage().apply(bytes);
            answer = plan.passThrough() ? bytes : plan.translate().apply(bytes);
        } catch (RuntimeException unreadable) {
            log.debug("Unreadable answer from {}: {}", ex.route.upstream(), unreadable.toString());
            fail(GatewayError.of(ErrorKind.SERVER, "The provider's answer could not be read."), "upstream_error");
            return;
        }
        policies.answer(ex, answer).onComplete(safely(checked -> {
            if (checked.succeeded()) {
                byte[] checkedAnswer = ex.responses == null ? checked.result() : ex.responses.answer(checked.result());
                ex.answer(plan.passThrough() ? status : 200, Buffers.wrap(checkedAnswer));
                end(ex.status, "ok");
            } else if (checked.cause() instanceof StageFailure refused) {
                fail(refused.error, refused.outcome);
            } else {
                crashed(checked.cause());
            }
        }));
    }

    private void upstreamError(int index, GatewayError error) {
        if (error.upstreamCredentialFailure()) {
            context.credentialFailures().refused(ex.route.upstream(),
                    error.providerType() == null ? "HTTP " + error.status() : error.providerType());
        }
        if (Fallback.worthIt(error, index, ex, expired)) {
            log.debug("Falling back from {} after {} {}", ex.route.upstream(), error.status(), error.code());
            upstreamFailed(error.kind());
            expired = null;
            attempt(index + 1);
            return;
        }
        fail(error, error.kind() == ErrorKind.TIMEOUT ? "timeout" : "upstream_error");
    }

    /** The request got no answer (or the egress policy refused its target). */
    private void failed(int index, Throwable cause) {
        if (ex.clientGone) {
            end(499, "cancelled");
        } else {
            upstreamError(index, unreachable(cause));
        }
    }

    /**
     * An exception nothing expected (a bug): logged with the request id, the upstream cut, and the client told —
     * a 500 in its dialect, or, once a stream has started, an error frame ending it.
     */
    void crashed(Throwable bug) {
        GatewayErrors.log(ex.requestId(), bug);
        if (finished) {
            return;
        }
        GatewayError error = GatewayErrors.internal(ex.requestId());
        if (ex.canAnswer()) {
            fail(error, "gateway_error");
        } else {
            if (!ex.clientGone && !ex.response.ended()) {
                ex.response.end(Buffer.buffer(ex.toClient(ex.dialect().streamErrorFrame(error))));
            }
            ex.errorKind = error.kind().name().toLowerCase(Locale.ROOT);
            end(ex.status, "gateway_error");
        }
        // Only once the exchange is over: cutting the upstream runs its handlers, which must find it finished.
        if (ex.upstream != null) {
            ex.upstream.reset();
        }
    }

    GatewayError unreachable(Throwable cause) {
        return CallFailures.unreachable(ex.route.upstream(), expired, cause, context.settings().timeouts());
    }

    /** Reads a whole body (up to {@code limit}); a deadline or a leaving client stops it. */
    private void collect(HttpClientResponse response, int limit, Consumer<Buffer> done) {
        BodyBuffer body = new BodyBuffer(limit);
        abort = () -> {
            if (ex.upstream != null) {
                ex.upstream.reset();
            }
            if (ex.clientGone) {
                end(499, "cancelled");
            } else {
                fail(unreachable(new TimeoutException()), "timeout");
            }
        };
        response.handler(safely(chunk -> {
            deadlines.activity();
            if (!body.add(chunk)) {
                response.handler(null);
                ex.upstream.reset();
                fail(GatewayError.of(ErrorKind.SERVER, "The provider's answer is larger than the gateway accepts."),
                        "upstream_error");
            }
        }));
        response.exceptionHandler(safely(e -> {
            if (!finished) {
                failed(NO_FALLBACK, e);
            }
        }));
        response.endHandler(safely(v -> {
            if (!finished) {
                done.accept(body.buffer());
            }
        }));
    }

    /** The deadline that passed in this attempt, or null. */
    Deadlines.Kind expired() {
        return expired;
    }

    boolean finished() {
        return finished;
    }

    /** What a deadline or the client leaving does from now on. */
    void onAbort(Runnable action) {
        abort = action;
    }

    private void expire(Deadlines.Kind kind) {
        expired = kind;
        abort.run();
    }

    private void clientLeft() {
        if (finished || ex.clientGone) {
            return;
        }
        ex.clientGone = true;
        abort.run();
    }

    void fail(GatewayError error, String outcome) {
        if (finished) {
            return;
        }
        if (outcome.equals("upstream_error") || outcome.equals("timeout")) {
            upstreamFailed(error.kind());
        }
        ex.fail(error, outcome);
        end(error.status(), outcome);
    }

    /** The current attempt failed on the provider's side: counted by kind, its span ended as failed. */
    void upstreamFailed(ErrorKind kind) {
        context.observer().metrics().upstreamError(
                GatewayObserver.providerLabel(ex.route.upstream().aiType().name()), kind);
        ex.callEnded(kind.name().toLowerCase(Locale.ROOT));
    }

    void end(int status, String outcome) {
        if (finished) {
            return;
        }
        finished = true;
        deadlines.cancel();
        ex.callEnded(outcome.equals("ok") ? null : outcome);
        ex.status = status;
        ex.outcome = outcome;
        ex.record(context);
    }
}
