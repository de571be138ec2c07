package io.gatehouse.provider;

import io.gatehouse.crypto.Secret;

/**
 * An incremental stream translation: the gateway feeds upstream body bytes as they arrive and writes what comes back
 * to the client right away; nothing is held longer than one SSE frame. Not thread-safe: one instance per request,
 * used from one event loop.
 *
 * <pre>
 * upstream.handler(buf -&gt; write(t.feed(bytes)));      // write only non-empty results
 * upstream.endHandler(v -&gt; { write(t.finish()); close(); record(t.usage(), t.end(), t.error()); });
 * upstream.exceptionHandler(e -&gt; { write(t.finish()); ... });  // a cut connection is an end without terminal event
 * </pre>
 *
 * Once {@link #end()} is no longer {@link StreamEnd#RUNNING} the client stream is over: further input is ignored
 * and the gateway should close the client response (and may stop reading the upstream once usage is known).
 */
public interface StreamTranslator {

    /** Consumes upstream bytes; returns the bytes to write to the client now (possibly empty, never null). */
    byte[] feed(byte[] bytes, int offset, int length);

    default byte[] feed(byte[] bytes) {
        return feed(bytes, 0, bytes.length);
    }

    /**
     * The upstream body ended (cleanly or not). Returns the last bytes for the client: the terminal frames when the
     * stream needs them at the end (Gemini has no terminal event), or an error frame when the upstream stopped
     * before its terminal event.
     */
    byte[] finish();

    StreamEnd end();

    /** The most complete usage seen so far, in OpenAI's convention; {@code null} if the upstream reported none. */
    Usage usage();

    /** The error the client was sent when the stream ended in error or truncated; otherwise {@code null}. */
    GatewayError error();

    /**
     * From now on, scrubs {@code credential} ({@link Secret#scrub}) from the upstream's error frames before they are
     * passed on, and from {@link #error()}; {@code null} (a keyless server) hides nothing. Returns this translator.
     */
    StreamTranslator scrubbing(Secret credential);
}
