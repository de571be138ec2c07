package io.gatehouse.provider.anthropic;

import io.gatehouse.provider.GatewayError;
import io.gatehouse.provider.SseStreamTranslator;
import io.gatehouse.provider.StreamEnd;
import io.gatehouse.provider.Usage;

import java.nio.charset.StandardCharsets;

/**
 * Anthropic upstream → Anthropic client: every event is relayed as it came (its {@code event:} name and data
 * bytes), including {@code event: error} (PITFALLS 27); usage is read on the way for metering. A stream that ends
 * without {@code message_stop} or {@code error} gets an {@code api_error} event.
 */
public final class AnthropicStreamRelay extends SseStreamTranslator {
    private final AnthropicEvent event = new AnthropicEvent();
    private final AnthropicUsage usage = new AnthropicUsage();

    @Override
    public Usage usage() {
        return usage.toUsage();
    }

    @Override
    protected void onFrame(String eventName, byte[] data) {
        event.read(data, usage);
        if (eventName != null) {
            out.raw("event: ").raw(eventName.getBytes(StandardCharsets.UTF_8)).raw("\n");
        }
        out.raw("data: ").raw(data).raw("\n\n");
        String type = event.type != null ? event.type : eventName;
        if ("message_stop".equals(type)) {
            complete();
        } else if ("error".equals(type)) {
            stop(StreamEnd.UPSTREAM_ERROR, AnthropicErrors.mapStreamError(event));
        }
    }

    @Override
    protected void writeErrorFrame(GatewayError cause) {
        out.raw(cause.anthropicStreamFrame());
    }
}
