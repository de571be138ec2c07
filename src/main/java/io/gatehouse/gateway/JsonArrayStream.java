package io.gatehouse.gateway;

import io.gatehouse.provider.JsonOut;
import io.gatehouse.provider.SseParser;

/**
 * Gemini's stream without {@code alt=sse}: one JSON array whose elements arrive one by one ({@code [{…},\r\n{…}]}).
 * The gateway streams SSE frames inside (translators, output policies, error frames alike); this turns what goes to
 * the client into array elements, each frame's data one element, and closes the array at the end.
 */
final class JsonArrayStream {
    static final String CONTENT_TYPE = "application/json; charset=utf-8";

    private final SseParser parser = new SseParser();
    private final SseParser.Listener element = this::element;
    private final JsonOut out = new JsonOut(512);
    private boolean opened;

    /** SSE bytes in, array elements out. */
    byte[] elements(byte[] sse) {
        parser.feed(sse, 0, sse.length, element);
        return out.take();
    }

    /** The array's end (an empty array when nothing was sent). */
    byte[] close() {
        parser.finish(element);
        out.raw(opened ? "]" : "[]");
        opened = true;
        return out.take();
    }

    private void element(String event, byte[] data, int length) {
        out.raw(opened ? ",\r\n" : "[").raw(data, 0, length);
        opened = true;
    }
}
