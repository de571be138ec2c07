package io.gatehouse.provider.anthropic;

import io.gatehouse.provider.GatewayError;
import io.gatehouse.provider.StreamEnd;

import java.nio.charset.StandardCharsets;

/**
 * Anthropic upstream → Anthropic client: every event is relayed as it came (its {@code event:} name and data
 * bytes), including {@code event: error} (PITFALLS 27; its strings scrubbed of the credential); usage is read on the
 * way for metering. A stream that ends without {@code message_stop} or {@code error} gets an {@code api_error} event.
 */
public final class AnthropicStreamRelay extends AnthropicEventStream {

    @Override
    protected void onEvent(String type, String eventName, byte[] data) {
        if (eventName != null) {
            out.raw("event: ").raw(eventName.getBytes(StandardCharsets.UTF_8)).raw("\n");
        }
        out.raw("data: ");
        if ("error".equals(type)) {
            writeUpstreamError(data, data.length);
        } else {
            out.dataLines(data, 0, data.length);
        }
        out.raw("\n\n");
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
