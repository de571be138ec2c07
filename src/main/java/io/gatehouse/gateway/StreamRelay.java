package io.gatehouse.gateway;

import io.gatehouse.gateway.upstream.BackPressure;
import io.gatehouse.provider.ErrorKind;
import io.gatehouse.provider.GatewayError;
import io.gatehouse.provider.StreamEnd;
import io.gatehouse.provider.StreamTranslator;
import io.vertx.core.Future;
import io.vertx.core.http.HttpClientResponse;

import java.util.concurrent.TimeoutException;

/**
 * A streaming answer, fed through its translator as it arrives and written to the client at once under
 * back-pressure, through the output policies' {@link StreamGuard}. A client that leaves, or a policy that ends its
 * stream, has the upstream read on briefly for its usage, then cut. Event-loop confined, part of an
 * {@link UpstreamCall}.
 */
final class StreamRelay {
    private static final String EVENT_STREAM = "text/event-stream; charset=utf-8";
    private static final byte[] NOTHING = new byte[0];

    private final UpstreamCall call;
    private final Exchange ex;
    private final HttpClientResponse upstream;
    private final StreamTranslator translator;
    private final BackPressure flow;
    private final StreamGuard guard;
    private boolean clientDone;
    /** The translator has given the client something: from then on a failure can only end the stream. */
    private boolean produced;

    StreamRelay(UpstreamCall call, HttpClientResponse upstream, StreamTranslator translator) {
        this.call = call;
        this.ex = call.ex;
        this.upstream = upstream;
        this.translator = translator;
        this.flow = new BackPressure(upstream, ex.response);
        this.guard = call.policies.stream(ex);
    }

    void start() {
        ex.streamed = true;
        ex.status = 200;
        ex.response.setStatusCode(200).setChunked(true)
                .putHeader("content-type", ex.jsonArray == null ? EVENT_STREAM : JsonArrayStream.CONTENT_TYPE)
                .putHeader("cache-control", "no-cache");
        call.onAbort(this::interrupted);
        upstream.handler(call.safely(chunk -> {
            if (call.finished()) {
                return;
            }
            call.deadlines.activity();
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
        upstream.exceptionHandler(call.safely(e -> upstreamEnded()));
        upstream.endHandler(call.safely(v -> upstreamEnded()));
    }

    private void write(byte[] bytes) {
        byte[] allowed = ex.toClient(guard == null || clientDone ? bytes : guard.feed(bytes));
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
            last = ex.toClientAtEnd(last);
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
        Future<byte[]> rest = guard.finish().onComplete(call.safely(done -> {
            if (!ex.clientGone && !ex.response.ended()) {
                byte[] held = ex.toClientAtEnd(done.succeeded() ? done.result() : NOTHING);
                if (held.length > 0) {
                    ex.streamed(held);
                    flow.write(Buffers.wrap(held));
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
        if (call.finished()) {
            return;
        }
        byte[] last = translator.end() == StreamEnd.RUNNING ? translator.finish() : NOTHING;
        if (failedBeforeAnswering()) {
            return;
        }
        endClient(last);
        ex.usage = translator.usage();
        if (!ex.clientGone && (call.expired() != null || translator.error() != null)) {
            call.upstreamFailed(call.expired() != null ? ErrorKind.TIMEOUT : translator.error().kind());
        }
        call.end(200, guard != null && guard.blocked() ? "blocked" : ex.clientGone ? "cancelled"
                : call.expired() != null ? "timeout" : switch (translator.end()) {
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
        GatewayError error = call.expired() != null ? call.unreachable(new TimeoutException()) : translator.error();
        if (produced || error == null || !ex.canAnswer()) {
            return false;
        }
        ex.usage = translator.usage();
        call.fail(error, call.expired() != null ? "timeout" : "upstream_error");
        ex.upstream.reset(); // nothing more to read: the upstream's end finds the exchange call.finished()
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
        call.vertx.setTimer(call.context.settings().disconnectGrace().toMillis(), call.safely(t -> {
            if (!call.finished()) {
                ex.upstream.reset();
                upstreamEnded();
            }
        }));
    }
}
