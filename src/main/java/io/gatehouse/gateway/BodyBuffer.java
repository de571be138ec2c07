package io.gatehouse.gateway;

import io.vertx.core.buffer.Buffer;

/**
 * Collects a body chunk by chunk up to a limit. Most bodies arrive in one chunk, which is kept as is (no copy); a
 * second chunk starts an owned, growing buffer.
 */
final class BodyBuffer {
    private final int limit;
    private Buffer body;
    private boolean owned;

    BodyBuffer(int limit) {
        this.limit = limit;
    }

    /** Adds a chunk; false (and nothing added) when the body would exceed the limit. */
    boolean add(Buffer chunk) {
        int size = body == null ? 0 : body.length();
        if (size + chunk.length() > limit) {
            return false;
        }
        if (body == null) {
            body = chunk;
        } else {
            if (!owned) {
                owned = true;
                body = Buffer.buffer(Math.max(4096, 2 * size)).appendBuffer(body);
            }
            body.appendBuffer(chunk);
        }
        return true;
    }

    Buffer buffer() {
        return body == null ? Buffer.buffer() : body;
    }
}
