package io.gatehouse.guard;

import com.sun.management.UnixOperatingSystemMXBean;
import io.gatehouse.config.ListenerLimits;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.impl.HttpServerConnection;
import io.vertx.core.net.SocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import com.sun.management.UnixOperatingSystemMXBean;
import java.lang.management.ManagementFactory;

import java.util.EnumMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Keeps one listener (all the Vert.x servers sharing its port) answering when clients misbehave: caps the
 * connections open on it and from one source address, times every connection out when the client keeps it waiting
 * ({@link ConnectionClock}), answers requests the HTTP decoder rejects in the listener's JSON shape, and logs
 * connection-level failures (a malformed body, a client gone) as one line rather than a stack trace. Counted on
 * {@code /metrics}:
 * <ul>
 *   <li>{@code gatehouse_listener_connections_open{listener}}</li>
 *   <li>{@code gatehouse_listener_connections_refused_total{listener, limit=listener|source}}</li>
 *   <li>{@code gatehouse_listener_connections_timed_out_total{listener, timeout=header|body|idle}}</li>
 * </ul>
 */
public final class ListenerGuard {
    static final String JSON = "application/json; charset=utf-8";
    private static final Logger log = LoggerFactory.getLogger(ListenerGuard.class);

    private final String name;
    private final ListenerLimits limits;
    private final ErrorShape shape;
    private final EnumMap<ConnectionClock.Timeout, Long> limitNanos = new EnumMap<>(ConnectionClock.Timeout.class);
    private final AtomicInteger open = new AtomicInteger();
    private final ConcurrentHashMap<String, Integer> perSource = new ConcurrentHashMap<>();
    private final Counter refusedByListener;
    private final Counter refusedBySource;
    private final EnumMap<ConnectionClock.Timeout, Counter> timedOut = new EnumMap<>(ConnectionClock.Timeout.class);
    private final AtomicBoolean warned = new AtomicBoolean();

    /** @param name the listener's label on the metrics and in logs ({@code gateway}, {@code admin}) */
    public ListenerGuard(String name, ListenerLimits limits, ErrorShape shape, MeterRegistry registry) {
        this.name = name;
        this.limits = limits;
        this.shape = shape;
        limitNanos.put(ConnectionClock.Timeout.HEADER, limits.headerTimeout().toNanos());
        limitNanos.put(ConnectionClock.Timeout.BODY, limits.bodyTimeout().toNanos());
        limitNanos.put(ConnectionClock.Timeout.IDLE, limits.idleTimeout().toNanos());
        Gauge.builder("gatehouse_listener_connections_open", open, AtomicInteger::get)
                .description("Connections open on the listener").tag("listener", name).register(registry);
        refusedByListener = refusedCounter(registry, "listener");
        refusedBySource = refusedCounter(registry, "source");
        for (ConnectionClock.Timeout t : ConnectionClock.Timeout.values()) {
            timedOut.put(t, Counter.builder("gatehouse_listener_connections_timed_out")
                    .description("Connections closed because the client kept them waiting")
                    .tags("listener", name, "timeout", t.label()).register(registry));
        }
    }

    private Counter refusedCounter(MeterRegistry registry, String limit) {
        return Counter.builder("gatehouse_listener_connections_refused")
                .description("Connections closed at once because a connection cap was reached")
                .tags("listener", name, "limit", limit).register(registry);
    }

    /** Guards a server of this listener; every server sharing the port shares the caps. */
    public HttpServer attach(HttpServer server) {
        return server.connectionHandler(this::accept)
                .invalidRequestHandler(this::invalidRequest)
                .exceptionHandler(this::connectionFailed);
    }

    /** The connection's error answers, in the listener's shape. */
    ErrorShape shape() {
        return shape;
    }

    long limit(ConnectionClock.Timeout timeout) {
        return limitNanos.get(timeout);
    }

    void timedOut(ConnectionClock.Timeout timeout, Channel channel) {
        timedOut.get(timeout).increment();
        log.debug("Closing a {} connection from {}: {} timeout", name, channel.remoteAddress(), timeout.label());
    }

