package io.gatehouse.guard;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;

import java.util.Locale;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The timeouts of one HTTP/1.1 connection, kept in its Netty pipeline because only there are the bytes of a request
 * head visible before the head is complete. Two handlers share this state: one before the HTTP decoder sees raw
 * bytes arrive, one after it sees where requests start and end, and the responses leave. At any moment at most one
 * timeout applies:
 * <ul>
 *   <li>a request body is being read: {@code body}, the silence since its last byte (408, then close);</li>
 *   <li>a request head is being read: {@code header}, from its first byte, or for the first request from the
 *       connection's opening (close);</li>
 *   <li>a response is still owed: none, however long the node takes or a stream pauses;</li>
 *   <li>otherwise the connection waits for its next request: {@code idle}, since the last response ended (close).</li>
 * </ul>
 * Silence while the node itself has stopped reading (back-pressure) is never the client's. Everything runs on the
 * connection's event loop; a read or a write only updates a field, the timer moves when what applies changes.
 */
final class ConnectionClock {
    /** Which wait ran out, as the metrics label it. */
    enum Timeout {
        HEADER, BODY, IDLE;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private enum Reading { NOTHING, HEAD, BODY }

    private final ListenerGuard guard;
    private final Channel channel;
    private ChannelHandlerContext messages;
    /** A new connection is reading its first request's head: a client that connects and says nothing is timed so. */
    private Reading reading = Reading.HEAD;
    /** Requests received whose response has not ended yet (more than one when a client pipelines). */
    private int owed;
    /** The newest request's response has begun (then a timeout can no longer answer 408). */
    private boolean answering;
    /** A 1xx response is being written: its end does not end the request's response. */
    private boolean interim;
    /** The connection switched protocols: no longer HTTP/1.1, no longer timed. */
    private boolean switched;
    private String uri = "";
    private long since;
    private Timeout armed;
    private ScheduledFuture<?> timer;

    private ConnectionClock(ListenerGuard guard, Channel channel) {
        this.guard = guard;
        this.channel = channel;
    }

    /** Starts timing an HTTP/1.x connection; false when its pipeline is not Vert.x's HTTP/1.x pipeline. */
    static boolean install(ListenerGuard guard, Channel channel) {
        ChannelPipeline pipeline = channel.pipeline();
        if (pipeline.get("httpDecoder") == null || pipeline.get("handler") == null) {
            return false;
        }
        ConnectionClock clock = new ConnectionClock(guard, channel);
        pipeline.addBefore("httpDecoder", "gatehouseBytes", clock.new Bytes());
        pipeline.addBefore("handler", "gatehouseMessages", clock.new Messages());
        channel.closeFuture().addListener(f -> clock.disarm());
        clock.update();
        return true;
    }

    /** Arms the timeout that applies now, when it is not the one already running. */
    private void update() {
        Timeout applies = switched ? null
                : reading == Reading.BODY ? Timeout.BODY
                : reading == Reading.HEAD ? Timeout.HEADER
                : owed > 0 ? null
                : Timeout.IDLE;
        if (applies == armed) {
            return;
        }
        disarm();
        armed = applies;
        if (applies != null) {
            since = System.nanoTime();
            schedule(guard.limit(applies));
        }
    }

    private void disarm() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
        armed = null;
    }

    private void schedule(long nanos) {
        timer = channel.eventLoop().schedule(this::check, nanos, TimeUnit.NANOSECONDS);
    }

    private void check() {
        timer = null;
        if (armed == null || !channel.isActive()) {
            return;
        }
        long now = System.nanoTime();
        if (!channel.config().isAutoRead()) {
            // The node paused reading (back-pressure): the silence is ours, not the client's.
            since = now;
        }
        long left = since + guard.limit(armed) - now;
        if (left > 0) {
            schedule(left);
            return;
        }
        expire(armed);
    }

    private void expire(Timeout timeout) {
        armed = null;
        guard.timedOut(timeout, channel);
        if (timeout == Timeout.BODY && owed == 1 && !answering && messages != null) {
            messages.writeAndFlush(requestTimeout()).addListener(ChannelFutureListener.CLOSE);
        } else {
            channel.close();
        }
    }

    private FullHttpResponse requestTimeout() {
        byte[] body = guard.shape().body(new QueryStringDecoder(uri).rawPath(), 408, "request_timeout", "No part of the request body arrived for "
                + TimeUnit.NANOSECONDS.toMillis(guard.limit(Timeout.BODY)) + " ms; the connection is closed.");
        FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.REQUEST_TIMEOUT,
                Unpooled.wrappedBuffer(body));
        response.headers().set(HttpHeaderNames.CONTENT_TYPE, ListenerGuard.JSON)
                .set(HttpHeaderNames.CONTENT_LENGTH, body.length)
                .set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        return response;
    }

    /** Before the decoder: bytes arriving. */
    private final class Bytes extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (reading == Reading.NOTHING) {
                reading = Reading.HEAD;
            } else if (reading == Reading.BODY) {
                since = System.nanoTime();
            }
            ctx.fireChannelRead(msg);
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            // Once per batch of reads, after the decoder has said where requests start and end.
            update();
            ctx.fireChannelReadComplete();
        }
    }

    /** After the decoder: requests starting and ending, responses starting and ending. */
    private final class Messages extends ChannelDuplexHandler {
        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            messages = ctx;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof HttpRequest request) {
                owed++;
                answering = false;
                reading = Reading.BODY;
                uri = request.uri();
            }
            if (msg instanceof LastHttpContent) {
                reading = Reading.NOTHING;
            }
            ctx.fireChannelRead(msg);
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            boolean ended = false;
            if (msg instanceof HttpResponse response) {
                int status = response.status().code();
                interim = status < 200;
                switched |= status == HttpResponseStatus.SWITCHING_PROTOCOLS.code();
                answering |= !interim;
            }
            if (msg instanceof LastHttpContent) {
                if (interim) {
                    interim = false;
                } else if (owed > 0) {
                    owed--;
                    ended = true;
                }
            }
            ctx.write(msg, promise);
            if (ended || switched) {
                update();
            }
        }
    }
}
