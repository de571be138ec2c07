package io.gatehouse.platform;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A successful Platform API answer: {@code success: true} followed by the fields put in, in order — the
 * flat envelope of the reference API ({@code {"success":true,"aiLlmId":…}}).
 */
public final class Reply {
    /**
     * An answer sent as server-sent events: {@link #run} emits each event's JSON (one {@code data:} frame) while it
     * produces them, on the operation's virtual thread, after the 200 and its headers went out.
     */
    @FunctionalInterface
    public interface EventStream {
        void run(java.util.function.Consumer<Object> emit) throws Exception;
    }

    private final int status;
    private final Map<String, Object> body = new LinkedHashMap<>();
    private EventStream events;

    private Reply(int status) {
        this.status = status;
        body.put("success", true);
    }

    public static Reply ok() {
        return new Reply(200);
    }

    public static Reply ok(String key, Object value) {
        return ok().put(key, value);
    }

    /** A page of a list: the items under {@code key}, then {@code total}, {@code skip} and {@code take}. */
    public static Reply page(String key, List<?> items, long total, Page page) {
        return ok().put(key, items).put("total", total).put("skip", page.skip()).put("take", page.take());
    }

    /** An answer streamed as server-sent events (an extension of the reference API, asked for with {@code stream}). */
    public static Reply events(EventStream stream) {
        Reply reply = new Reply(200);
        reply.events = stream;
        return reply;
    }

    public EventStream events() {
        return events;
    }

    public Reply put(String key, Object value) {
        body.put(key, value);
        return this;
    }

    public int status() {
        return status;
    }

    public Map<String, Object> body() {
        return body;
    }
}
