package io.gatehouse.provider.gemini;

import io.gatehouse.provider.GatewayError;
import io.gatehouse.provider.SseStreamTranslator;
import io.gatehouse.provider.StreamEnd;
import io.gatehouse.provider.Usage;

import java.util.Arrays;

/**
 * Gemini upstream → Gemini client: every chunk is relayed as it came (thought parts and {@code thoughtSignature}s
 * included), its usage read on the way for metering. Gemini has no terminal event: an end after a finish reason is a
 * completed stream, an end before one a cut stream, which gets Gemini's error chunk. An upstream error chunk is passed
 * on (its strings scrubbed of the credential) and ends the stream.
 */
public final class GeminiStreamRelay extends SseStreamTranslator {
    private boolean finished;

    @Override
    protected void onFrame(String event, byte[] frame, int length) {
        byte[] data = Arrays.copyOf(frame, length);
        GeminiResponse chunk = GeminiResponse.read(data);
        out.raw("data: ");
        if (chunk.error) {
            writeUpstreamError(data, length);
            out.raw("\n\n");
            stop(StreamEnd.UPSTREAM_ERROR, GeminiErrors.mapStreamError(data));
            return;
        }
        out.dataLines(data, 0, length).raw("\n\n");
        Usage usage = chunk.usage();
        if (usage != null) {
            usage(usage);
        }
        finished |= chunk.blockReason != null
                || chunk.candidates.stream().anyMatch(candidate -> candidate.finishReason() != null);
    }

    @Override
    protected void onUpstreamEnd() {
        if (finished) {
            complete();
        } else {
            super.onUpstreamEnd();
        }
    }

    @Override
    protected void writeErrorFrame(GatewayError cause) {
        out.raw(cause.googleStreamFrame());
    }
}
