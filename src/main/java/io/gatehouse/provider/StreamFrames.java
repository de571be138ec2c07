package io.gatehouse.provider;

/**
 * Cuts an upstream stream body into frames for a {@link SseStreamTranslator}, incrementally: server-sent events
 * ({@link SseParser}) for most providers; Bedrock's binary event stream brings its own decoder.
 */
public interface StreamFrames {

    /** Consumes bytes; delivers each frame completed by them. */
    void feed(byte[] bytes, int offset, int length, SseParser.Listener listener);

    /** The body ended; delivers what a last, unterminated frame holds where the format allows it. */
    void finish(SseParser.Listener listener);
}
