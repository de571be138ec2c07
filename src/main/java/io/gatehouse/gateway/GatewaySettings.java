package io.gatehouse.gateway;

import io.gatehouse.config.ConfigException;
import io.gatehouse.config.Settings;
import io.gatehouse.gateway.upstream.Timeouts;

import java.time.Duration;

/**
 * The data plane's settings (docs/configuration.md, "Gateway"), read once at start.
 *
 * @param upstreamPoolSize    connections per upstream host and event loop
 * @param maxBodyBytes        largest client request body
 * @param maxHeaderBytes      largest request header block
 * @param maxMessages         most entries in {@code messages}
 * @param maxUpstreamBytes    largest non-streaming upstream answer read into memory
 * @param disconnectGrace     how long a stream whose client left is still read for its usage before it is cancelled
 * @param anthropicVersion    {@code anthropic-version} sent to Anthropic unless the client sent one on the ingress
 * @param anthropicMaxTokens  {@code max_tokens} for Anthropic models the catalog and family table do not know
 * @param geminiApiVersion    the Gemini API version path segment
 * @param mediaTimeout        fetching one remote image for Gemini
 * @param mediaMaxBytes       largest remote image
 * @param mediaAllowPrivate   allow remote images on private networks (off: the URL is the client's)
 */
public record GatewaySettings(Timeouts timeouts, int upstreamPoolSize, int maxBodyBytes, int maxHeaderBytes,
                              int maxMessages, int maxUpstreamBytes, Duration disconnectGrace, String anthropicVersion,
                              int anthropicMaxTokens, String geminiApiVersion, Duration mediaTimeout, int mediaMaxBytes,
                              boolean mediaAllowPrivate) {

    public static GatewaySettings from(Settings s) {
        GatewaySettings g = new GatewaySettings(
                new Timeouts(s.getDuration("gateway.timeout.connect", Duration.ofSeconds(10)),
                        s.getDuration("gateway.timeout.first.byte", Duration.ofSeconds(60)),
                        s.getDuration("gateway.timeout.idle", Duration.ofSeconds(60)),
                        s.getDuration("gateway.timeout.total", Duration.ofMinutes(10))),
                s.getInt("gateway.upstream.pool.size", 256),
                s.getInt("gateway.max.body.bytes", 10 * 1024 * 1024),
                s.getInt("gateway.max.header.bytes", 16 * 1024),
                s.getInt("gateway.max.messages", 10_000),
                s.getInt("gateway.max.upstream.body.bytes", 64 * 1024 * 1024),
                s.getDuration("gateway.disconnect.grace", Duration.ofSeconds(1)),
                s.get("gateway.anthropic.version", s.get("aillm.anthropic.version", "2023-06-01")),
                s.getInt("gateway.anthropic.max.tokens.default", 8192),
                s.get("gateway.gemini.api.version", "v1beta"),
                s.getDuration("gateway.media.timeout", Duration.ofSeconds(10)),
                s.getInt("gateway.media.max.bytes", 20 * 1024 * 1024),
                s.getBoolean("gateway.media.allow.private", false));
        for (Duration d : new Duration[] {g.timeouts.connect(), g.timeouts.firstByte(), g.timeouts.idle(), g.timeouts.total()}) {
            if (d.isNegative() || d.isZero()) {
                throw new ConfigException("Gateway timeouts must be positive");
            }
        }
        if (g.upstreamPoolSize < 1 || g.maxBodyBytes < 1024 || g.maxMessages < 1 || g.maxHeaderBytes < 1024) {
            throw new ConfigException("gateway.upstream.pool.size, gateway.max.body.bytes (>= 1024), gateway.max.messages"
                    + " and gateway.max.header.bytes (>= 1024) must be positive");
        }
        return g;
    }
}