    /** A new connection: counted, or closed at once when a cap is reached; then timed. */
    private void accept(HttpConnection connection) {
        // Vert.x's HTTP/1.x connection holds the Netty channel; the timeouts need its pipeline.
        Channel channel = ((HttpServerConnection) connection).channelHandlerContext().channel();
        SocketAddress remote = connection.remoteAddress();
        String source = SourceAddress.of(remote == null ? null : remote.hostAddress());
        if (open.incrementAndGet() > limits.maxConnections()) {
            open.decrementAndGet();
            refuse(channel, refusedByListener, "the listener's cap of " + limits.maxConnections());
            return;
        }
        int fromSource = perSource.merge(source, 1, Integer::sum);
        if (limits.maxConnectionsPerSource() > 0 && fromSource > limits.maxConnectionsPerSource()) {
            release(source);
            refuse(channel, refusedBySource, "the cap of " + limits.maxConnectionsPerSource() + " from " + source);
            return;
        }
        channel.closeFuture().addListener(f -> release(source));
        consolidateFlushes(channel);
        if (!ConnectionClock.install(this, channel)) {
            log.debug("A {} connection from {} is not HTTP/1.x: capped but not timed", name, channel.remoteAddress());
        }
    }

    /**
     * A stream's frames often arrive from the provider several to a read, and each is written to the client with a
     * flush of its own (a system call each). Flushes asked for within one turn of the connection's event loop leave as
     * one write, at the end of that turn, so no frame waits for one that has not come yet. Measured on the streamed
     * bench at 16 connections: the event loops' system time per stream fell from about 200 to 50-70 µs.
     */
    static void consolidateFlushes(Channel channel) {
        channel.pipeline().addFirst("gatehouseFlushes", new FlushConsolidationHandler(
                FlushConsolidationHandler.DEFAULT_EXPLICIT_FLUSH_AFTER_FLUSHES, true));
    }

    /** The process's limit on open files, or -1 where the JVM cannot tell. */
    public static long maxOpenFiles() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof UnixOperatingSystemMXBean unix
                ? unix.getMaxFileDescriptorCount() : -1;
    }

    /**
     * Warns (and says so) when the listeners' caps together come near {@code maxOpenFiles}: the caps would then not
     * keep the node from running out of descriptors, which the store's pool and provider connections need too.
     */
    public static boolean warnAboveFileLimit(long maxOpenFiles, ListenerLimits... listeners) {
        long caps = 0;
        for (ListenerLimits l : listeners) {
            caps += l.maxConnections();
        }
        if (maxOpenFiles < 0 || caps <= maxOpenFiles * 0.9) {
            return false;
        }
        log.warn("The listeners may hold {} connections together but the process may open only {} files: lower"
                + " gateway.listener.max.connections / admin.listener.max.connections or raise the limit (ulimit -n)",
                caps, maxOpenFiles);
        return true;
    }

    private void release(String source) {
        open.decrementAndGet();
        perSource.computeIfPresent(source, (k, n) -> n <= 1 ? null : n - 1);
    }

    private void refuse(Channel channel, Counter counter, String cap) {
        counter.increment();
        if (warned.compareAndSet(false, true)) {
            log.warn("The {} listener refused a connection from {}: {} connections reached (counted in"
                    + " gatehouse_listener_connections_refused_total; further refusals are logged at debug)",
                    name, channel.remoteAddress(), cap);
        } else {
            log.debug("The {} listener refused a connection from {}: {} connections reached", name,
                    channel.remoteAddress(), cap);
        }
        channel.close();
    }

    /** A request the HTTP decoder rejected: the status Vert.x would send, with a body in the listener's shape. */
    private void invalidRequest(HttpServerRequest request) {
        Throwable cause = request.decoderResult().cause();
        int status;
        String code;
        String message;
        if (cause instanceof TooLongHttpLineException) {
            status = 414;
            code = "uri_too_long";
            message = "The request line (method, URI and version) is too long.";
        } else if (cause instanceof TooLongHttpHeaderException) {
            status = 431;
            code = "headers_too_large";
            message = "The request headers are too large.";
        } else {
            status = 400;
            code = "bad_request";
            message = "The request is not valid HTTP/1.1.";
        }
        log.debug("Refusing an invalid request on the {} listener from {} with {}: {}", name,
                request.remoteAddress(), status, String.valueOf(cause));
        String path = status == 414 ? "" : request.path();
        request.response().setStatusCode(status)
                .putHeader("content-type", JSON)
                .putHeader("connection", "close")
                .end(Buffer.buffer(shape.body(path == null ? "" : path, status, code, message)))
                .onComplete(done -> request.connection().close());
    }

    /**
     * A failure on a connection outside any request's handlers: a malformed body, a client that went away mid-request.
     * The client's doing, so one line, without a stack trace; the exchange itself ends with the connection.
     */
    private void connectionFailed(Throwable failure) {
        log.debug("Connection failure on the {} listener: {}", name, String.valueOf(failure));
    }
}
