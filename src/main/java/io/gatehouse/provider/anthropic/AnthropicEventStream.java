package io.gatehouse.provider.anthropic;

import io.gatehouse.provider.SseStreamTranslator;
import io.gatehouse.provider.Usage;

import java.util.Arrays;

/** A translation that reads an Anthropic event stream: each frame parsed into {@link #event}, usage accumulated. */
abstract class AnthropicEventStream extends SseStreamTranslator {
    protected final AnthropicEvent event = new AnthropicEvent();
    private final AnthropicUsage usage = new AnthropicUsage();
    private boolean started;

    @Override
    public Usage usage() {
        return usage.toUsage();
    }

    @Override
    protected final void onFrame(String eventName, byte[] frame, int length) {
        byte[] data = Arrays.copyOf(frame, length);
        event.read(data, usage);
        String type = event.type != null ? event.type : eventName;
        if (!started) {
            // Anything but a message (or an error) first is not an Anthropic stream: it ends as truncated.
            if (!"message_start".equals(type) && !"error".equals(type) && !"ping".equals(type)) {
                throw new IllegalStateException("the stream did not start with message_start");
            }
            started = "message_start".equals(type);
        }
        onEvent(type, eventName, data);
    }

    /**
     * @param type      the event's {@code type} (from its data, else its SSE name); may be {@code null}
     * @param eventName the SSE {@code event:} name, or {@code null}
     */
    protected abstract void onEvent(String type, String eventName, byte[] data);
}
