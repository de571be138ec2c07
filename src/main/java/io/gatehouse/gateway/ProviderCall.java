package io.gatehouse.gateway;

import io.gatehouse.egress.EgressRefused;
import io.gatehouse.route.Route;
import io.gatehouse.route.Upstream;
import io.gatehouse.gateway.upstream.BackPressure;
import io.gatehouse.gateway.upstream.Deadlines;
import io.gatehouse.observe.GatewayObserver;
import io.gatehouse.provider.ErrorKind;
import io.gatehouse.provider.GatewayError;
import io.gatehouse.provider.StreamEnd;
import io.gatehouse.provider.StreamTranslator;
import io.gatehouse.provider.TranslationException;
import io.gatehouse.provider.UpstreamRequest;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.RequestOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * The provider call and everything after it: sends the plan of the current route, falls back to the next route on
 * a fallback-worthy failure before any byte reached the client (PITFALLS 28), and brings the answer back — a whole
 * body translated at once, or a stream fed through its translator chunk by chunk, each result written at once under
 * back-pressure. Timeouts come from {@link Deadlines}; a client that leaves cancels the upstream (a stream after a
 * short grace spent reading its usage). Every path ends in {@link Exchange#record}, an unexpected exception in any
 * step included (a 500, or an error frame once a stream has started: never a request left hanging). Event-loop
 * confined.
 */
final class ProviderCall {
    private static final Logger log = LoggerFactory.getLogger(ProviderCall.class);
    private static final int MAX_ERROR_BODY = 1024 * 1024;
    private static final String EVENT_STREAM = "text/event-stream; charset=utf-8";
    private static final byte[] NOTHING = new byte[0];
    /** An attempt index past every route: failures there do not fall back (bytes may have been consumed). */
    private static final int NO_FALLBACK = Integer.MAX_VALUE - 1;

    private final Vertx vertx;
    private final HttpClient client;
    private final GatewayContext context;
    private final Planner planner;
    private final PolicyEnforcement policies;

    /** Makes the plan of one attempt ({@link CallPlanner#plan}). */
    @FunctionalInterface
    interface Planner {
        Future<CallPlan> plan(Exchange ex, Route route);
    }

    ProviderCall(Vertx vertx, HttpClient client, GatewayContext context, Planner planner, PolicyEnforcement policies) {
        this.vertx = vertx;
        this.client = client;
        this.context = context;
        this.planner = planner;
        this.policies = policies;
    }

    /**
     * A configuration whose endpoint the egress policy refuses: a 502 naming the endpoint and the setting that would
     * allow it (never the address it resolved to); not retried elsewhere, as it is a setting to fix, not a failure.
     */
    static GatewayError egressRefused(Upstream upstream, EgressRefused refused) {
        return new GatewayError(502, ErrorKind.SERVER, "Gatehouse does not call the provider of configuration '"
                + upstream.name() + "': " + refused.getMessage() + ".", "server_error", "egress_refused", null, Map.of(),
                false, false, null);
    }

    void start(Exchange ex) {
        Call call = new Call(ex);
        call.safely(() -> call.attempt(0));
    }

    /** One exchange's provider call, across its attempts. */
    private final class Call {
        private final Exchange ex;
        private final Deadlines deadlines;
        private Deadlines.Kind expired;
        /** What to do when the client leaves or a deadline passes in the current phase. */
        private Runnable abort = () -> { };
        private boolean finished;

        Call(Exchange ex) {
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
                    .compose(target -> client.request(target.pin(options))).compose(r -> {
                ex.upstream = r;
                if (expired != null || ex.clientGone) {
                    r.reset();
                }
                return r.send(Buffers.wrap(request.body()));
            }).onComplete(safely(sent -> {
                if (sent.failed()) {
                    failed(index, sent.cause());
                } else {
                    answered(index, plan, sent.result());
                }
            }));
        }

        private void answered(int index, CallPlan plan, HttpClientResponse response) {
            deadlines.firstByte();
            int status = response.statusCode();
            if (status >= 200 && status < 300) {
                if (ex.facts.stream() && plan.stream() != null) {
                    new StreamBack(response, plan.stream().get().scrubbing(ex.route.upstream().credential())).start();
                } else {
                    collect(response, context.settings().maxUpstreamBytes(), body -> whole(plan, status, body));
                }
                return;
            }
            collect(response, MAX_ERROR_BODY,
                    body -> upstreamError(index, plan.error(response, body.getBytes(), ex.route.upstream().credential())));
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
                    ex.answer(plan.passThrough() ? status : 200, Buffers.wrap(checked.result()));
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
            if (error.fallbackWorthy() && index + 1 < ex.routes.size() && !ex.clientGone && expired != Deadlines.Kind.TOTAL) {
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
        private void crashed(Throwable bug) {
            GatewayErrors.log(ex.requestId(), bug);
            if (finished) {
                return;
            }
            GatewayError error = GatewayErrors.internal(ex.requestId());
            if (ex.canAnswer()) {
                fail(error, "gateway_error");
            } else {
                if (!ex.clientGone && !ex.response.ended()) {
                    ex.response.end(Buffer.buffer(ex.dialect().streamErrorFrame(error)));
                }
                ex.errorKind = error.kind().name().toLowerCase(Locale.ROOT);
                end(ex.status, "gateway_error");
            }
            // Only once the exchange is over: cutting the upstream runs its handlers, which must find it finished.
            if (ex.upstream != null) {
                ex.upstream.reset();
            }
        }

        private GatewayError unreachable(Throwable cause) {
            if (cause instanceof EgressRefused refused) {
                return egressRefused(ex.route.upstream(), refused);
            }
            String where = ex.route.upstream().name();
            if (expired != null) {
                return new GatewayError(504, ErrorKind.TIMEOUT, "The provider of configuration '" + where + "' "
                        + expired.phrase() + " " + seconds(expired) + ".", "server_error", "timeout", null, Map.of(),
                        true, false, null);
            }
            boolean timeout = cause instanceof TimeoutException || cause.getClass().getSimpleName().contains("Timeout");
            if (timeout) {
                return new GatewayError(504, ErrorKind.TIMEOUT, "Could not connect to the provider of configuration '"
                        + where + "' in time.", "server_error", "timeout", null, Map.of(), true, false, null);
            }
            log.debug("Upstream {} unreachable: {}", ex.route.upstream(), cause.toString());
            return new GatewayError(502, ErrorKind.UNAVAILABLE, "Could not reach the provider of configuration '" + where
                    + "'.", "server_error", "upstream_unreachable", null, Map.of(), true, false, null);
        }

        private String seconds(Deadlines.Kind kind) {
            var t = context.settings().timeouts();
            long ms = switch (kind) {
                case FIRST_BYTE -> t.firstByte().toMillis();
                case IDLE -> t.idle().toMillis();
                case TOTAL -> t.total().toMillis();
            };
            return ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms";
        }

        /** Reads a whole body (up to {@code limit}); a deadline or a leaving client stops it. */
        private void collect(HttpClientResponse response, int limit, java.util.function.Consumer<Buffer> done) {
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

        private void fail(GatewayError error, String outcome) {
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
        private void upstreamFailed(ErrorKind kind) {
            context.observer().metrics().upstreamError(
                    GatewayObserver.providerLabel(ex.route.upstream().aiType().name()), kind);
            ex.callEnded(kind.name().toLowerCase(Locale.ROOT));
        }

        private void end(int status, String outcome) {
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

        /** A streaming answer, fed through its translator as it arrives. */
        private final class StreamBack {
            private final HttpClientResponse upstream;
            private final StreamTranslator translator;
            private final BackPressure flow;
            private final StreamGuard guard;
            private boolean clientDone;
            /** The translator has given the client something: from then on a failure can only end the stream. */
            private boolean produced;

            StreamBack(HttpClientResponse upstream, StreamTranslator translator) {
                this.upstream = upstream;
                this.translator = translator;
                this.flow = new BackPressure(upstream, ex.response);
                this.guard = policies.stream(ex);
            }

            void start() {
                ex.streamed = true;
                ex.status = 200;
                ex.response.setStatusCode(200).setChunked(true)
                        .putHeader("content-type", EVENT_STREAM)
                        .putHeader("cache-control", "no-cache");
                abort = this::interrupted;
                upstream.handler(safely(chunk -> {
                    if (finished) {
                        return;
                    }
                    deadlines.activity();
                    byte[] bytes = Buffers.feed(translator, chunk);
                    if (translator.end() != StreamEnd.RUNNING) {
                        if (!failedBeforeAnswering()) {
                            endClient(bytes);
                        }
                        return;
                    }
                    produced |= bytes.length > 0;
                    write(bytes);
                    if (guard != null && guard.blocked() && !clientDone) {
                        endClient(NOTHING);
                        readOnBriefly();
                    }
                }));
                upstream.exceptionHandler(safely(e -> upstreamEnded()));
                upstream.endHandler(safely(v -> upstreamEnded()));
            }

            private void write(byte[] bytes) {
                byte[] allowed = guard == null || clientDone ? bytes : guard.feed(bytes);
                if (allowed.length > 0 && !clientDone && !ex.clientGone) {
                    ex.streamed(allowed);
                    flow.write(Buffers.wrap(allowed));
                }
            }

            /**
             * Ends the client's stream with its last bytes, after what the output policies still held (a buffered
             * stream waits for them). Unguarded, the last bytes and the end of the response leave in one write.
             */
            private void endClient(byte[] last) {
                if (clientDone) {
                    return;
                }
                if (guard == null) {
                    clientDone = true;
                    if (ex.clientGone) {
                        return;
                    }
                    if (last.length == 0) {
                        ex.response.end();
                    } else {
                        ex.streamed(last);
                        ex.response.end(Buffers.wrap(last));
                    }
                    return;
                }
                write(last);
                clientDone = true;
                Future<byte[]> rest = guard.finish().onComplete(safely(done -> {
                    if (!ex.clientGone && !ex.response.ended()) {
                        if (done.succeeded() && done.result().length > 0) {
                            ex.streamed(done.result());
                            flow.write(Buffers.wrap(done.result()));
                        }
                        ex.response.end();
                    }
                    if (guard.blocked()) {
                        ex.outcome = "blocked";
                    }
                }));
                ex.awaitPolicyWork(rest);
            }

            private void upstreamEnded() {
                if (finished) {
                    return;
                }
                byte[] last = translator.end() == StreamEnd.RUNNING ? translator.finish() : NOTHING;
                if (failedBeforeAnswering()) {
                    return;
                }
                endClient(last);
                ex.usage = translator.usage();
                if (!ex.clientGone && (expired != null || translator.error() != null)) {
                    upstreamFailed(expired != null ? ErrorKind.TIMEOUT : translator.error().kind());
                }
                end(200, guard != null && guard.blocked() ? "blocked" : ex.clientGone ? "cancelled"
                        : expired != null ? "timeout" : switch (translator.end()) {
                    case COMPLETED, RUNNING -> "ok";
                    case UPSTREAM_ERROR, TRUNCATED -> "upstream_error";
                });
            }

            /**
             * The stream failed before the translator gave the client anything (an empty or unreadable stream, an
             * error as its first event, a deadline before any data): the client has no status yet, so it gets a
             * plain error answer in its shape (502, 504 …), not a 200 stream holding only an error frame.
             */
            private boolean failedBeforeAnswering() {
                GatewayError error = expired != null ? unreachable(new TimeoutException()) : translator.error();
                if (produced || error == null || !ex.canAnswer()) {
                    return false;
                }
                ex.usage = translator.usage();
                fail(error, expired != null ? "timeout" : "upstream_error");
                ex.upstream.reset(); // nothing more to read: the upstream's end finds the exchange finished
                return true;
            }

            /** A deadline passed (the upstream is cut) or the client left (read on briefly for the usage). */
            private void interrupted() {
                if (!ex.clientGone) {
                    ex.upstream.reset();
                    upstreamEnded();
                    return;
                }
                readOnBriefly();
            }

            /** Nobody reads the rest (the client left, or a policy ended its stream): read it for the usage, then cut it. */
            private void readOnBriefly() {
                flow.release();
                vertx.setTimer(context.settings().disconnectGrace().toMillis(), safely(t -> {
                    if (!finished) {
                        ex.upstream.reset();
                        upstreamEnded();
                    }
                }));
            }
        }
    }
}
