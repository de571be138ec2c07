package io.gatehouse.provider.anthropic;

import io.gatehouse.provider.SseStreamTranslator;
import io.gatehouse.provider.Usage;

import java.util.Arrays;

/** A translation that reads an Anthropic event stream: each frame parsed into {@link #event}, usage accumulated. */
abstract class AnthropicEventStream extends SseStreamTranslator {
    protected final AnthropicEvent event = new AnthropicEvent();
    private final AnthropicUsage usage = new AnthropicUsage();

    @Override
    public Usage usage() {
        return usage.toUsage();
    }

    @Override
    protected final void onFrame(String eventName, byte[] frame, int length) {
        byte[] data = Arrays.copyOf(frame, length);
        event.read(data, usage);
        onEvent(event.type != null ? event.type : eventName, eventName, data);
    }

    /**
     * @param type      the event's {@code type} (from its data, else its SSE name); may be {@code null}
     * @param eventName the SSE {@code event:} name, or {@code null}
     */
    protected abstract void onEvent(String type, String eventName, byte[] data);
}
