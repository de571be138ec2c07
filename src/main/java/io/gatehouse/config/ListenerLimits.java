package io.gatehouse.config;

import java.time.Duration;

/**
 * How long one listener waits on a client, and how many connections it holds: a client that opens connections and
 * sends nothing, or a request head or body byte by byte, must not hold the node's file descriptors. None of the
 * timeouts applies while the node is answering (a stream may pause as long as its provider does).
 *
 * @param headerTimeout            to the end of a request head (request line and headers): from the connection's opening
 *                                 for its first request, from the first byte for later ones
 * @param bodyTimeout              longest silence while a request body is being read (408, then the connection closes)
 * @param idleTimeout              longest a connection may wait between requests (keep-alive)
 * @param maxConnections           connections open at once on the listener; further ones are closed at once
 * @param maxConnectionsPerSource  connections open at once from one source address (an IPv6 /64 counts as one); 0 =
 *                                 no per-source cap
 */
public record ListenerLimits(Duration headerTimeout, Duration bodyTimeout, Duration idleTimeout, int maxConnections,
                             int maxConnectionsPerSource) {

    /** The limits of the listener named {@code listener} ({@code gateway} or {@code admin}) under {@code <listener>.listener.*}. */
    static ListenerLimits from(Settings s, String listener, int defaultMaxConnections, int defaultPerSource) {
        String prefix = listener + ".listener.";
        ListenerLimits limits = new ListenerLimits(
                s.getDuration(prefix + "timeout.header", Duration.ofSeconds(10)),
                s.getDuration(prefix + "timeout.body", Duration.ofSeconds(30)),
                s.getDuration(prefix + "timeout.idle", Duration.ofSeconds(75)),
                s.getInt(prefix + "max.connections", defaultMaxConnections),
                s.getInt(prefix + "max.connections.per.source", defaultPerSource));
        for (Duration d : new Duration[] {limits.headerTimeout, limits.bodyTimeout, limits.idleTimeout}) {
            if (d.isNegative() || d.isZero()) {
                throw new ConfigException("Settings " + prefix + "timeout.header, .body and .idle must be positive");
            }
        }
        if (limits.maxConnections < 1) {
            throw new ConfigException("Setting " + prefix + "max.connections must be at least 1");
        }
        if (limits.maxConnectionsPerSource < 0) {
            throw new ConfigException("Setting " + prefix + "max.connections.per.source must be 0 (no cap) or more");
        }
        return limits;
    }
}
