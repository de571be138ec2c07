package io.gatehouse.provider.gemini;

import com.fasterxml.jackson.core.JsonParser;
import io.gatehouse.provider.GatewayError;
import io.gatehouse.provider.ProviderJson;
import io.gatehouse.provider.SseStreamTranslator;
import io.gatehouse.provider.StreamEnd;
import io.gatehouse.provider.Usage;

import java.io.IOException;
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
        if (firstByte(data) == '[') {
            // GeminiResponse reads a body wrapped in a one-element array; the client gets the chunk itself.
            data = ProviderJson.write(ProviderJson.read(data).get(0));
        } else {
            requireOneDocument(data);
        }
        out.raw("data: ");
        if (chunk.error) {
            writeUpstreamError(data, data.length);
            out.raw("\n\n");
            stop(StreamEnd.UPSTREAM_ERROR, GeminiErrors.mapStreamError(data));
            return;
        }
        out.dataLines(data, 0, data.length).raw("\n\n");
        Usage usage = chunk.usage();
        if (usage != null) {
            usage(usage);
        }
        finished |= chunk.blockReason != null
                || chunk.candidates.stream().anyMatch(candidate -> candidate.finishReason() != null);
    }

    /**
     * A chunk passed on as it came must be JSON a client reads as the reader did: no repeated member (readers differ
     * on which one counts), nothing unreadable after the object. Otherwise it is unreadable, and the stream ends.
     */
    private static void requireOneDocument(byte[] data) {
        try (JsonParser parser = ProviderJson.CLIENT_BODIES.createParser(data)) {
            while (parser.nextToken() != null) {
                // reading is the check
            }
        } catch (IOException unreadable) {
            throw new IllegalStateException("the chunk is not one well-formed JSON document", unreadable);
        }
    }

    private static byte firstByte(byte[] data) {
        for (byte b : data) {
            if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
                return b;
            }
        }
        return 0;
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
