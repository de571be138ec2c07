package io.gatehouse.observe;

import io.gatehouse.usage.UsageRecord;

/**
 * How one gateway request ended, as the {@link GatewayObserver} needs it: the usage record (complete also for
 * requests refused before a key was known, with its ids {@code null}) and what the usage record does not hold.
 *
 * @param requestId       the request's id (the client's {@code x-request-id} or a new one), as the client was told
 * @param durationNanos   arrival to the last byte sent
 * @param upstreamNanos   time spent waiting on providers (all attempts); 0 when no provider was called
 * @param firstChunkNanos streams: arrival to the first chunk sent; -1 otherwise
 * @param errorKind       the kind of error the client was sent ({@code rate_limited}, …), or {@code null}
 * @param prompt          the request body, only when the access log keeps bodies; else {@code null}
 * @param completion      what was sent back, only when the access log keeps bodies; else {@code null}
 * @param modelKnown      the usage record's model is one the route's validated catalog lists, or one its provider
 *                        accepted (a success): only such names become metric labels, since the name is the client's
 */
public record RequestEnd(UsageRecord usage, String requestId, String method, String path, String clientAddress, String userAgent,
                         long durationNanos, long upstreamNanos, long firstChunkNanos, String errorKind,
                         String prompt, String completion, boolean modelKnown) {
}
