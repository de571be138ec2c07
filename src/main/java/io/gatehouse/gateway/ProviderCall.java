package io.gatehouse.gateway;

import io.gatehouse.gateway.snapshot.Route;
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
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.RequestOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeoutException;

/**
 * The provider call and everything after it: sends the plan of the current route, falls back to the next route on
 * a fallback-worthy failure before any byte reached the client (PITFALLS 28), and brings the answer back — a whole
 * body translated at once, or a stream fed through its translator chunk by chunk, each result written at once under
 * back-pressure. Timeouts come from {@link Deadlines}; a client that leaves cancels the upstream (a stream after a
 * short grace spent reading its usage). Every path ends in {@link Exchange#record}. Event-loop confined.
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
    private final CallPlanner planner;
    private final PolicyEnforcement policies;

    ProviderCall(Vertx vertx, HttpClient client, GatewayContext context, CallPlanner planner, PolicyEnforcement policies) {
        this.vertx = vertx;
        this.client = client;
        this.context = context;
        this.planner = planner;
        this.policies = policies;
    }

    void start(Exchange ex) {
        new Call(ex).attempt(0);
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
            this.deadlines = new Deadlines(vertx, context.settings().timeouts(), ex.startNanos, this::expire);
            ex.response.closeHandler(v -> clientLeft());
        }

        void attempt(int index) {
            Route route = ex.routes.get(index);
            ex.route = route;
            planner.plan(ex, route).onComplete(planned -> {
                if (ex.clientGone) {
                    end(499, "cancelled");
                } else if (planned.failed()) {
                    failed(index, planned.cause());
                } else {
                    send(index, planned.result());
                }
            });
        }

        private void send(int index, CallPlan plan) {
            UpstreamRequest request = plan.request();
            RequestOptions options = ex.route.upstream().requestOptions(request, context.settings().timeouts().connect());
            deadlines.requestSent();
            ex.callStarted();
            ex.propagateTrace(options);
            abort = () -> {
                if (ex.upstream != null) {
                    ex.upstream.reset();
                }
            };
            client.request(options).compose(r -> {
                ex.upstream = r;
                if (expired != null || ex.clientGone) {
                    r.reset();
                }
                return r.send(Buffers.wrap(request.body()));
            }).onComplete(sent -> {
                if (sent.failed()) {
                    failed(index, sent.cause());
                } else {
                    answered(index, plan, sent.result());
                }
            });
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
            policies.answer(ex, answer).onComplete(checked -> {
                if (checked.succeeded()) {
                    ex.answer(plan.passThrough() ? status : 200, Buffers.wrap(checked.result()));
                    end(ex.status, "ok");
                } else if (checked.cause() instanceof StageFailure refused) {
                    fail(refused.error, refused.outcome);
                } else {
                    GatewayErrors.log(checked.cause());
                    fail(GatewayErrors.internal(), "gateway_error");
                }
            });
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

        /** The plan could not be made, or the request got no answer. */
        private void failed(int index, Throwable cause) {
            if (ex.clientGone) {
                end(499, "cancelled");
            } else if (cause instanceof TranslationException e) {
                fail(e.error(), "client_error");
            } else {
                upstreamError(index, unreachable(cause));
            }
        }

        private GatewayError unreachable(Throwable cause) {
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
            response.handler(chunk -> {
                deadlines.activity();
                if (!body.add(chunk)) {
                    response.handler(null);
                    ex.upstream.reset();
                    fail(GatewayError.of(ErrorKind.SERVER, "The provider's answer is larger than the gateway accepts."),
                            "upstream_error");
                }
            });
            response.exceptionHandler(e -> {
                if (!finished) {
                    failed(NO_FALLBACK, e);
                }
            });
            response.endHandler(v -> {
                if (!finished) {
                    done.accept(body.buffer());
                }
            });
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
                upstream.handler(chunk -> {
                    deadlines.activity();
                    byte[] bytes = Buffers.feed(translator, chunk);
                    if (translator.end() != StreamEnd.RUNNING) {
                        endClient(bytes);
                        return;
                    }
                    write(bytes);
                    if (guard != null && guard.blocked() && !clientDone) {
                        endClient(NOTHING);
                        readOnBriefly();
                    }
                });
                upstream.exceptionHandler(e -> upstreamEnded());
                upstream.endHandler(v -> upstreamEnded());
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
                Future<byte[]> rest = guard.finish().onComplete(done -> {
                    if (!ex.clientGone) {
                        if (done.succeeded() && done.result().length > 0) {
                            ex.streamed(done.result());
                            flow.write(Buffers.wrap(done.result()));
                        }
                        ex.response.end();
                    }
                    if (guard.blocked()) {
                        ex.outcome = "blocked";
                    }
                });
                ex.awaitPolicyWork(rest);
            }

            private void upstreamEnded() {
                if (finished) {
                    return;
                }
                endClient(translator.end() == StreamEnd.RUNNING ? translator.finish() : NOTHING);
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
                vertx.setTimer(context.settings().disconnectGrace().toMillis(), t -> {
                    if (!finished) {
                        ex.upstream.reset();
                        upstreamEnded();
                    }
                });
            }
        }
    }
}
