package io.gatehouse.gateway.upstream;

import java.time.Duration;

/**
 * Upstream timeouts: to open a connection, from sending the request to the response headers (first byte), between
 * two body chunks (idle), and for the whole exchange (total).
 */
public record Timeouts(Duration connect, Duration firstByte, Duration idle, Duration total) {
}
